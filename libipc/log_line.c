/* The one place a console line is laid out: prefix, text, the closing
 * newline, and the marker for text cut at the buffer's end, so no line
 * ever runs into the next one in the log. */
#include "log_line.h"

#include <stdio.h>
#include <string.h>

size_t log_line_format(char *line, size_t size, const char *program, const char *level,
                       const char *fmt, va_list ap)
{
    size_t len = 0;
    int prefix = level ? snprintf(line, size, "%s|%s: ", program, level) : 0;
    int body = 0;
    if (prefix >= 0 && (size_t)prefix < size) {
        len = (size_t)prefix;
        body = vsnprintf(line + len, size - len, fmt, ap);
    }
    /* The whole line, with the newline a logged line may still need, must
     * leave room for the NUL snprintf writes. */
    int fits = prefix >= 0 && (size_t)prefix < size && body >= 0 && len + (size_t)body < size;
    int wants_newline = fits && level && (body == 0 || line[len + (size_t)body - 1] != '\n');
    if (!fits || len + (size_t)body + (size_t)wants_newline >= size) {
        size_t keep = size - sizeof LOG_LINE_CUT_MARK;
        memcpy(line + keep, LOG_LINE_CUT_MARK, sizeof LOG_LINE_CUT_MARK);
        return keep + sizeof LOG_LINE_CUT_MARK - 1;
    }
    len += (size_t)body;
    if (wants_newline) {
        line[len++] = '\n';
        line[len] = 0;
    }
    return len;
}
