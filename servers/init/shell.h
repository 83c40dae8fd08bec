/* The console shell (boot argument mica.shell=1). A thread of init reads
 * command lines from the console's serial server and writes the answers
 * back; the supervisor thread runs the commands, so the child table has
 * one owner. The two talk over init's supervisor endpoint, the shell's
 * messages badged SHELL_BADGE, through the buffers in struct shell_exchange. */
#ifndef INIT_SHELL_H
#define INIT_SHELL_H
#include <stddef.h>

#include <mica/caps.h>
#include <mica/ipc.h>

#define SHELL_BADGE MICA_BADGE_MAX /* above every pid */
/* A typed line, with its NUL: room for a load with a long args="...". */
#define SHELL_LINE_MAX 256u
#define SHELL_OUT_MAX 4096u
#define SHELL_PROMPT "mica> "

enum shell_request {
    SHELL_GET_CONSOLE = 1, /* reply w0: a slot with a copy of the console's endpoint */
    SHELL_DROP_CONSOLE,    /* w0: that slot, whose server went away */
    SHELL_RUN,             /* run exchange.line; reply when exchange.out holds the answer */
};

/* Owned by the shell thread while it is not in a call to the supervisor,
 * by the supervisor while it serves one. */
struct shell_exchange {
    char line[SHELL_LINE_MAX];
    char out[SHELL_OUT_MAX];
    size_t out_len;
};
extern struct shell_exchange shell_exchange;

/* Supervisor side (shell_serve.c). */
int shell_start(long supervisor_ep);
void shell_request(const struct ipc_msg *m);
/* After every child event: a shell waiting for a console may get one now. */
void shell_console_check(void);

/* Commands (shell_cmds.c), on the supervisor thread. */
void shell_run(const char *line);
void shell_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The thread (shell.c). */
void shell_thread(uintptr_t supervisor_slot);

#endif
