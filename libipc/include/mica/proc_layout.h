/* Addresses shared by C code and the user linker script (plain numbers, no C:
 * the script is run through the preprocessor with this header). */
#ifndef MICA_PROC_LAYOUT_H
#define MICA_PROC_LAYOUT_H

/* Where every static user program is linked. */
#define MICA_PROC_IMAGE_BASE 0x10000000
/* Where the shared runtime image will be mapped; user code stays below it. */
#define MICA_PROC_RUNTIME_BASE 0x40000000

#endif
