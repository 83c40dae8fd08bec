/* Fields for the ULEB128 and weak-GOT tests. gas in this toolchain cannot
 * emit SET_ULEB128/SUB_ULEB128, so the pairs are written as SET8/SUB8 and the
 * test retypes them (60/61) before loading; the bytes in place are the
 * ULEB128 encodings those relocations patch. */

	.option pic
	.section .text.uleb, "ax", @progbits
	.globl uleb_start
uleb_start:
	la	a0, uleb_absent		/* GOT slot of an absent weak symbol: 0 */
	nop
uleb_end:
	ret
	.weak	uleb_absent

	.section .data.uleb, "aw", @progbits
	.globl uleb_wide, uleb_narrow, uleb_lone
uleb_wide:				/* three bytes: value padded in place */
	.reloc	., R_RISCV_SET8, uleb_end
	.reloc	., R_RISCV_SUB8, uleb_start
	.byte	0x80, 0x80, 0x00
uleb_narrow:				/* one byte: holds at most 127 */
	.reloc	., R_RISCV_SET8, uleb_end + 200
	.reloc	., R_RISCV_SUB8, uleb_start
	.byte	0x00
uleb_lone:				/* a SET the test leaves unpaired */
	.reloc	., R_RISCV_SET8, uleb_end
	.byte	0x00
