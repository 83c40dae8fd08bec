/* ISA extensions the kernel reports (system_info MICA_INFO_ISA_EXTENSIONS):
 * a bit per extension, set when the device tree says every hart that runs
 * threads has it, so a thread may use it on whichever hart it is placed.
 * Only extensions some program chooses code by are listed; the kernel
 * ignores the rest of a hart's ISA string. */
#ifndef MICA_ABI_ISA_EXTENSIONS_H
#define MICA_ABI_ISA_EXTENSIONS_H

/* X(bit, name): name as the device tree spells it (riscv,isa after the
 * single-letter part, or one riscv,isa-extensions entry). */
#define MICA_ISA_EXTENSION_LIST(X) \
    X(0, zba)                      \
    X(1, zbb)                      \
    X(2, zbc)                      \
    X(3, zbs)                      \
    X(4, zbkb)                     \
    X(5, zicbom)                   \
    X(6, zicboz)                   \
    X(7, zicond)                   \
    X(8, zknh)

enum mica_isa_extension_bit {
#define MICA_ISA_EXTENSION_BIT(bit, name) MICA_ISA_BIT_##name = bit,
    MICA_ISA_EXTENSION_LIST(MICA_ISA_EXTENSION_BIT)
#undef MICA_ISA_EXTENSION_BIT
};

#define MICA_ISA_EXTENSION(name) (1ull << MICA_ISA_BIT_##name)

#endif
