/* The entry of every loaded server: init starts a server's first thread in
 * the shared runtime, which sets up the server's private runtime state and
 * then calls the entry symbol the server's manifest names. */
#ifndef MICA_SERVER_H
#define MICA_SERVER_H
#include <stdint.h>

#include <mica/ipc.h>
#include <mica/proc.h>
#include <mica/server_manifest.h>

/* A server's entry: arg is what init passed; the result is the exit status. */
typedef int (*mica_server_main_fn)(uintptr_t arg);

/* What init writes at the top of a server's stack: a thread starts with one
 * argument register only. */
struct mica_server_start_record {
    mica_server_main_fn main;
    uintptr_t arg;
    char name[MICA_MANIFEST_NAME_MAX]; /* the manifest's: the log component */
};

/* A server's first instruction, started by init with a0 = the record (just
 * above sp): sets up the runtime, runs main(arg) and reports its result as
 * the exit status. */
__attribute__((noreturn)) void mica_server_start(const struct mica_server_start_record *rec);

/* Tells init the server is set up and serving: init reports it and counts
 * the server as running (a shell command waiting on it goes on). */
static inline long mica_server_ready(void)
{
    return ipc_send(MICA_CHILD_SLOT_PARENT, MICA_MSGINFO(MICA_LABEL_READY, 0, 0), 0, 0, 0, 0);
}

#endif
