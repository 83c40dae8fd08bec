/* init's side of the process-control protocol (mica/proc_ctl.h): requests
 * from programs granted `control`, arriving on the supervisor endpoint with
 * CONTROL_BADGE_FLAG over the caller's pid. decode_proc_ctl
 * (control_decode.c) checks each one; control.c answers it. */
#ifndef INIT_CONTROL_H
#define INIT_CONTROL_H
#include <stdint.h>

#include <mica/ipc.h>
#include <mica/proc_ctl.h>

/* Badge bit of a MICA_CHILD_SLOT_CONTROL cap, over the pid (apart from
 * names.h's NAMES_BADGE_FLAG: pids stay below both). */
#define CONTROL_BADGE_FLAG (1ull << 49)

/* A request that passed decode_proc_ctl. */
struct control_req {
    enum proc_ctl_label label;
    uint64_t arg;                  /* index, pid or poweroff status */
    uint64_t point, count;         /* CRASH */
    char line[PROC_CTL_LINE_MAX];  /* LOAD, and RESTART's image ("" for the same):
                                    * printable text, NUL-terminated */
};

/* All the checks: the caller (pid) is a live program granted control, the
 * label is known, the words are there and in range, the LOAD line is
 * printable, a pid names a program. 0 and *out, or the -MICA_E* status to
 * reply with. No side effects. */
long decode_proc_ctl(uint64_t pid, const struct ipc_msg *m, struct control_req *out);

/* One request from pid; replies (or keeps the reply, for WAIT). */
void control_request(uint64_t pid, const struct ipc_msg *m);
/* After every event on the supervisor endpoint: answers the WAITs whose
 * program is no longer starting. */
void control_check_waiters(void);

struct child;
/* LOAD's and RESTART's answer: result 0 and the child (its pid and a
 * struct proc_ctl_loaded: name, version, source), or < 0 (init said why
 * in its log). `saved` is the REPLY cap saved for a request that waited
 * for its image (it is used up), or 0 for the current caller. */
void control_answer_started(long saved, int result, const struct child *c);

#endif
