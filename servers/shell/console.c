/* The shell's console: the serial server holding the /chosen stdout-path
 * device, found through init's device table and the name service, and
 * found again when it is restarted under a new pid. */
#include <string.h>

#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc_ctl.h>
#include <mica/scheme.h>
#include <mica/serial.h>
#include <mica/syscall.h>

#include "serial_client.h"
#include "shell.h"

static long console; /* slot of our copy of the server's endpoint, 0 = none */

/* Input read but not yet used: a chunk may hold more than one line. */
static char input[64];
static long input_len, input_pos;

uint64_t console_holder(void)
{
    struct proc_ctl_device d;
    long s;
    for (unsigned i = 0; (s = proc_device_at(i, &d)) >= 0; i++)
        if (s > 0 && d.console)
            return d.holder;
    return 0;
}

static void drop(void)
{
    mica_sys_cap_delete(0, console); /* fails when the server's stop emptied it already */
    ipc_slot_free(console);
    console = 0;
    input_len = input_pos = 0;
}

/* A restart hands the device to a new pid that is starting: wait for it
 * to be ready, then take its endpoint by name. A few rounds, in case it is
 * restarted again meanwhile. */
#define ACQUIRE_ROUNDS 8

int console_acquire(void)
{
    for (unsigned round = 0; !console && round < ACQUIRE_ROUNDS; round++) {
        uint64_t pid = console_holder();
        if (!pid)
            return 0;
        if (proc_wait(pid, 0) != PROC_STATE_RUNNING)
            continue;
        long slot = ipc_slot_alloc();
        if (slot < 0)
            return 0;
        if (ipc_scheme_lookup(SERIAL_SCHEME, sizeof SERIAL_SCHEME - 1, slot) == 0)
            console = slot;
        else
            ipc_slot_free(slot);
    }
    return console != 0;
}

void console_put(const char *s, size_t n)
{
    char buf[256];
    size_t used = 0;
    for (size_t i = 0; console && i <= n; i++) {
        if (i == n || used + 2 > sizeof buf) {
            if (used && serial_write(console, buf, used) < 0) {
                drop();
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

void console_put_str(const char *s)
{
    console_put(s, strlen(s));
}

int console_byte(void)
{
    if (!console)
        return -1;
    if (input_pos == input_len) {
        long n = serial_read(console, input, sizeof input);
        if (n <= 0) {
            drop();
            return -1;
        }
        input_len = n;
        input_pos = 0;
    }
    return (unsigned char)input[input_pos++];
}
