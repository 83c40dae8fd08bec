# smpbench: wall-clock IPC round trips on one hart and across harts; and
# make bench-smp, which boots QEMU with SMP_BENCH harts (default 2) in its
# multi-threaded mode without -icount (each hart a host thread, so harts
# run in parallel and every figure is wall-clock):
#  1. etc/smpbench.conf: ipc.call_rt.same_hart_wall and .cross_hart (ns);
#  2. etc/smpbench-blk.conf: blkbench's two-client queued 4 KiB random
#     reads on the ramdisk, both clients on one hart, then over two.
# It prints the host's core count and the two ratios measured in one boot
# each; the figures depend on how many host cores are free.

$(eval $(call user_program,smpbench,tests/bench/smpbench/main.c))
USER_OBJS_smpbench += $(LIBBLK_A)
$(BUILD)/user/smpbench.elf: $(LIBBLK_A)

SMPBENCH_ETC := $(patsubst tests/bench/smpbench/etc/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/bench/smpbench/etc/*))
INITRD_CONTENTS += $(SMPBENCH_ETC)
$(SMPBENCH_ETC): $(INITRD_ROOT)/etc/%: tests/bench/smpbench/etc/%
	@mkdir -p $(dir $@)
	cp $< $@

SMP_BENCH ?= 2
SMP_BENCH_LOG := $(BUILD)/bench/bench-smp.log
SMP_RUN_QEMU := tools/run-qemu --build $(BUILD) --mem $(MEM) --smp $(SMP_BENCH)

.PHONY: bench-smp
bench-smp: all
	@mkdir -p $(dir $(SMP_BENCH_LOG))
	{ echo "bench-smp|info: host has $$(nproc) cores; QEMU runs $(SMP_BENCH) harts, multi-threaded, no -icount"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(SMP_RUN_QEMU) --mode direct \
	    --append "init.conf=etc/smpbench.conf $(BOOTARGS)" </dev/null; \
	  timeout --foreground $(BENCH_TIMEOUT) $(SMP_RUN_QEMU) --mode direct \
	    --append "init.conf=etc/smpbench-blk.conf $(BOOTARGS)" </dev/null; } 2>&1 | tee $(SMP_BENCH_LOG)
	@grep -q '^smpbench|result: PASS' $(SMP_BENCH_LOG) || { echo "bench-smp|error: smpbench did not PASS"; exit 1; }
	@grep -q '^blkbench|result: PASS' $(SMP_BENCH_LOG) || { echo "bench-smp|error: blkbench did not PASS"; exit 1; }
	@awk '/^BENCH name=blk\.ram0\.queue\.randread/ { n++; match($$0, /iops=[0-9]+/); v[n] = substr($$0, RSTART + 5, RLENGTH - 5) } \
	  END { if (n < 2 || v[1] == 0) { print "bench-smp|error: two IOPS figures expected"; exit 1 } \
	        printf "bench-smp|result: 2 clients on 2 harts / on 1 hart: %.2f (%d / %d IOPS), host %s cores\n", \
	               v[2] / v[1], v[2], v[1], "'"$$(nproc)"'" }' $(SMP_BENCH_LOG)
