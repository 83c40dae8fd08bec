/* The random-syscall stress test: a coordinator, an IPC "pong" server and
 * an unprivileged fuzzer, all built from the stress image and told apart by
 * their argument. */
#ifndef STRESS_H
#define STRESS_H
#include <stdint.h>

enum stress_role {
    STRESS_COORDINATOR = 0,
    STRESS_PONG = 1,
    STRESS_FUZZER = 2,
};
/* The fuzzer's argument carries the seed above the role. */
#define STRESS_ARG(role, seed) ((uintptr_t)(role) | ((uintptr_t)(seed) << 8))
#define STRESS_ROLE_OF(arg) ((enum stress_role)((arg) & 0xff))
#define STRESS_SEED_OF(arg) ((uint64_t)(arg) >> 8)

#define STRESS_SYSCALLS 1000000u
#define STRESS_PROGRESS_EVERY 250000u
/* Pong answers w0 + 1; label STOP ends it. The fuzzer's cap to pong carries
 * this badge, which the fuzzer never mints itself. */
#define STRESS_PONG_BADGE 0x9009u
#define PONG_STOP_LABEL 3u

int fuzz_main(uint64_t seed);

#endif
