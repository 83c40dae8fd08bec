/* One-line refusal messages. A tiny formatter of its own keeps the loader free
 * of any C library on the target; it truncates rather than overflows and
 * replaces control characters from the image so the message stays one line. */

#include "loader_internal.h"

struct line {
    char *text;
    size_t used;
};

static void put_char(struct line *line, char c)
{
    if (line->used + 1 < LOADER_ERROR_MAX) {
        /* Names come from the untrusted image: never let one break the line. */
        if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
            c = '?';
        line->text[line->used++] = c;
    }
}

static void put_string(struct line *line, const char *s)
{
    if (s == NULL)
        s = "(null)";
    while (*s != '\0')
        put_char(line, *s++);
}

static void put_unsigned(struct line *line, uint64_t v, unsigned base, unsigned min_digits)
{
    char digits[24];
    unsigned n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0);
    while (n < min_digits && n < sizeof digits)
        digits[n++] = '0';
    while (n > 0)
        put_char(line, digits[--n]);
}

bool loader_fail(struct loader_error *err, const char *fmt, ...)
{
    struct line line = { err->text, 0 };
    va_list ap;
    va_start(ap, fmt);
    while (*fmt != '\0') {
        if (*fmt != '%') {
            put_char(&line, *fmt++);
            continue;
        }
        fmt++;
        unsigned width = 0;
        if (*fmt == '0') {
            fmt++;
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (unsigned)(*fmt++ - '0');
        }
        bool is_long = false;
        if (*fmt == 'l') {
            is_long = true;
            fmt++;
        }
        switch (*fmt) {
        case 's':
            put_string(&line, va_arg(ap, const char *));
            break;
        case 'u':
            put_unsigned(&line, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10,
                         width);
            break;
        case 'x':
            put_unsigned(&line, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16,
                         width);
            break;
        case 'd': {
            long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            if (v < 0) {
                put_char(&line, '-');
                put_unsigned(&line, 0 - (unsigned long)v, 10, width);
            } else {
                put_unsigned(&line, (unsigned long)v, 10, width);
            }
            break;
        }
        default:
            put_char(&line, '%');
            if (*fmt == '\0')
                goto done;
            put_char(&line, *fmt);
            break;
        }
        fmt++;
    }
done:
    va_end(ap);
    err->text[line.used] = '\0';
    return false;
}
