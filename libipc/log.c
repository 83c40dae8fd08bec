/* Formatted console lines through debug_write; picolibc's vsnprintf does
 * the formatting into a stack buffer (no stdio FILE, no heap), log_line.c
 * the layout. */
#include <stdarg.h>

#include <mica/log.h>
#include <mica/syscall.h>

#include "log_line.h"

static void write_line(const char *level, const char *fmt, va_list ap)
{
    char line[MICA_LOG_LINE_MAX];
    size_t len = log_line_format(line, sizeof line, mica_program_name, level, fmt, ap);
    mica_sys_debug_write((long)line, (long)len);
}

void ipc_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    write_line(0, fmt, ap);
    va_end(ap);
}

#define LOG_LEVEL_FUNCTION(name)                 \
    void ipc_log_##name(const char *fmt, ...)    \
    {                                            \
        va_list ap;                              \
        va_start(ap, fmt);                       \
        write_line(#name, fmt, ap);              \
        va_end(ap);                              \
    }
LOG_LEVEL_FUNCTION(info)
LOG_LEVEL_FUNCTION(warn)
LOG_LEVEL_FUNCTION(error)
LOG_LEVEL_FUNCTION(result)
