/* Reads the command-line page after checking that it is there: the frame
 * in MICA_CHILD_SLOT_ARGS says the builder mapped it; magic and length are
 * checked before the text is trusted. */
#include <string.h>

#include <mica/args.h>
#include <mica/cap.h>

const char *mica_args(void)
{
    struct ipc_cap_id id = ipc_cap_identify(MICA_CHILD_SLOT_ARGS);
    if (id.type != MICA_CAP_FRAME)
        return 0;
    const struct mica_args_page *page = (const struct mica_args_page *)(uintptr_t)MICA_ARGS_VADDR;
    if (page->magic != MICA_ARGS_MAGIC || page->length >= MICA_ARGS_MAX ||
        strnlen(page->text, MICA_ARGS_MAX) != page->length)
        return 0;
    return page->text;
}

unsigned mica_args_priority(unsigned otherwise)
{
    if (!mica_args())
        return otherwise;
    return ((const struct mica_args_page *)(uintptr_t)MICA_ARGS_VADDR)->priority;
}
