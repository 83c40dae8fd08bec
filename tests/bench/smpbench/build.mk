# smpbench: wall-clock IPC round trips on one hart and across harts; and
# make bench-smp, which boots QEMU with SMP_BENCH harts (default 2) in its
# multi-threaded mode without -icount (each hart a host thread, so harts
# run in parallel and every figure is wall-clock):
#  1. etc/smpbench.conf: ipc.call_rt.same_hart_wall and .cross_hart (ns);
#  2. etc/smpbench-blk.conf (etc/smpbench-blk4.conf from 4 harts): queued
#     4 KiB random reads on the ramdisk, 1, 2 (and 4) clients on one hart,
#     then the same clients spread over as many harts;
#  3. etc/smpbench-cross.conf: one client on hart 0, the ramdisk on hart 1,
#     against the direct twin.
# tools/bench-smp-report prints the host's core count and the ratios, each
# of two figures of one boot; the figures depend on how many host cores are
# free.

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
SMP_BENCH_REPORT := $(BUILD)/bench/bench-smp.md
SMP_RUN_QEMU := tools/run-qemu --build $(BUILD) --mem $(MEM) --smp $(SMP_BENCH)
SMP_BENCH_BLK_CONF := $(if $(filter 1 2 3,$(SMP_BENCH)),etc/smpbench-blk.conf,etc/smpbench-blk4.conf)
SMP_BENCH_CONFS := etc/smpbench.conf $(SMP_BENCH_BLK_CONF) etc/smpbench-cross.conf

.PHONY: bench-smp
bench-smp: all
	@case "$(SMP_BENCH)" in ''|*[!0-9]*|0|1) echo "bench-smp|error: SMP_BENCH=$(SMP_BENCH): at least 2 harts" >&2; exit 2;; esac
	@mkdir -p $(dir $(SMP_BENCH_LOG))
	{ echo "bench-smp|info: host has $$(nproc) cores; QEMU runs $(SMP_BENCH) harts, multi-threaded, no -icount"; \
	  for conf in $(SMP_BENCH_CONFS); do \
	    echo "bench-smp|info: boot $$conf"; \
	    timeout --foreground $(BENCH_TIMEOUT) $(SMP_RUN_QEMU) --mode direct \
	      --append "init.conf=$$conf $(BOOTARGS)" </dev/null; \
	  done; } 2>&1 | tee $(SMP_BENCH_LOG)
	@grep -q '^smpbench|result: PASS' $(SMP_BENCH_LOG) || { echo "bench-smp|error: smpbench did not PASS"; exit 1; }
	@test "$$(grep -c '^blkbench|result: PASS' $(SMP_BENCH_LOG))" -eq 2 || { echo "bench-smp|error: a blkbench boot did not PASS"; exit 1; }
	tools/bench-smp-report $(SMP_BENCH_LOG) --out $(SMP_BENCH_REPORT)
	@cat $(SMP_BENCH_REPORT)
