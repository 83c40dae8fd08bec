/* nullblk: the smallest block driver on the block-server framework, and
 * the one docs/drivers.md walks through. Without a size it is a null
 * device (reads return zeros, writes are discarded); with one it is a
 * memory disk of that many bytes. The framework does every message, handle,
 * buffer and ring; the driver only moves bytes, in run. */
#include <stdint.h>

#include <mica/args.h>
#include <mica/blk_client_limits.h>
#include <mica/blk_server.h>
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/rt_string.h>
#include <mica/scheme.h>
#include <mica/server.h>
#include <mica/server_info.h>
#include <mica/server_manifest.h>
#include <mica/server_params.h>

MICA_SERVER_MANIFEST(.name = "nullblk", .version = MICA_VERSION(1, 0, 0), .schemes = { "disk.null" },
                     .stack_bytes = 16384, .priority = 100, .entry = "nullblk_main");

/* Its command line (args="size=16M unit=1 ro"), listed by srvinfo. */
MICA_SERVER_PARAMS(MICA_PARAM("size", SIZE, "0", "memory disk bytes, a multiple of 512 (0: a null device of 1 GiB)"),
                   MICA_PARAM_INT_MAX("unit", "0", 255, "n of the scheme disk.null<n>"),
                   MICA_PARAM("ro", BOOL, "no", "read-only: writes are refused"),
                   BLK_CLIENT_LIMIT_PARAMS);
enum { PARAM_SIZE, PARAM_UNIT, PARAM_RO };

#define NULL_DEVICE_BYTES (1ull << 30)
#define BLOCK_SIZE 512u
#define MAX_TRANSFER (64u * 1024u)

struct nullblk {
    char name[BLK_SERIAL_MAX];
    uint8_t *storage; /* NULL: a null device */
    struct blk_server server;
};

int nullblk_main(uintptr_t arg);

static struct nullblk disk;

/* One request, finished before run returns (a synchronous driver): the
 * framework has checked it against the limits, and data is where its bytes
 * are (the IPC buffer or the client's registered buffer). */
static int run(void *driver, enum blk_opcode op, uint64_t lba, uint32_t length, uint8_t *data)
{
    struct nullblk *n = driver;
    uint8_t *at = n->storage ? n->storage + lba * BLOCK_SIZE : 0;
    if (op == BLK_OP_READ && at)
        memcpy(data, at, length);
    else if (op == BLK_OP_READ)
        memset(data, 0, length);
    else if (op == BLK_OP_WRITE && at)
        memcpy(at, data, length);
    /* A null device's write, and any flush: nothing to keep. */
    return 0;
}

static const struct blk_driver_ops ops = { .run = run };

/* The command line's values, or a line saying what is wrong with it. */
static int read_params(uintptr_t arg, struct mica_param_value *v)
{
    if (mica_server_params_read(arg, v, ipc_log_error) < 0)
        return -1;
    if (v[PARAM_SIZE].number % BLOCK_SIZE) {
        ipc_log_error("size=%s: not a multiple of %u bytes", v[PARAM_SIZE].text, BLOCK_SIZE);
        return -1;
    }
    return 0;
}

static int setup(struct nullblk *n, const struct mica_param_value *v, uint64_t *bytes)
{
    snprintf(n->name, sizeof n->name, "null%u", (unsigned)v[PARAM_UNIT].number);
    *bytes = v[PARAM_SIZE].number ? v[PARAM_SIZE].number : NULL_DEVICE_BYTES;
    if (v[PARAM_SIZE].number) {
        long frame, err;
        /* Fresh frames are zeroed by the kernel: a new disk reads as zeros. */
        n->storage = ipc_frame_map_new((*bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE,
                                       MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
        if (!n->storage)
            return (int)err;
    }
    struct blk_server_config c = {
        .name = n->name,
        .model = "nullblk",
        .limits = { .block_count = *bytes / BLOCK_SIZE, .block_size = BLOCK_SIZE,
                    .max_transfer = MAX_TRANSFER, .read_only = v[PARAM_RO].number != 0 },
        .queue_depth = BLK_SERVER_BATCH,
        .buffer_max_bytes = 16u * 1024u * 1024u,
        .driver = n,
        .ops = &ops,
    };
    int r = blk_server_init(&n->server, &c, MICA_SERVER_SLOT_ENDPOINT, 0);
    return r < 0 ? r : blk_server_bind(&n->server, MICA_SLOT_SELF_THREAD);
}

int nullblk_main(uintptr_t arg)
{
    struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
    uint64_t bytes;
    if (read_params(arg, v) < 0)
        return 1;
    int r = setup(&disk, v, &bytes);
    if (r == -MICA_ENOMEM) {
        ipc_log_error("%s: no memory for %llu KiB: give the server more (quota=)", disk.name,
                      (unsigned long long)(bytes / 1024u));
        return 1;
    }
    if (r < 0) {
        ipc_log_error("cannot start: %s", mica_errno_name(r));
        return 1;
    }
    char scheme[MICA_SCHEME_NAME_MAX];
    snprintf(scheme, sizeof scheme, "disk.%s", disk.name);
    if (ipc_scheme_register_or_say(scheme, ipc_log_error) < 0)
        return 1;
    /* For lsblk; a refusal costs only the listing's columns. */
    long facts = ipc_scheme_block_facts(scheme, bytes, BLOCK_SIZE, v[PARAM_RO].number != 0);
    if (facts < 0)
        ipc_log_warn("%s: init refused the block facts: %s", disk.name, mica_errno_name((int)facts));
    ipc_log_info("%s: %s of %llu KiB%s, serving", disk.name, disk.storage ? "memory disk" : "null device",
                 (unsigned long long)(bytes / 1024u), v[PARAM_RO].number ? ", read-only" : "");
    mica_server_ready();
    r = blk_server_run(&disk.server, (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR);
    ipc_log_error("%s: receive failed: %s", disk.name, mica_errno_name(r));
    return 1;
}
