/* ipcbench: the null IPC round trip between two address spaces. The client
 * times each ipc_call (to a server that answers with ipc_reply_recv) with
 * rdcycle, which counts instructions under QEMU -icount shift=0. */
#include <stdint.h>
#include <stdlib.h>

#include <mica/bootinfo.h>
#include <mica/errno.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>

#include "spawn.h"

MICA_PROGRAM("ipcbench");

#define WARMUP_ROUNDS 1000u
#define MEASURED_ROUNDS 10000u
#define SERVER_ARG 1u
#define BENCH_PRIORITY 100u
#define SERVER_QUOTA (512u * 1024u)
#define NULL_MSG MICA_MSGINFO(0, 0, 0)

static uint64_t samples[MEASURED_ROUNDS];

__attribute__((noreturn)) static void serve(long ep)
{
    ipc_recv(ep);
    for (;;)
        ipc_reply_recv(ep, NULL_MSG, 0, 0, 0, 0);
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int start_server(long ep, struct process *server)
{
    struct mica_sysret2 initrd = ipc_frame_info(MICA_SLOT_INITRD_FRAME);
    const uint8_t *image;
    size_t size;
    if (initrd.value < 0 || initrd_find((uint64_t)initrd.value, mica_program_name, &image, &size) < 0)
        return -MICA_ENOENT;
    long supervisor = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    if (supervisor < 0)
        return (int)supervisor;
    struct spawn_request req = {
        .name = "ipcbench-server",
        .image = image,
        .image_size = size,
        .quota_bytes = SERVER_QUOTA,
        .priority = BENCH_PRIORITY,
        .supervisor_ep = supervisor,
        .badge = 1,
        .arg = SERVER_ARG,
        .grant_count = 1,
        .grants = { ep },
    };
    const char *why = "";
    int r = spawn_process(&req, server, &why);
    if (r < 0)
        ipc_log_error("cannot start the server: %s", why);
    return r;
}

int mica_main(uintptr_t arg)
{
    if (arg == SERVER_ARG)
        serve(MICA_CHILD_SLOT_FIRST_GRANT);

    long ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    struct process server;
    if (ep < 0 || start_server(ep, &server) < 0) {
        ipc_log_result("FAIL setup");
        return 1;
    }
    for (unsigned i = 0; i < WARMUP_ROUNDS; i++)
        ipc_call(ep, NULL_MSG, 0, 0, 0, 0);
    for (unsigned i = 0; i < MEASURED_ROUNDS; i++) {
        uint64_t start = arch_rdcycle();
        struct ipc_msg m = ipc_call(ep, NULL_MSG, 0, 0, 0, 0);
        samples[i] = arch_rdcycle() - start;
        if (m.badge < 0) {
            ipc_log_result("FAIL call %u: %s", i, mica_errno_name((int)m.badge));
            return 1;
        }
    }
    qsort(samples, MEASURED_ROUNDS, sizeof samples[0], by_value);
    ipc_print("BENCH name=ipc.call_rt unit=instr n=%u min=%llu median=%llu p99=%llu max=%llu\n",
              MEASURED_ROUNDS, (unsigned long long)samples[0],
              (unsigned long long)samples[MEASURED_ROUNDS / 2],
              (unsigned long long)samples[MEASURED_ROUNDS * 99 / 100],
              (unsigned long long)samples[MEASURED_ROUNDS - 1]);
    process_destroy(&server);
    ipc_log_result("PASS %u round trips", MEASURED_ROUNDS);
    return 0;
}
