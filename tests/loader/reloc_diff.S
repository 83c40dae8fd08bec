/* Label differences and explicit field relocations: ADD/SUB 8..64 (gas
 * emits the pairs for differences across sections), SET6/SUB6 and SET8..32
 * written with .reloc, 32_PCREL for a pc-relative word to another section,
 * and a pc-relative load and store (PCREL_LO12_I / _S) with an addend. */

	.section .text.diff_a, "ax", @progbits
	.globl diff_start
diff_start:
	nop
diff_mid:
	nop
1:	auipc	t0, %pcrel_hi(diff_data + 16)
	ld	t1, %pcrel_lo(1b)(t0)
2:	auipc	t2, %pcrel_hi(diff_data + 24)
	sd	t1, %pcrel_lo(2b)(t2)
	ret

	.section .text.diff_b, "ax", @progbits
diff_end:
	ret

	.section .data.diff, "aw", @progbits
	.balign 8
diff_data:
	.byte	diff_end - diff_start
	.2byte	diff_end - diff_mid
	.4byte	diff_end - diff_start + 3
	.8byte	diff_end - diff_mid - 5
	.4byte	diff_end - .		/* 32_PCREL */
	.reloc	., R_RISCV_SET6, diff_end
	.reloc	., R_RISCV_SUB6, diff_start
	.byte	0xc0			/* top two bits survive SET6/SUB6 */
	.reloc	., R_RISCV_SET8, diff_mid
	.byte	0
	.reloc	., R_RISCV_SET16, diff_end
	.2byte	0
	.reloc	., R_RISCV_SET32, diff_end + 12
	.4byte	0
	.balign 8
	.dword	0, 0
