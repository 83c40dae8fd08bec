/* Console output through debug_write in the log contract's shape,
 * `component|level: text`, one debug_write per line so lines from different
 * threads and processes never interleave. */
#ifndef MICA_LOG_H
#define MICA_LOG_H

/* The component name in every log line; each program defines it once with
 * MICA_PROGRAM("name"). */
extern const char mica_program_name[];
#define MICA_PROGRAM(name) const char mica_program_name[] = name

/* Bytes of one line with its newline; a longer one is cut and ends in
 * " [line truncated]" and its newline, so it never runs into the next. */
#define MICA_LOG_LINE_MAX 256

/* Raw formatted output (BENCH lines and the like); the text should end in '\n'. */
void ipc_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void ipc_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ipc_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ipc_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ipc_log_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
