/* init's name service: scheme name -> the serving child's endpoint. Servers
 * register names, clients look them up (mica/scheme.h); a server's names
 * go when it stops. Only the supervisor thread touches the table. */
#ifndef INIT_NAMES_H
#define INIT_NAMES_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/ipc.h>

/* Badge bit of every child's MICA_CHILD_SLOT_NAMES cap, over the pid: the
 * supervisor tells name requests from lifecycle messages by it. */
#define NAMES_BADGE_FLAG (1ull << 48)
#define NAMES_MAX 16u

/* What a block server reported about a scheme it registered (for lsblk). */
struct names_block_facts {
    bool known;
    bool read_only;
    uint32_t block_size;
    uint64_t size_bytes;
};

/* A REGISTER, LOOKUP or BLOCK_FACTS from pid, or a driver's DEVICE_FEATURES
 * (mica/scheme.h); always replies. */
void names_request(uint64_t pid, const struct ipc_msg *m);
/* init's own door to the server of `name` (client 0) into the empty slot
 * dest: 0, or names_miss's answer. */
long names_door(const char *name, long dest);
/* Drops every name pid registered (it stopped, exited or faulted). */
void names_forget(uint64_t pid);

/* names_miss.c: the answer to a lookup of an unregistered name: -EAGAIN
 * while a server is starting (it may register it), else -ENOENT and a log
 * line listing the registered names. */
long names_miss(const char *name);

/* The door of a registered name for client, sent through the saved REPLY
 * cap `reply` (0: to the current caller); -ENOENT when nobody has it. */
long names_answer(const char *name, uint64_t client, long reply);

/* names_wait.c: a LOOKUP of a name a starting server may still register,
 * kept (its reply saved) for at most wait_ms (capped at NAMES_WAIT_MAX_MS):
 * 0 when kept, else the answer to give now. names_check_waiters answers
 * every kept lookup whose name appeared (the door), whose name can no
 * longer appear because no server is starting (-ENOENT) or whose time is
 * up (-EAGAIN); the supervisor calls it after every message it handles,
 * so a deadline is noticed at init's next wakeup. */
#define NAMES_WAITERS_MAX 8u
#define NAMES_WAIT_MAX_MS 60000u
long names_wait(uint64_t pid, const char *name, uint64_t wait_ms);
void names_check_waiters(void);

/* For listings: entry i's name, owner and block facts (facts may be 0),
 * 0 past the end or unused. */
const char *names_at(unsigned i, uint64_t *pid, struct names_block_facts *facts);

#endif
