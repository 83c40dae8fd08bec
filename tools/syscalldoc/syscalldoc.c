/* syscalldoc: writes the system-call reference to the file named on the
 * command line (make syscalls-doc: docs/syscalls.md). */
#include <stdio.h>

#include "syscalldoc.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <output.md>\n", argv[0]);
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    syscalldoc_write(out);
    return fclose(out) == 0 ? 0 : 1;
}
