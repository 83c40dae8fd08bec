/* The host tools are built with AddressSanitizer like the tests. They exit
 * without freeing what the process is about to drop anyway, so leak reports
 * would be noise that turns a clean refusal (exit 1) into a sanitizer exit. */

const char *__asan_default_options(void);

const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}
