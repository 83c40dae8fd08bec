/* The initrd files whose signature was verified (checked_files.h). */
#include "checked_files.h"

struct checked_file {
    const uint8_t *data;
    size_t size;
    size_t payload;
};

static struct checked_file checked[CHECKED_FILES_MAX];
static unsigned checked_count;

bool checked_file_seen(const uint8_t *data, size_t size, size_t *payload)
{
    for (unsigned i = 0; i < checked_count; i++)
        if (checked[i].data == data && checked[i].size == size) {
            *payload = checked[i].payload;
            return true;
        }
    return false;
}

void checked_file_note(const uint8_t *data, size_t size, size_t payload)
{
    size_t known;
    if (checked_count < CHECKED_FILES_MAX && !checked_file_seen(data, size, &known))
        checked[checked_count++] = (struct checked_file){ data, size, payload };
}
