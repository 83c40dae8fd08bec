/* The process-control protocol: what a program init.conf marks `control`
 * (the console shell, the reload bench) may ask init about the programs it
 * runs: list them, load, stop, restart, wait for one, power off, and read
 * init's tables (registered schemes, devices, loadable images). init checks
 * every request in one place (servers/init/control_decode.c); the proc_
 * helpers below are the client side (libipc/proc_ctl.c). */
#ifndef MICA_PROC_CTL_H
#define MICA_PROC_CTL_H
#include <stddef.h>
#include <stdint.h>

#include <mica/abi/ipc_abi.h>

/* Requests, on MICA_CHILD_SLOT_CONTROL; every reply's w0 is a status: >= 0
 * success, else a negative -MICA_E* code, and nothing else is meaningful.
 * The listings go by index: status 1 and a record from word 1, 0 for an
 * unused entry of the table (go on), -ENOENT past its end. */
enum proc_ctl_label {
    PROC_CTL_PROGRAM = 0x9c701, /* w0 index -> struct proc_ctl_program */
    PROC_CTL_SCHEME,            /* w0 index -> struct proc_ctl_scheme */
    PROC_CTL_DEVICE,            /* w0 index -> struct proc_ctl_device */
    PROC_CTL_IMAGE,             /* w0 index -> struct proc_ctl_image */
    PROC_CTL_LOAD,              /* w0 length, the line from word 1 -> pid and a struct
                                 * proc_ctl_loaded; -EINVAL with a reason from word 1
                                 * (malformed line), -EIO (refused or failed: init logs why) */
    PROC_CTL_STOP,              /* w0 pid -> 0; -ESRCH (no such pid), -EINVAL (not running) */
    PROC_CTL_RESTART,           /* w0 pid -> the new pid and a struct proc_ctl_loaded
                                 * (as LOAD's); -ESRCH, -EIO as for LOAD.
                                 * A live update: w1 the length of a server image's path,
                                 * the path from word 2: that image replaces the running
                                 * server (same options, names and held memory); -EINVAL
                                 * (not running), -EIO (refused: the old one runs on) */
    PROC_CTL_WAIT,              /* w0 pid -> its state once it is not starting, w1 exit
                                 * status; -ESRCH, -EBUSY (too many waiting) */
    PROC_CTL_POWEROFF,          /* w0 status (0..255): no reply, the machine goes off */
    PROC_CTL_MEMORY,            /* -> 0, w1 init's quota bytes left, w2 free pages,
                                 * w3 kernel objects, w4 init's free capability slots */
    PROC_CTL_CRASH,             /* w0 pid, w1 point (enum proc_ctl_fault_point), w2 count:
                                 * the server faults the w2-th time it passes that point
                                 * (w2 = 0 with point NOW: init kills it at once as a
                                 * fault) -> 0; -ESRCH, -EINVAL (bad point, not a server
                                 * that has that point) */
};

/* Where PROC_CTL_CRASH makes a block server fault (docs/recovery.md). The
 * fault is a real one: the server takes a trap, init sees it FAULTED and
 * its restart policy applies. */
enum proc_ctl_fault_point {
    PROC_FAULT_NOW = 0,   /* count 0: init kills it now; else it faults on taking the order */
    PROC_FAULT_DECODE,    /* as a request (message or ring entry) is decoded */
    PROC_FAULT_DMA,       /* a request started on the device, not yet completed */
    PROC_FAULT_IRQ,       /* taking the device's interrupt (drivers with one) */
    PROC_FAULT_RING_BATCH, /* mid-batch: some of a ring batch run, none published */
    PROC_FAULT_HANG,      /* loops forever at the next request (heartbeat= finds it) */
    PROC_FAULT_RANDOM,    /* w2 a seed: init picks one of the server's points and a count */
    PROC_FAULT_POINTS
};

/* The points' names ("decode", "ring-batch": the shell's words, log lines);
 * NULL past the last. Inline: block servers name them too. */
static inline const char *proc_fault_point_name(unsigned point)
{
    static const char *const names[PROC_FAULT_POINTS] = {
        [PROC_FAULT_NOW] = "now",   [PROC_FAULT_DECODE] = "decode",
        [PROC_FAULT_DMA] = "dma",   [PROC_FAULT_IRQ] = "irq",
        [PROC_FAULT_RING_BATCH] = "ring-batch", [PROC_FAULT_HANG] = "hang",
        [PROC_FAULT_RANDOM] = "random",
    };
    return point < PROC_FAULT_POINTS ? names[point] : 0;
}

/* A program's state as init keeps it. */
enum proc_ctl_state {
    PROC_STATE_STARTING = 1, /* a server that has not said it is ready */
    PROC_STATE_RUNNING,
    PROC_STATE_EXITED,
    PROC_STATE_FAULTED,
    PROC_STATE_STOPPED,
};

