/* Names and descriptions of Mica's error codes, generated from MICA_ERRNO_LIST
 * so that adding a code in the header is the only edit needed. */

#include <stddef.h>

#include <mica/abi/errno.h>

struct errno_entry {
    int value;
    const char *name;
    const char *text;
};

static const struct errno_entry errno_table[] = {
#define MICA_ERRNO_ENTRY(name, value, text) { value, #name, text },
    MICA_ERRNO_LIST(MICA_ERRNO_ENTRY)
#undef MICA_ERRNO_ENTRY
};

static const struct errno_entry *find_errno(int code)
{
    long value = code < 0 ? -(long)code : code;

    for (size_t i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++) {
        if (errno_table[i].value == value)
            return &errno_table[i];
    }
    return NULL;
}

const char *mica_errno_name(int code)
{
    const struct errno_entry *entry = find_errno(code);

    return entry ? entry->name : "EUNKNOWN";
}

const char *mica_errno_text(int code)
{
    const struct errno_entry *entry = find_errno(code);

    return entry ? entry->text : "unknown error";
}
