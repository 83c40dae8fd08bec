/* The shell's loop: a prompt, a line, its answer; the console found again
 * whenever its server goes away. */
#include <stdint.h>

#include <mica/log.h>
#include <mica/runtime.h>

#include "shell.h"

MICA_PROGRAM("shell");

int mica_main(uintptr_t arg)
{
    (void)arg;
    for (;;) {
        if (!console_acquire()) {
            ipc_log_error("no console server to read from");
            return 1;
        }
        console_put_str(SHELL_PROMPT);
        char line[SHELL_LINE_MAX];
        if (shell_read_line(line))
            shell_run(line);
    }
}