/* Text fields arrive NUL-padded; the helpers terminate them again, so a
 * record never holds an unterminated string. */
#define PROC_CTL_NAME_MAX 32u
#define PROC_CTL_LINE_MAX 256u   /* a LOAD line with its NUL */
#define PROC_CTL_REASON_MAX 96u  /* a LOAD refusal's text with its NUL */

struct proc_ctl_program {
    uint64_t pid;
    uint64_t memory_bytes; /* of its quota in use; 0 when not alive */
    uint32_t state;        /* enum proc_ctl_state */
    uint32_t restarts;
    uint32_t version;      /* MICA_VERSION(...) of a server image, 0 for a static program */
    int32_t exit_status;   /* when EXITED */
    char name[PROC_CTL_NAME_MAX];
};

struct proc_ctl_scheme {
    uint64_t pid;          /* the server that registered it */
    uint64_t size_bytes;   /* block facts, when facts_known */
    uint32_t block_size;
    uint8_t facts_known, read_only, pad[2];
    char name[PROC_CTL_NAME_MAX];
};

#define PROC_CTL_COMPATIBLE_MAX 48u
#define PROC_CTL_FEATURES_MAX 96u
struct proc_ctl_device {
    uint64_t phys;
    uint64_t holder;       /* pid of the server holding it, 0 = free */
    uint32_t irq;
    uint32_t virtio_id;    /* 0: not virtio-mmio, or an empty slot */
    uint32_t console;      /* the /chosen stdout-path device */
    uint32_t pad;
    char compatible[PROC_CTL_COMPATIBLE_MAX]; /* its first compatible string */
    char features[PROC_CTL_FEATURES_MAX];     /* what its driver reported, "" if nothing */
};

/* What a LOAD or RESTART started: the name is the manifest's for a server image,
 * the version its manifest's (0 for a static program), the source where
 * init read it (an initrd path or "scheme:path"). */
#define PROC_CTL_SOURCE_MAX 64u
struct proc_ctl_loaded {
    uint64_t pid;
    uint64_t load_instr;   /* rdcycle units init spent checking, linking and building it */
    char name[PROC_CTL_NAME_MAX];
    uint32_t version;
    uint32_t pad;
    char source[PROC_CTL_SOURCE_MAX];
};

#define PROC_CTL_IMAGE_NAME_MAX 64u
struct proc_ctl_image {
    uint64_t size;
    uint32_t server;       /* srv/<name>.srv, not a static program */
    uint32_t pad;
    char name[PROC_CTL_IMAGE_NAME_MAX];
};

#define PROC_CTL_WORDS(type) ((sizeof(type) + 7u) / 8u)
/* Every record fits one message after the status word. */
_Static_assert(PROC_CTL_REASON_MAX % 8u == 0, "reason is whole words");
_Static_assert(1u + PROC_CTL_WORDS(struct proc_ctl_device) <= MICA_MSG_MAX_WORDS, "device");
_Static_assert(1u + PROC_CTL_LINE_MAX / 8u <= MICA_MSG_MAX_WORDS, "load line");

/* Client helpers (libipc/proc_ctl.c): the status, or the kernel's error
 * for the call (-EBADF when the program holds no control capability). */
long proc_program_at(unsigned index, struct proc_ctl_program *out);
long proc_scheme_at(unsigned index, struct proc_ctl_scheme *out);
long proc_device_at(unsigned index, struct proc_ctl_device *out);
long proc_image_at(unsigned index, struct proc_ctl_image *out);
/* line: init.conf's syntax (`<program> [options]`). The pid, and *out
 * filled (may be 0); on -EINVAL, reason (PROC_CTL_REASON_MAX bytes, may be
 * 0) says what is wrong. */
long proc_load(const char *line, struct proc_ctl_loaded *out, char *reason);
long proc_stop(uint64_t pid);
/* The new pid, and *out filled (may be 0) as by proc_load. */
long proc_restart(uint64_t pid, struct proc_ctl_loaded *out);
/* A live update: image (an initrd path or "scheme:path") replaces the
 * running server pid; the new pid and *out (may be 0). */
long proc_update(uint64_t pid, const char *image, struct proc_ctl_loaded *out);
/* Arms a fault point in server pid (PROC_CTL_CRASH). */
long proc_crash(uint64_t pid, enum proc_ctl_fault_point point, uint64_t count);
/* *exit_status may be 0. */
long proc_wait(uint64_t pid, int *exit_status);
/* Returns only if init refused. */
long proc_poweroff(int status);
struct proc_ctl_memory {
    uint64_t init_quota_bytes, free_pages, kernel_objects, init_free_slots;
};
long proc_memory(struct proc_ctl_memory *out);
const char *proc_state_name(uint32_t state);

#endif
