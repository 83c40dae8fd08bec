/* Absolute addressing: lui + addi / load / store (HI20, LO12_I, LO12_S) to
 * symbols in rodata and data, with addends. */

	.section .text.abs, "ax", @progbits
	.globl abs_start
abs_start:
	lui	a0, %hi(abs_word)
	addi	a0, a0, %lo(abs_word)
	lui	a1, %hi(abs_word + 8)
	ld	a2, %lo(abs_word + 8)(a1)
	lui	a3, %hi(abs_table + 0x7ff)
	sd	a2, %lo(abs_table + 0x7ff)(a3)
	lui	a4, %hi(abs_table - 4)
	sw	a2, %lo(abs_table - 4)(a4)
	ret

	.section .rodata.abs, "a", @progbits
	.balign 8
abs_word:
	.dword	0x1122334455667788, 0x99aabbccddeeff00

	.section .data.abs, "aw", @progbits
	.balign 8
abs_table:
	.zero	0x1000
