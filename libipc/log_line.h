/* How one console line is put together (log.c sends it): the contract's
 * `component|level: ` prefix, the text, and a newline that is always there,
 * with a marker when the text had to be cut. Pure, so the host tests it. */
#ifndef LIBIPC_LOG_LINE_H
#define LIBIPC_LOG_LINE_H
#include <stdarg.h>
#include <stddef.h>

/* Ends every line that did not fit; part of what a reader of the log sees. */
#define LOG_LINE_CUT_MARK " [line truncated]\n"

/* Formats into line (size >= sizeof LOG_LINE_CUT_MARK): "<program>|<level>: "
 * and fmt's text when level is set, fmt's text alone when it is NULL. A
 * logged line always ends in exactly one newline it was given or one added;
 * raw text keeps its own endings. Text that does not fit is cut and ends in
 * LOG_LINE_CUT_MARK, raw text too. Returns the length (no NUL counted). */
size_t log_line_format(char *line, size_t size, const char *program, const char *level,
                       const char *fmt, va_list ap);

#endif
