/* Looks up one numbered command line in the text of /etc/blkbench.cmds;
 * lines that do not start with a number are skipped, so the file can carry
 * comments and blank lines anywhere. */
#include "blkbench_cmds.h"

#include <stdbool.h>
#include <string.h>

#include <mica/errno.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The entry's number at [s, end), advancing *s past it; false if none. */
static bool leading_number(const char **s, const char *end, uint64_t *out)
{
    const char *p = *s;
    uint64_t v = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
        p++;
    }
    if (p == *s || (p < end && !blank(*p)))
        return false;
    *s = p;
    *out = v;
    return true;
}

int blkbench_cmd_find(const char *text, size_t size, uint64_t index, char *out, size_t out_size)
{
    const char *end = text + size;
    for (const char *line = text; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *line_end = nl ? nl : end;
        const char *hash = memchr(line, '#', (size_t)(line_end - line));
        const char *stop = hash ? hash : line_end;
        const char *p = line;
        while (p < stop && blank(*p))
            p++;
        uint64_t n;
        if (leading_number(&p, stop, &n) && n == index) {
            while (p < stop && blank(*p))
                p++;
            while (stop > p && blank(stop[-1]))
                stop--;
            size_t len = (size_t)(stop - p);
            if (len + 1 > out_size)
                return -MICA_E2BIG;
            memcpy(out, p, len);
            out[len] = '\0';
            return 0;
        }
        line = nl ? nl + 1 : end;
    }
    return -MICA_ENOENT;
}
