/* The line editor: echo (the terminal is raw: Enter may send CR, LF or
 * both; backspace and DEL erase a character; escape sequences such as the
 * arrow keys are ignored) and a refusal of lines the shell does not take.
 * What runs is what the screen shows: a TAB is taken as a blank, UTF-8
 * goes in as typed, a control character is shown as ^X and refuses the
 * line at Enter; a byte past the longest line is neither taken nor shown
 * (the bell rings for it) and refuses the line, until a backspace edits
 * what the screen shows. */
#include <stdio.h>

#include "shell.h"

static int is_control(unsigned char c)
{
    return c < ' ';
}

/* A UTF-8 byte after a character's first. */
static int is_continuation(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

static void echo(unsigned char c)
{
    char text[2] = { '^', (char)(c + '@') };
    if (is_control(c))
        console_put(text, 2);
    else
        console_put((const char *)&c, 1);
}

/* Takes the last character off the line and the screen: a control
 * character's two columns, a UTF-8 character's bytes (one column). */
static size_t erase_last(const char *line, size_t len)
{
    unsigned char c = (unsigned char)line[--len];
    if (is_control(c)) {
        console_put_str("\b\b  \b\b");
        return len;
    }
    if (is_continuation(c)) {
        while (len > 0 && is_continuation((unsigned char)line[len - 1]))
            len--;
        if (len > 0 && (unsigned char)line[len - 1] >= 0xc0)
            len--;
    }
    console_put_str("\b \b");
    return len;
}

/* The line as typed, or 0 with the reason printed. A cut line could still
 * parse and do something else; a control character is nothing a command
 * takes, and dropping it would run another line than the one typed. */
static int line_taken(const char *line, size_t len, int too_long)
{
    if (too_long) {
        char why[64];
        snprintf(why, sizeof why, "line too long (at most %u characters): not run\n",
                 SHELL_LINE_MAX - 1);
        console_put_str(why);
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        if (is_control((unsigned char)line[i])) {
            char why[64];
            snprintf(why, sizeof why, "control character ^%c in the line: not run\n",
                     line[i] + '@');
            console_put_str(why);
            return 0;
        }
    }
    return 1;
}

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
            line[line_taken(line, len, too_long) ? len : 0] = 0;
            return 1;
        }
        if (ch == '\b' || ch == 0x7f) {
            /* The excess was never shown: the line is now what is. */
            too_long = 0;
            if (len > 0)
                len = erase_last(line, len);
            continue;
        }
        if (ch == '\t')
            ch = ' ';
        if (len + 1 < SHELL_LINE_MAX) {
            line[len++] = (char)ch;
            echo((unsigned char)ch);
        } else {
            too_long = 1;
            console_put_str("\a");
        }
    }
}
