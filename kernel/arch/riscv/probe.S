/* Reads that may fault: the kernel's trap handler sends a load fault at
 * one of the two load instructions below, or an illegal instruction at the
 * CSR read, to arch_probe_fault, so the caller gets -1 instead of a panic.
 * Used at boot: on a console UART whose register layout came from a default
 * rather than the device tree, and on each hart whose cpu node declares
 * Sstc. */
    .section .text
    .globl arch_probe_read, arch_probe_load8, arch_probe_load32, arch_probe_fault
    .globl arch_probe_stimecmp, arch_probe_csr_stimecmp

/* long arch_probe_read(const volatile void *addr, unsigned width): the
 * value read with a width-byte access (1 or 4), or -1 when the read faults. */
arch_probe_read:
    li      t0, 4
    beq     a1, t0, 1f
arch_probe_load8:
    lbu     a0, 0(a0)
    ret
1:
arch_probe_load32:
    lwu     a0, 0(a0)
    ret
arch_probe_fault:
    li      a0, -1
    ret

/* long arch_probe_stimecmp(void): 0 when S-mode may use Sstc's stimecmp,
 * -1 when reading it is illegal (a firmware that left menvcfg.STCE off).
 * The CSR by number: an assembler need not know its name. */
arch_probe_stimecmp:
arch_probe_csr_stimecmp:
    csrr    t0, 0x14d
    li      a0, 0
    ret
