/* Control transfers between sections: a call over more than JAL's 1 MiB reach
 * (CALL_PLT, which gas now emits for every call), a call whose auipc is only
 * 2-byte aligned (patched as 16-bit parcels), and JALs, also the one gas makes
 * of a conditional branch to another section (a reversed branch over a JAL). */

	.option norvc
	.section .text.far_start, "ax", @progbits
	.globl far_start
far_start:
	call	far_end
	jal	ra, near_target
	beq	a0, a1, near_target
	.option rvc
	c.nop
	call	far_end			/* 2-byte aligned auipc + jalr */
	.option norvc
	call	far_end@plt
	ret

	.section .text.far_near, "ax", @progbits
near_target:
	ret

	.section .text.far_gap, "ax", @progbits
	.skip	0x110000

	.section .text.far_end, "ax", @progbits
	.globl far_end
far_end:
	bne	a0, zero, near_target_back
	ret
near_target_back:
	ret
