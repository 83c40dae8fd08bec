/* The line editor: echo (the terminal is raw: Enter may send CR, LF or
 * both; backspace and DEL erase; escape sequences such as the arrow keys
 * are ignored) and a refusal of lines longer than the shell takes. */
#include <stdio.h>

#include "shell.h"

int shell_read_line(char *line)
{
    static int after_cr;
    size_t len = 0;
    int too_long = 0;
    /* Terminal escape sequences (arrow keys send ESC [ A) are skipped
     * whole: ESC, then for ESC [ everything up to the final byte. */
    enum { TEXT, ESCAPE, CSI } mode = TEXT;
    for (;;) {
        int ch = console_byte();
        if (ch < 0)
            return 0;
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
            console_put_str("\n");
            /* A cut line could still parse and do something else: none runs. */
            if (too_long) {
                char why[64];
                snprintf(why, sizeof why, "line too long (at most %u characters): not run\n",
                         SHELL_LINE_MAX - 1);
                console_put_str(why);
            }
            line[too_long ? 0 : len] = 0;
            return 1;
        }
        if ((ch == '\b' || ch == 0x7f) && len > 0) {
            len--;
            console_put_str("\b \b");
        } else if (ch >= ' ' && ch < 0x7f && len + 1 < SHELL_LINE_MAX) {
            char c = (char)ch;
            line[len++] = c;
            console_put(&c, 1);
        } else if (ch >= ' ' && ch < 0x7f) {
            too_long = 1;
        }
    }
}
