/* The ISA extensions a hart's cpu node declares, as MICA_ISA_EXTENSION()
 * bits (mica/abi/isa_extensions.h): the kernel keeps those every hart that
 * runs threads has and reports them to user space, which may then pick code
 * that uses them. Anything the parser does not understand counts as no
 * extensions: claiming one a hart lacks would make a program's next
 * instruction an illegal one. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "fdt.h"

/* Supervisor extensions the kernel itself uses, parsed like the others into
 * bits above the ABI list's and never reported to user space (hart_boot.c
 * masks them out): Sstc, a timer compare register S-mode writes itself, so
 * a tick needs no trip through the firmware (timer.c). */
#define ISA_KERNEL_SSTC (1ull << 63)
#define ISA_KERNEL_ONLY ISA_KERNEL_SSTC

/* From a riscv,isa string ("rv64imafdc_zicsr_zba_zbb", versions such as
 * "zbb1p0" allowed): value holds len bytes and must end with a NUL inside
 * them. 0 unless it is rv32/rv64 followed by lower-case letters, digits
 * and '_', as the binding spells it. */
uint64_t isa_extensions_from_string(const char *value, size_t len);
/* From a riscv,isa-extensions string list ("i\0m\0zbb\0"): every entry
 * NUL-terminated inside len bytes, or 0. */
uint64_t isa_extensions_from_list(const char *value, size_t len);
/* The cpu node's riscv,isa-extensions when present (the newer binding),
 * else its riscv,isa; 0 with neither. */
uint64_t isa_extensions_of_cpu(const struct fdt *fdt, int node);
/* The names of mask's bits, one space between them, "none" for 0; cut
 * short (still NUL-terminated) when size is too small. */
void isa_extensions_format(uint64_t mask, char *out, size_t size);
