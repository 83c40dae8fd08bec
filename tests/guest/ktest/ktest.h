/* ktest, the in-guest kernel test: the test-case table, the checks every
 * case uses, and the helper processes and threads it starts. A case returns
 * NULL when it passed and a description of the first difference otherwise. */
#ifndef KTEST_H
#define KTEST_H
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/ipc.h>

#include <mica/proc_spawn.h>

typedef const char *(*ktest_fn)(void);

struct ktest_case {
    const char *name;
    ktest_fn run;
};

/* Formats a failure description into a static buffer and returns it. */
const char *ktest_why(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For a case this machine cannot run (one that needs a second hart on
 * one): records why and returns the marker the runner reports as "not
 * run", counted neither as run nor as passed. */
const char *ktest_not_run(const char *why);
/* "EBADF" for negative codes, "ok" otherwise. */
const char *ktest_code(long v);

#define KT_EQ(actual, expected)                                                                 \
    do {                                                                                        \
        long kt_a = (long)(actual), kt_e = (long)(expected);                                    \
        if (kt_a != kt_e)                                                                       \
            return ktest_why("line %d: %s = %ld (%s), want %ld (%s)", __LINE__, #actual, kt_a,  \
                             ktest_code(kt_a), kt_e, ktest_code(kt_e));                         \
    } while (0)
#define KT_TRUE(cond)                                                   \
    do {                                                                \
        if (!(cond))                                                    \
            return ktest_why("line %d: %s is false", __LINE__, #cond); \
    } while (0)
/* A call that must succeed (result >= 0); evaluates to nothing. */
#define KT_OK(call) KT_TRUE((call) >= 0)

/* The test cases, one table per file. */
extern const struct ktest_case ktest_cap_cases[];
extern const struct ktest_case ktest_ipc_cases[];
extern const struct ktest_case ktest_hold_cases[];
extern const struct ktest_case ktest_window_cases[];
extern const struct ktest_case ktest_mem_cases[];
extern const struct ktest_case ktest_proc_cases[];
extern const struct ktest_case ktest_arg_cases[];
extern const struct ktest_case ktest_thread_cases[];
extern const struct ktest_case ktest_pin_cases[];
extern const struct ktest_case ktest_slab_cases[];
extern const struct ktest_case ktest_death_cases[];
extern const struct ktest_case ktest_watch_cases[];
extern const struct ktest_case ktest_smp_cases[];

/* Helpers ktest starts as processes (its own image with a helper number as
 * the argument) or as threads. */
enum ktest_helper {
    HELPER_NONE = 0,
    HELPER_ECHO,       /* serves the echo protocol on its first granted endpoint */
    HELPER_BAD_LOAD,   /* loads from its parameter address */
    HELPER_ILLEGAL,    /* executes an illegal instruction */
    HELPER_CALL_TWICE, /* calls its granted endpoint, waits on its granted notification,
                          calls again; reports each result */
    HELPER_SPIN,       /* maps its granted frame and counts in it forever */
    HELPER_BLOCKED,    /* leaves threads blocked in every kind of wait, reports, exits */
};
#define KTEST_HELPER_ARG(helper, param) ((uintptr_t)(helper) | ((uintptr_t)(param) << 8))
#define KTEST_HELPER_OF(arg) ((enum ktest_helper)((arg) & 0xff))
#define KTEST_PARAM_OF(arg) ((uint64_t)(arg) >> 8)
int ktest_helper_main(uintptr_t arg);

/* The echo protocol: ECHO replies with every word + 1 and the caller's badge
 * as the label; XFER receives a capability, signals it if it is a
 * notification and replies with its type and the count received; STOP ends
 * the server loop. */
#define ECHO_LABEL 1u
#define XFER_LABEL 2u
#define STOP_LABEL 3u
/* Helpers -> ktest through the parent endpoint: w0 = result. */
#define HELPER_RESULT_LABEL 0x7e5u
void echo_serve(long ep);
void echo_thread(uintptr_t ep);

/* Where a helper that maps a frame puts it. */
#define HELPER_MAP_VADDR 0x28000000ull

/* The supervisor endpoint (faults, exits and helper results arrive here)
 * and helper processes built from ktest's own image. */
extern long ktest_supervisor;
int ktest_spawn(enum ktest_helper helper, uint64_t param, const long *grants, unsigned ngrants,
                struct process *proc);
/* The next message on the supervisor endpoint (blocking). */
struct ipc_msg ktest_next_report(void);

/* Runs one case: "<name> ok" or "<name>: <why>" log lines. */
int ktest_run_table(const struct ktest_case *cases, unsigned *run, unsigned *not_run);

#define KTEST_PRIORITY 100u

#endif
