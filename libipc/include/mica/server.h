/* The entry of every loaded server: init starts a server's first thread in
 * the shared runtime, which sets up the server's private runtime state and
 * then calls the entry symbol the server's manifest names. */
#ifndef MICA_SERVER_H
#define MICA_SERVER_H
#include <stdint.h>

/* A server's entry: arg is what init passed; the result is the exit status. */
typedef int (*mica_server_main_fn)(uintptr_t arg);

/* Started by init with sp at the stack top: name (the manifest's, which init
 * copies onto the stack) becomes the component of the server's log lines;
 * then main(arg) runs, and its result is reported as the exit status. */
__attribute__((noreturn)) void mica_server_start(mica_server_main_fn main, uintptr_t arg,
                                                 const char *name);

#endif
