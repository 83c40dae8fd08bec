/* The shell's loop: a prompt, a line, its answer; the console found again
 * whenever its server goes away. */
#include <stdint.h>

#include <mica/abi/caps.h>
#include <mica/cap.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "shell.h"

MICA_PROGRAM("shell");

int mica_main(uintptr_t arg)
{
    (void)arg;
    /* Finding the console and every command are requests to init on the
     * process-control endpoint. Without it each would fail as if nothing
     * were there ("no console server"): name the grant that is missing. */
    if (ipc_cap_identify(MICA_CHILD_SLOT_CONTROL).type != MICA_CAP_ENDPOINT) {
        ipc_log_error("no process-control endpoint: its init.conf line needs `control` "
                      "(shell control prio=120 restart=on-fault)");
        return 1;
    }
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
