/* Kernel entry from the SBI firmware or U-Boot `booti`: a0 = hartid,
 * a1 = physical address of the DTB, MMU off, running wherever we were loaded.
 * The 64-byte Linux RISC-V Image header comes first so `booti` accepts us. */
#include "arch/riscv/memlayout.h"
#include "asm-offsets.h"

    .section .text.head, "ax"
    .option push
    .option norvc
    .globl _start
_start:
    j       boot_entry              /* code0 */
    .word   0                       /* code1 */
    .dword  0x200000                /* text_offset: load at RAM base + 2 MiB */
    .dword  __image_end - _start    /* image_size, including bss */
    .dword  0                       /* flags: little endian */
    .word   2                       /* header version 0.2 */
    .word   0
    .dword  0
    .ascii  "RISCV\0\0\0"           /* deprecated magic, still checked by some loaders */
    .ascii  "RSC\x05"               /* magic2 */
    .word   0
    .option pop

boot_entry:
    csrw    sie, zero
    csrw    sip, zero
    csrw    satp, zero
    /* The first hart here boots; the firmware keeps the others stopped until
     * hart_boot.c starts them at secondary_entry. But OpenSBI 1.1's
     * hart_start marks a hart START_PENDING before it stores the address to
     * start it at, so a stopped hart that looks in between leaves for the
     * address it held before, this one, with the DTB in a1: it is a started
     * secondary all the same, and must not run the boot path (which clears
     * .bss under the running kernel). The claim lives in .data, which the
     * boot path does not clear. */
    lla     t0, boot_claimed
    li      t1, 1
    amoswap.w.aq t1, t1, (t0)
    bnez    t1, secondary_at_boot_entry
    mv      s0, a0
    mv      s1, a1
    la      sp, boot_stack_top      /* pc-relative: a physical address for now */

    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    mv      a0, s1
    call    early_paging_setup      /* returns the satp value */
    mv      s2, a0
    la      t0, early_satp          /* for the secondary harts (below) */
    sd      s2, 0(t0)

    la      t0, _start              /* physical */
    ld      t1, link_address_of_start   /* virtual */
    sub     s3, t1, t0              /* virtual - physical */

    sfence.vma
    csrw    satp, s2
    sfence.vma
    /* The early table maps this code both at its physical address and in the
     * upper half, so execution continues here until the jump below. */
    add     sp, sp, s3
    ld      t2, link_address_of_kmain
    mv      a0, s0
    mv      a1, s1
    mv      a2, t0                  /* physical load address */
    jr      t2

/* A secondary hart, started by hart_boot.c through SBI HSM: a0 = hartid,
 * a1 = its struct hart (a kernel virtual address), MMU off. It turns on the
 * boot page table (which maps this code at both addresses), moves to the
 * upper half and enters hart_secondary_main on its own stack with tp set. */
    .globl secondary_entry
secondary_entry:
    csrw    sie, zero
    csrw    sip, zero
    la      t0, early_satp
    ld      t0, 0(t0)
    sfence.vma
    csrw    satp, t0
    sfence.vma
    mv      tp, a1
    ld      sp, HART_STACK_TOP(tp)
    ld      t2, link_address_of_secondary_main
    mv      a0, a1
    jr      t2

/* A secondary that OpenSBI sent to boot_entry (above): its struct hart is
 * harts[a0], which hart_boot.c filled before starting it. A hart id past
 * the kernel's table cannot have been started by it: it parks. */
secondary_at_boot_entry:
    li      t0, HARTS_MAX
    bgeu    a0, t0, 2f
    li      t2, HART_SIZE
    mul     t2, t2, a0
    lla     t1, harts               /* physical while the MMU is off */
    add     t1, t1, t2
    li      t3, 1
    sw      t3, HART_CAME_AT_BOOT_ENTRY(t1) /* the boot hart logs it */
    ld      t1, link_address_of_harts
    add     a1, t1, t2
    j       secondary_entry
2:  wfi
    j       2b

    .balign 8
link_address_of_harts:
    .dword  harts
link_address_of_start:
    .dword  _start
link_address_of_kmain:
    .dword  kmain
link_address_of_secondary_main:
    .dword  hart_secondary_main

    .section .data
    .balign 8
early_satp:
    .dword  0
boot_claimed:
    .word   0

    .section .bss.stack, "aw", @nobits
    .balign 16
    .globl boot_stack, boot_stack_top
boot_stack:
    .space  KERNEL_STACK_SIZE
boot_stack_top:
