/* A small printf engine. Kept separate from the console so the same code
 * formats into buffers (panic reports, log lines built piecewise). */
#include "lib/format.h"
#include <stdbool.h>
#include <stdint.h>

static void emit_padded(format_sink sink, void *ctx, const char *s, size_t len, int width, bool left, char pad)
{
    int fill = width > (int)len ? width - (int)len : 0;
    if (!left)
        while (fill-- > 0)
            sink(pad, ctx);
    for (size_t i = 0; i < len; i++)
        sink(s[i], ctx);
    if (left)
        while (fill-- > 0)
            sink(' ', ctx);
}

static size_t to_digits(char *out, uint64_t v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

void format_v(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            sink(*fmt, ctx);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = true;
            else
                pad = '0';
        }
        int width = 0;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        int longs = 0;
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        char buf[32];
        size_t n;
        switch (*fmt) {
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            emit_padded(sink, ctx, buf, 1, width, left, ' ');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t len = 0;
            while (s[len])
                len++;
            emit_padded(sink, ctx, s, len, width, left, ' ');
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            n = 0;
            if (v < 0)
                buf[n++] = '-';
            n += to_digits(buf + n, mag, 10, false);
            emit_padded(sink, ctx, buf, n, width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            n = to_digits(buf, v, *fmt == 'u' ? 10 : 16, *fmt == 'X');
            emit_padded(sink, ctx, buf, n, width, left, pad);
            break;
        }
        case 'p': {
            uint64_t v = (uint64_t)(uintptr_t)va_arg(ap, void *);
            buf[0] = '0';
            buf[1] = 'x';
            n = 2 + to_digits(buf + 2, v, 16, false);
            emit_padded(sink, ctx, buf, n, width, left, ' ');
            break;
        }
        case '%':
            sink('%', ctx);
            break;
        case 0:
            return;
        default:
            sink('%', ctx);
            sink(*fmt, ctx);
        }
    }
}

struct buffer_sink {
    char *buf;
    size_t cap, len;
};

static void to_buffer(char ch, void *ctx)
{
    struct buffer_sink *b = ctx;
    if (b->len + 1 < b->cap)
        b->buf[b->len] = ch;
    b->len++;
}

int format_to_buffer(char *buf, size_t cap, const char *fmt, ...)
{
    struct buffer_sink b = { buf, cap, 0 };
    va_list ap;
    va_start(ap, fmt);
    format_v(to_buffer, &b, fmt, ap);
    va_end(ap);
    if (cap)
        buf[b.len < cap ? b.len : cap - 1] = 0;
    return (int)b.len;
}
