/* The subset of ELF64 Mica reads (the server loader, init's program planner,
 * the kernel's loading of init): structures laid out exactly as in the file
 * (little-endian, as RISC-V and every host we build on) and constants. */

#ifndef MICA_ELF64_H
#define MICA_ELF64_H

#include <stdint.h>

struct elf64_ehdr {
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

struct elf64_shdr {
    uint32_t name;
    uint32_t type;
    uint64_t flags;
    uint64_t addr;
    uint64_t offset;
    uint64_t size;
    uint32_t link;
    uint32_t info;
    uint64_t addralign;
    uint64_t entsize;
};

struct elf64_phdr {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};

struct elf64_sym {
    uint32_t name;
    uint8_t info;
    uint8_t other;
    uint16_t shndx;
    uint64_t value;
    uint64_t size;
};

struct elf64_rela {
    uint64_t offset;
    uint64_t info;
    int64_t addend;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header");
_Static_assert(sizeof(struct elf64_shdr) == 64, "ELF64 section header");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header");
_Static_assert(sizeof(struct elf64_sym) == 24, "ELF64 symbol");
_Static_assert(sizeof(struct elf64_rela) == 24, "ELF64 RELA entry");

#define ELF_MAGIC "\177ELF"
#define ELF_CLASS64 2
#define ELF_DATA2LSB 1
#define ELF_VERSION_CURRENT 1
#define ELF_ET_REL 1
#define ELF_ET_EXEC 2
#define ELF_EM_RISCV 243

#define ELF_EF_RISCV_FLOAT_ABI 0x0006u
#define ELF_EF_RISCV_RVE 0x0008u

#define ELF_SHN_UNDEF 0
#define ELF_SHN_LORESERVE 0xff00u
#define ELF_SHN_ABS 0xfff1u
#define ELF_SHN_COMMON 0xfff2u

#define ELF_SHT_NULL 0
#define ELF_SHT_PROGBITS 1
#define ELF_SHT_SYMTAB 2
#define ELF_SHT_STRTAB 3
#define ELF_SHT_RELA 4
#define ELF_SHT_NOTE 7
#define ELF_SHT_NOBITS 8
#define ELF_SHT_REL 9
#define ELF_SHT_INIT_ARRAY 14
#define ELF_SHT_FINI_ARRAY 15
#define ELF_SHT_PREINIT_ARRAY 16
#define ELF_SHT_RISCV_ATTRIBUTES 0x70000003u

#define ELF_SHF_WRITE 0x1u
#define ELF_SHF_ALLOC 0x2u
#define ELF_SHF_EXECINSTR 0x4u
#define ELF_SHF_TLS 0x400u

#define ELF_PT_LOAD 1
#define ELF_PF_X 0x1u
#define ELF_PF_W 0x2u
#define ELF_PF_R 0x4u

#define ELF_STB_LOCAL 0
#define ELF_STB_GLOBAL 1
#define ELF_STB_WEAK 2
#define ELF_STT_NOTYPE 0
#define ELF_STT_FUNC 2
#define ELF_STT_SECTION 3
#define ELF_STT_TLS 6

#define ELF_ST_BIND(info) ((info) >> 4)
#define ELF_ST_TYPE(info) ((info)&0xfu)
#define ELF_R_SYM(info) ((uint32_t)((info) >> 32))
#define ELF_R_TYPE(info) ((uint32_t)((info)&0xffffffffu))

#endif
