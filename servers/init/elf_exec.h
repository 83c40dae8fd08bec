/* The part of ELF64 init's static-executable loader reads. The layouts and
 * constants are the loader's (mica/elf64.h): one definition of the format. */
#ifndef INIT_ELF_EXEC_H
#define INIT_ELF_EXEC_H
#include <mica/abi/elf64.h>
#endif
