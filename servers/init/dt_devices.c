/* Boot-info devices as init uses them, and compatible-list matching. The
 * kernel copied each node's list, layout and console flag from the device
 * tree into the boot info; every list here is read within its size. */
#include "dt_devices.h"

#include <string.h>

const char *dt_compatible_next(const char *list, size_t size, const char *s)
{
    size_t pos = s ? (size_t)(s - list) + strnlen(s, size - (size_t)(s - list)) + 1 : 0;
    if (pos >= size || list[pos] == 0)
        return 0;
    /* A string that runs to the end of the field is not a whole string. */
    return strnlen(list + pos, size - pos) < size - pos ? list + pos : 0;
}

const char *dt_compatible_match(const char *want, size_t want_size, const char *have,
                                size_t have_size)
{
    for (const char *w = dt_compatible_next(want, want_size, 0); w;
         w = dt_compatible_next(want, want_size, w))
        for (const char *h = dt_compatible_next(have, have_size, 0); h;
             h = dt_compatible_next(have, have_size, h))
            if (strcmp(w, h) == 0)
                return w;
    return 0;
}

void dt_describe(const struct mica_device_desc *desc, struct dt_device *out)
{
    memset(out, 0, sizeof *out);
    size_t used = 0;
    for (const char *c = dt_compatible_next(desc->compatible, sizeof desc->compatible, 0); c;
         c = dt_compatible_next(desc->compatible, sizeof desc->compatible, c)) {
        size_t len = strlen(c) + 1;
        if (used + len >= sizeof out->compatible)
            break;
        memcpy(out->compatible + used, c, len);
        used += len;
    }
    out->reg_shift = desc->reg_shift;
    out->reg_io_width = desc->reg_io_width;
    out->console = (desc->flags & MICA_DEVICE_CONSOLE) != 0;
}
