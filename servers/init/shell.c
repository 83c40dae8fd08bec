/* The shell thread: a prompt, a line editor with echo (the terminal is raw:
 * Enter may send CR, LF or both; backspace and DEL erase; escape sequences
 * such as the arrow keys are ignored), and the answer
 * to each line. It owns no state of init's; it only makes IPC calls. */
#include "shell.h"

#include <stdio.h>
#include <string.h>

#include <mica/errno.h>
#include <mica/ipc.h>
#include <mica/syscall.h>

#include "serial_client.h"

static long supervisor;
static long console; /* slot of our copy of the console's endpoint, 0 = none */

static void drop_console(void)
{
    ipc_call(supervisor, MICA_MSGINFO(SHELL_DROP_CONSOLE, 1, 0), (uint64_t)console, 0, 0, 0);
    console = 0;
}

/* To the console with LF as CR LF (the terminal is raw); to the kernel's
 * console, which adds the CR itself, once the server is gone. */
static void put(const char *s, size_t n)
{
    char buf[256];
    size_t used = 0;
    for (size_t i = 0; console && i <= n; i++) {
        if (i == n || used + 2 > sizeof buf) {
            if (used && serial_write(console, buf, used) < 0) {
                drop_console();
                break; /* what is left goes the other way; a partial line may repeat */
            }
            used = 0;
        }
        if (i == n)
            return;
        if (s[i] == '\n')
            buf[used++] = '\r';
        buf[used++] = s[i];
    }
    mica_sys_debug_write((long)s, (long)n);
}

static void put_str(const char *s)
{
    put(s, strlen(s));
}

/* Input read but not yet used: a chunk may hold more than one line. */
static char input[64];
static long input_len, input_pos;

/* The next typed byte; -1 when the console went away. */
static int next_byte(void)
{
    if (input_pos == input_len) {
        long n = serial_read(console, input, sizeof input);
        if (n <= 0)
            return -1;
        input_len = n;
        input_pos = 0;
    }
    return (unsigned char)input[input_pos++];
}

/* Reads one line into shell_exchange.line; false when the console went away. */
static int read_line(void)
{
    static int after_cr;
    size_t len = 0;
    int too_long = 0;
    /* Terminal escape sequences (arrow keys send ESC [ A) are skipped
     * whole: ESC, then for ESC [ everything up to the final byte. */
    enum { TEXT, ESCAPE, CSI } mode = TEXT;
    for (;;) {
        int ch = next_byte();
        if (ch < 0) {
            input_len = input_pos = 0;
            return 0;
        }
        if (mode == ESCAPE) {
            mode = ch == '[' ? CSI : TEXT;
            continue;
        }
        if (mode == CSI) {
            if (ch >= 0x40 && ch <= 0x7e)
                mode = TEXT;
            continue;
        }
        if (ch == 0x1b) {
            mode = ESCAPE;
            continue;
        }
        if (ch == '\n' && after_cr) {
            after_cr = 0;
            continue;
        }
        after_cr = ch == '\r';
        if (ch == '\r' || ch == '\n') {
            put_str("\n");
            /* A cut line could still parse and do something else: none runs. */
            if (too_long) {
                char why[64];
                snprintf(why, sizeof why, "line too long (at most %u characters): not run\n",
                         SHELL_LINE_MAX - 1);
                put_str(why);
            }
            shell_exchange.line[too_long ? 0 : len] = 0;
            return 1;
        }
        if ((ch == '\b' || ch == 0x7f) && len > 0) {
            len--;
            put_str("\b \b");
        } else if (ch >= ' ' && ch < 0x7f && len + 1 < SHELL_LINE_MAX) {
            char c = (char)ch;
            shell_exchange.line[len++] = c;
            put(&c, 1);
        } else if (ch >= ' ' && ch < 0x7f) {
            too_long = 1;
        }
    }
}

void shell_thread(uintptr_t supervisor_slot)
{
    supervisor = (long)supervisor_slot;
    for (;;) {
        if (!console) {
            struct ipc_msg r = ipc_call(supervisor, MICA_MSGINFO(SHELL_GET_CONSOLE, 0, 0), 0, 0, 0, 0);
            if (r.badge < 0 || (long)r.w[0] <= 0)
                return;
            console = (long)r.w[0];
        }
        put_str(SHELL_PROMPT);
        if (!read_line()) {
            drop_console();
            continue;
        }
        ipc_call(supervisor, MICA_MSGINFO(SHELL_RUN, 0, 0), 0, 0, 0, 0);
        put(shell_exchange.out, shell_exchange.out_len);
    }
}
