/* The layout every process built by init's process builder starts with:
 * its cspace slots, its address-space regions, and the messages a child
 * sends to its parent. init itself has the same layout (enum mica_init_slot). */
#ifndef MICA_PROC_H
#define MICA_PROC_H
#include <mica/abi/bootinfo.h>
#include <mica/proc_layout.h>

/* Child cspace. Slots 1-4 and 9 mean what they mean for init; SYSTEM (6) and
 * INITRD_FRAME (8) are present only when granted; granted capabilities are
 * placed from MICA_CHILD_SLOT_FIRST_GRANT in the order requested. */
enum mica_child_slot {
    MICA_CHILD_SLOT_PARENT = MICA_SLOT_FIRST_FREE - 1, /* endpoint to the parent, badged with the pid */
    /* init's name service (mica/scheme.h); badged so init knows who asks */
    MICA_CHILD_SLOT_NAMES = MICA_CHILD_SLOT_PARENT - 1,
    /* the command-line page's frame, read-only (mica/args.h); only when init was given one */
    MICA_CHILD_SLOT_ARGS = MICA_CHILD_SLOT_NAMES - 1,
    /* init's process-control protocol (mica/proc_ctl.h); only in programs
     * whose init.conf line says `control` */
    MICA_CHILD_SLOT_CONTROL = MICA_CHILD_SLOT_ARGS - 1,
    MICA_CHILD_SLOT_FIRST_GRANT = MICA_SLOT_FIRST_DEVICE,
};
/* Slots from MICA_CHILD_SLOT_FIRST_GRANT for capabilities the spawner
 * grants in order; those after them carry fixed meanings (mica/server_info.h). */
#define MICA_CHILD_GRANT_SLOTS 8u
#define MICA_CHILD_CNODE_SLOTS 256u

/* Address space (see also mica/proc_layout.h). The runtime's
 * own mappings (thread stacks, buffers, the builder's copy window) come from
 * [MICA_PROC_DYNAMIC_BASE, MICA_PROC_DYNAMIC_END). The stack and the main
 * thread's IPC buffer sit where init's are. */
#define MICA_PROC_DYNAMIC_BASE 0x20000000ull
#define MICA_PROC_DYNAMIC_END MICA_INITRD_VADDR
#define MICA_PROC_STACK_TOP MICA_INIT_STACK_TOP
#define MICA_PROC_STACK_PAGES MICA_INIT_STACK_PAGES
#define MICA_PROC_IPC_BUFFER_VADDR MICA_INIT_IPC_BUFFER_VADDR
/* The priority init gives a program whose configuration line names none. */
#define MICA_PROC_DEFAULT_PRIORITY 100u

/* Child -> parent on MICA_CHILD_SLOT_PARENT: w0 = exit status. */
#define MICA_LABEL_EXIT 0xe0177ull
/* Child -> parent on MICA_CHILD_SLOT_PARENT: set up and serving requests. */
#define MICA_LABEL_READY 0x4ead7ull

#endif
