/* printf-style formatting into a character sink, for the kernel console.
 * Supports %c %s %d %i %u %x %X %p %% with l/ll/z length, width, 0 and - flags. */
#pragma once
#include <stdarg.h>
#include <stddef.h>

typedef void (*format_sink)(char ch, void *ctx);
void format_v(format_sink sink, void *ctx, const char *fmt, va_list ap);
int format_to_buffer(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
