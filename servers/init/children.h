/* init's children: every program and server it started, by pid, with the
 * configuration that started it (to restart it), its state, its restarts
 * and the device it holds. Loading, stopping, restarting and the reactions
 * to faults, exits and readiness all happen here, on the supervisor thread. */
#ifndef INIT_CHILDREN_H
#define INIT_CHILDREN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mica/ipc.h>
#include <mica/server_manifest.h>

#include "config.h"
#include "srv_load.h"
#include <mica/proc_spawn.h>

#define INIT_MAX_CHILDREN 16u

enum child_state {
    CHILD_EMPTY,
    CHILD_STARTING, /* a server that has not said it is ready */
    CHILD_RUNNING,
    CHILD_EXITED,
    CHILD_FAULTED,
    CHILD_STOPPED,
};

/* One instance's supervision (supervision.c): what a block server offered
 * and what init asked of it. */
struct child_supervision {
    long doorbell;         /* its notification, badged by it; 0: not supervised */
    uint32_t points;       /* its fault points (bit per enum proc_ctl_fault_point) */
    uint32_t arm_point;    /* to hand over at its next ask: point + 1, 0 none */
    uint64_t arm_count;
    uint64_t ping_sent;    /* rdtime of the unanswered ping, 0 none */
};

struct child {
    enum child_state state;
    uint64_t pid;                         /* the badge of its messages; never reused */
    struct config_entry conf;             /* what started it, and starts it again */
    struct mica_server_manifest manifest; /* magic 0: a static program */
    uint64_t image_base;                  /* where a server image is linked */
    uint64_t image_bytes;                 /* its span from there */
    struct process proc;
    int status;                           /* exit status, when EXITED */
    unsigned restarts;                    /* by policy or by the shell */
    uint64_t load_instr;                  /* rdcycle of the last load */
    struct child_supervision sup;         /* this instance's; cleared at each start */
    /* Memory init holds for the line across its instances (held memory,
     * mica/server_supervision.h): freed when the line is stopped. */
    long held_frame;
    uint64_t held_bytes;
    /* Some instance of the line became ready: its held memory may hold what
     * clients wrote, kept for a later restart even once the line ends. */
    bool line_served;
};

/* ep: the supervisor endpoint every child reports to. */
void children_init(uint64_t initrd_size, long ep);

/* Starts conf's program in a new entry; 0 (and its log line) or -1 after
 * an `init|error:` line saying why. */
int child_load(const struct config_entry *conf, struct child **out);
/* The same for a server image whose bytes were read from conf's scheme path. */
int child_load_bytes(const struct config_entry *conf, const struct srv_bytes *bytes,
                     struct child **out);
/* Stops a live child: everything it held is freed, its device released,
 * and the memory init held for its line. */
void child_stop(struct child *c);
/* Ends a live child as a fault (why: the log line's reason): what a trap
 * would do, the restart policy included. */
void child_kill_as_fault(struct child *c, const char *why);
/* Replaces a live child's image with `image` (a live update), from the
 * initrd, or with bytes read from image's scheme path: the new one is
 * checked before the old stops; same configuration otherwise, same held
 * memory. 0, or -1 after an init|error line (the old one runs on, or is
 * started again if the new one failed to start). */
int child_update(struct child *c, const char *image, const struct srv_bytes *bytes);
/* Whether `image` cannot replace c at all (c is no server image, or image
 * is none): -1 after an init|error line, else 0. No side effects but the
 * line. */
int child_update_refused(const struct child *c, const char *image);
/* Stops (if alive) and starts again with the same configuration. */
int child_restart(struct child *c);

int child_alive(const struct child *c);
const char *child_name(const struct child *c);
const char *child_state_name(const struct child *c);
/* Bytes of its quota it uses, or 0 when not alive. */
uint64_t child_memory(const struct child *c);

struct child *children_at(unsigned index); /* 0 past the table or for empty entries */
/* A child by pid ("3") or name, live ones first. */
struct child *children_find(const char *name_or_pid);
struct child *children_by_pid(uint64_t pid);

/* A fault, exit or ready message from a child, or one of supervision's
 * (supervision.h; `inbox` holds the cap it brought). */
void children_message(uint64_t pid, const struct ipc_msg *m, long inbox);

/* Loads c's configuration again into c (a restart), keeping
 * its restart count. An image on a scheme is queued to be read again
 * (fetch.h): 0 then means queued. */
int child_respawn(struct child *c);
int child_respawn_bytes(struct child *c, const struct srv_bytes *bytes);

/* The index-th program or server image in the initrd (for lsimg); -1 past
 * the last. */
int initrd_program_at(unsigned index, const char **name, size_t *size, int *server);

/* main.c: logs and powers the machine off; QEMU exits with status. */
__attribute__((noreturn)) void init_power_off(int status);

#endif
