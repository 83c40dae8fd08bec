/* syscalldoc: writes the system-call reference to the file named on the
 * command line (make syscalls-doc: docs/syscalls.md). */
#include <stdio.h>
#include <string.h>

#include "syscalldoc.h"

static const char usage[] =
    "usage: syscalldoc <output.md>\n"
    "  writes the system-call reference (markdown) to <output.md>;\n"
    "  make syscalls-doc runs it for docs/syscalls.md\n"
    "  -h, --help             this text\n"
    "Exit status: 0 written, 1 not writable, 2 bad usage.\n";

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    /* An option is never an output file: fopen("--help") would write there. */
    if (argc == 2 && argv[1][0] == '-') {
        fprintf(stderr, "syscalldoc|error: unknown option '%s'\n%s", argv[1], usage);
        return 2;
    }
    if (argc != 2) {
        fputs(usage, stderr);
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
