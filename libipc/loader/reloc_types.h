/* Every RISC-V relocation type the loader knows, once: psABI number, bytes of
 * the field it patches, and whether the loader applies, ignores or refuses it.
 * Enums, names and the decode checks are all generated from this list. */

#ifndef LOADER_RELOC_TYPES_H
#define LOADER_RELOC_TYPES_H

#include <stdint.h>

/* X(name, number, field bytes, handling). SET/SUB_ULEB128 patch a field whose
 * length is that of the ULEB128 already in place; the table gives 1, its
 * minimum. */
#define LOADER_RISCV_RELOCATIONS(X)       \
    X(NONE, 0, 0, IGNORE)                 \
    X(32, 1, 4, APPLY)                    \
    X(64, 2, 8, APPLY)                    \
    X(RELATIVE, 3, 0, REFUSE)             \
    X(COPY, 4, 0, REFUSE)                 \
    X(JUMP_SLOT, 5, 0, REFUSE)            \
    X(TLS_DTPMOD32, 6, 0, REFUSE)         \
    X(TLS_DTPMOD64, 7, 0, REFUSE)         \
    X(TLS_DTPREL32, 8, 0, REFUSE)         \
    X(TLS_DTPREL64, 9, 0, REFUSE)         \
    X(TLS_TPREL32, 10, 0, REFUSE)         \
    X(TLS_TPREL64, 11, 0, REFUSE)         \
    X(TLSDESC, 12, 0, REFUSE)             \
    X(BRANCH, 16, 4, APPLY)               \
    X(JAL, 17, 4, APPLY)                  \
    X(CALL, 18, 8, APPLY)                 \
    X(CALL_PLT, 19, 8, APPLY)             \
    X(GOT_HI20, 20, 4, APPLY)             \
    X(TLS_GOT_HI20, 21, 0, REFUSE)        \
    X(TLS_GD_HI20, 22, 0, REFUSE)         \
    X(PCREL_HI20, 23, 4, APPLY)           \
    X(PCREL_LO12_I, 24, 4, APPLY)         \
    X(PCREL_LO12_S, 25, 4, APPLY)         \
    X(HI20, 26, 4, APPLY)                 \
    X(LO12_I, 27, 4, APPLY)               \
    X(LO12_S, 28, 4, APPLY)               \
    X(TPREL_HI20, 29, 0, REFUSE)          \
    X(TPREL_LO12_I, 30, 0, REFUSE)        \
    X(TPREL_LO12_S, 31, 0, REFUSE)        \
    X(TPREL_ADD, 32, 0, REFUSE)           \
    X(ADD8, 33, 1, APPLY)                 \
    X(ADD16, 34, 2, APPLY)                \
    X(ADD32, 35, 4, APPLY)                \
    X(ADD64, 36, 8, APPLY)                \
    X(SUB8, 37, 1, APPLY)                 \
    X(SUB16, 38, 2, APPLY)                \
    X(SUB32, 39, 4, APPLY)                \
    X(SUB64, 40, 8, APPLY)                \
    X(GOT32_PCREL, 41, 0, REFUSE)         \
    X(ALIGN, 43, 0, REFUSE)               \
    X(RVC_BRANCH, 44, 2, APPLY)           \
    X(RVC_JUMP, 45, 2, APPLY)             \
    X(RVC_LUI, 46, 0, REFUSE)             \
    X(GPREL_I, 47, 0, REFUSE)             \
    X(GPREL_S, 48, 0, REFUSE)             \
    X(TPREL_I, 49, 0, REFUSE)             \
    X(TPREL_S, 50, 0, REFUSE)             \
    X(RELAX, 51, 0, IGNORE)               \
    X(SUB6, 52, 1, APPLY)                 \
    X(SET6, 53, 1, APPLY)                 \
    X(SET8, 54, 1, APPLY)                 \
    X(SET16, 55, 2, APPLY)                \
    X(SET32, 56, 4, APPLY)                \
    X(32_PCREL, 57, 4, APPLY)             \
    X(IRELATIVE, 58, 0, REFUSE)           \
    X(PLT32, 59, 0, REFUSE)               \
    X(SET_ULEB128, 60, 1, APPLY)          \
    X(SUB_ULEB128, 61, 1, APPLY)

enum riscv_relocation_type {
#define LOADER_RELOC_ENUM(name, number, bytes, handling) R_RISCV_##name = number,
    LOADER_RISCV_RELOCATIONS(LOADER_RELOC_ENUM)
#undef LOADER_RELOC_ENUM
};

enum loader_reloc_handling {
    LOADER_RELOC_APPLY,
    LOADER_RELOC_IGNORE,
    LOADER_RELOC_REFUSE,
};

struct loader_reloc_kind {
    const char *name; /* NULL: unknown type */
    unsigned field_bytes;
    enum loader_reloc_handling handling;
};

/* Describes type; unknown numbers get a kind with a NULL name, handled REFUSE. */
void loader_reloc_kind(uint32_t type, struct loader_reloc_kind *out);

#endif
