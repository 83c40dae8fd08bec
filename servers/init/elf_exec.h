/* The part of ELF64 a static executable loader reads: the file header and
 * program headers, laid out as in the (little-endian) file. */
#ifndef INIT_ELF_EXEC_H
#define INIT_ELF_EXEC_H
#include <stdint.h>

struct elf_exec_header {
    uint8_t ident[16];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint64_t entry;
    uint64_t phoff;
    uint64_t shoff;
    uint32_t flags;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
    uint16_t shentsize;
    uint16_t shnum;
    uint16_t shstrndx;
};

struct elf_exec_phdr {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};

_Static_assert(sizeof(struct elf_exec_header) == 64, "ELF64 file header");
_Static_assert(sizeof(struct elf_exec_phdr) == 56, "ELF64 program header");

#define ELF_EXEC_MAGIC "\177ELF"
#define ELF_EXEC_CLASS64 2
#define ELF_EXEC_DATA_LSB 1
#define ELF_EXEC_VERSION 1
#define ELF_EXEC_TYPE_EXEC 2
#define ELF_EXEC_MACHINE_RISCV 243
#define ELF_EXEC_PT_LOAD 1
#define ELF_EXEC_PF_X 1u
#define ELF_EXEC_PF_W 2u
#define ELF_EXEC_PF_R 4u

#endif
