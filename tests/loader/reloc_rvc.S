/* Compressed control transfers into another section: c.beqz / c.bnez
 * (RVC_BRANCH) and c.j (RVC_JUMP), at both ends of their range. */

	.option rvc
	.section .text.rvc_a, "ax", @progbits
	.globl rvc_start
rvc_start:
	c.beqz	a0, rvc_target
	c.bnez	a1, rvc_target
	c.j	rvc_target
	c.j	rvc_far
	ret

	.section .text.rvc_b, "ax", @progbits
rvc_target:
	c.beqz	a0, rvc_start
	c.j	rvc_start
	.skip	200
	c.bnez	a2, rvc_start		/* near the -256 byte limit */
	.skip	1700
rvc_far:
	c.j	rvc_start		/* near the -2 KiB limit */
	ret
