/* Branches gas leaves to the linker: to another section gas would rewrite a
 * short branch as a JAL, so these stay inside one section, near both ends of
 * their range: c.beqz / c.bnez (RVC_BRANCH, +-256 B), c.j (RVC_JUMP,
 * +-2 KiB), beq (BRANCH, +-4 KiB), and a JAL to another section. */

	.option rvc
	.section .text.rvc, "ax", @progbits
	.globl rvc_start
rvc_start:
	c.beqz	a0, rvc_near
	c.bnez	a1, rvc_near
	c.j	rvc_far
	beq	a0, a1, rvc_farther
	jal	ra, rvc_elsewhere
	.skip	200
rvc_near:
	c.beqz	a0, rvc_start		/* about -256 bytes */
	.skip	1600
rvc_far:
	c.j	rvc_start		/* about -2 KiB */
	.skip	2000
rvc_farther:
	bne	a0, a1, rvc_start	/* about -4 KiB */
	ret

	.section .text.rvc_other, "ax", @progbits
rvc_elsewhere:
	ret
