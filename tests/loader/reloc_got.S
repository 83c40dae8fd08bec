/* GOT-indirect addressing (la under .option pic: GOT_HI20 + PCREL_LO12_I) to
 * a local and a global symbol, each referenced twice (one slot each). */

	.option pic
	.section .text.got, "ax", @progbits
	.globl got_start
got_start:
	la	a0, got_global
	la	a1, got_local
	la	a2, got_global
	la	a3, got_local
	ret

	.section .data.got, "aw", @progbits
	.balign 8
got_local:
	.dword	1
	.globl got_global
got_global:
	.dword	2
