/* libFuzzer target for the loader: every input is tried as a server image
 * (decode, bind against the test runtime, place, link) and as a runtime
 * image. Any crash, sanitizer report or multi-line refusal is a finding;
 * findings go to tests/loader/fuzz-regressions/ (see docs/servers.md). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/loader.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Linking touches every byte of the destination; images asking for more
 * memory than this are decoded, bound and placed, but not linked. */
#define FUZZ_MAX_LINK_BYTES (8u << 20)

static struct loader_runtime runtime;

static void check_one_line(const struct loader_error *err)
{
    size_t n = strnlen(err->text, sizeof err->text);
    if (n == 0 || n == sizeof err->text || strchr(err->text, '\n') != NULL)
        __builtin_trap();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("MICA_FUZZ_RUNTIME");
    FILE *f = fopen(path != NULL ? path : "build/runtime/testrt.elf", "rb");
    if (f == NULL) {
        fprintf(stderr, "fuzz|error: cannot open the runtime (set MICA_FUZZ_RUNTIME)\n");
        exit(2);
    }
    static uint8_t elf[1 << 20];
    size_t size = fread(elf, 1, sizeof elf, f);
    fclose(f);
    struct loader_error err;
    if (!loader_decode_runtime(&runtime, elf, size, &err)) {
        fprintf(stderr, "fuzz|error: runtime refused: %s\n", err.text);
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct loader_error err;
    struct loader_runtime as_runtime;
    if (!loader_decode_runtime(&as_runtime, data, size, &err))
        check_one_line(&err);

    size_t scratch_size = LOADER_SCRATCH_BOUND(size);
    void *scratch = malloc(scratch_size);
    struct loader_image img;
    if (!loader_decode_image(&img, data, size, scratch, scratch_size, &err) ||
        !loader_bind(&img, &runtime, &err) || !loader_place(&img, MICA_SERVER_BASE, &err)) {
        check_one_line(&err);
    } else if (img.layout.total_size <= FUZZ_MAX_LINK_BYTES) {
        uint8_t *dest = malloc(img.layout.total_size);
        if (!loader_link(&img, dest, img.layout.total_size, &err))
            check_one_line(&err);
        free(dest);
    }
    free(scratch);
    return 0;
}
