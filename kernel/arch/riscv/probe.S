/* A register read that may fault: the kernel's trap handler sends a load
 * fault at one of the two load instructions below to probe_fault, so the
 * caller gets -1 instead of a panic. Used once at boot, on a console UART
 * whose register layout came from a default rather than the device tree. */
    .section .text
    .globl arch_probe_read, arch_probe_load8, arch_probe_load32, arch_probe_fault

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
