/* A program's command line: the text init was given for it (init.conf's
 * args="..." option, or the shell's `load`), delivered as a read-only page
 * at a fixed address whose frame also sits, read-only, in a fixed slot, so
 * a program can tell whether it got one before touching the address.
 * docs/userspace.md, "Command lines". */
#ifndef MICA_ARGS_H
#define MICA_ARGS_H
#include <stdint.h>

#include <mica/proc.h>
#include <mica/server_info.h>

/* The page after the server info page (mica/server_info.h). */
#define MICA_ARGS_VADDR 0x3f004000ull
_Static_assert(MICA_ARGS_VADDR == MICA_SERVER_INFO_VADDR + 4096u, "the command line follows the info page");
#define MICA_ARGS_MAGIC 0x53475241u /* "ARGS" */
/* Bytes of text including its terminating NUL: at most 511 characters. */
#define MICA_ARGS_MAX 512u

struct mica_args_page {
    uint32_t magic;  /* MICA_ARGS_MAGIC */
    uint32_t length; /* of text, without the NUL; < MICA_ARGS_MAX */
    char text[MICA_ARGS_MAX];
    /* The priority init started the program at: the most its own threads
     * and children may have (the kernel refuses more), e.g. prio=10. */
    uint32_t priority;
};
_Static_assert(sizeof(struct mica_args_page) <= 4096, "the command line fits one page");

/* The command line, NUL-terminated ("" when init was given none), or NULL
 * when this process has no command-line page (it was not started by init)
 * or the page is malformed (wrong magic, length out of range, a NUL inside). */
const char *mica_args(void);
/* The priority from the same page, or `otherwise` when there is none. */
unsigned mica_args_priority(unsigned otherwise);

#endif
