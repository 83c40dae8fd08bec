/* docs/syscalls.md, generated from MICA_SYSCALL_LIST so the reference can
 * never drift from the kernel's table and libipc's stubs. */
#ifndef SYSCALLDOC_H
#define SYSCALLDOC_H
#include <stdio.h>

#define SYSCALLDOC_PATH "docs/syscalls.md"

void syscalldoc_write(FILE *out);

#endif
