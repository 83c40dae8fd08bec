/* The runtime side of a server's start: the per-server state that a static
 * program's _start would set up (IPC buffer pointer, slot allocator, log
 * name) lives in the runtime's data, of which every server has its own copy. */
#include <stdint.h>
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/ipc.h>
#include <mica/proc.h>
#include <mica/runtime.h>
#include <mica/server.h>
#include <mica/server_manifest.h>

struct mica_ipc_buffer *ipc_tls_buffer = (struct mica_ipc_buffer *)MICA_PROC_IPC_BUFFER_VADDR;

/* log.c reads it as `const char mica_program_name[]`: a static program
 * defines it with MICA_PROGRAM, a server gets its manifest name here. */
char mica_program_name[MICA_MANIFEST_NAME_MAX];

void mica_server_start(const struct mica_server_start_record *rec)
{
    memcpy(mica_program_name, rec->name, sizeof mica_program_name - 1); /* last byte stays 0 */
    ipc_slots_init(MICA_SLOT_FIRST_FREE, MICA_CHILD_CNODE_SLOTS);
    mica_exit(rec->main(rec->arg));
}
