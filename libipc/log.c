/* Formatted console lines through debug_write; picolibc's vsnprintf does
 * the formatting into a stack buffer (no stdio FILE, no heap). */
#include <stdarg.h>
#include <stdio.h>

#include <mica/log.h>
#include <mica/syscall.h>

static void write_line(const char *level, const char *fmt, va_list ap)
{
    char line[MICA_LOG_LINE_MAX];
    int len = 0;
    if (level)
        len = snprintf(line, sizeof line, "%s|%s: ", mica_program_name, level);
    int body = vsnprintf(line + len, sizeof line - (size_t)len, fmt, ap);
    if (body > 0)
        len += body;
    if (len > (int)sizeof line - 1)
        len = (int)sizeof line - 1; /* truncated by vsnprintf */
    if (level && len < (int)sizeof line - 1 && (len == 0 || line[len - 1] != '\n'))
        line[len++] = '\n';
    mica_sys_debug_write((long)line, len);
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
