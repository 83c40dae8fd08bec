# blkbench: the IPC and block benchmark (a static user program started by
# init), its init configurations, the host test of its
# argument parsing, and `make bench`.

BLKBENCH_SOURCES := tests/bench/blkbench/main.c tests/bench/blkbench/blkbench_args.c \
  tests/bench/blkbench/counter.c tests/bench/blkbench/peer.c \
  tests/bench/blkbench/ipc_bench.c tests/bench/blkbench/verify.c tests/bench/blkbench/workers.c \
  tests/bench/blkbench/blk_run.c tests/bench/blkbench/blk_io.c tests/bench/blkbench/blk_pattern_work.c \
  tests/bench/blkbench/blk_report.c tests/bench/blkbench/blk_cmd.c tests/bench/blkbench/matrix.c \
  tests/bench/blkbench/blk_direct.c tests/bench/blkbench/direct_ram.c tests/bench/direct_call.c \
  tests/bench/blkbench/file_bench.c tests/bench/blkbench/chaos.c tests/bench/blkbench/chaos_crash.c
$(eval $(call user_program,blkbench,$(BLKBENCH_SOURCES)))
# The direct runners: the ramdisk's engine (servers/ramdisk/engine.h) and
# the call to the virtio twin (tests/bench/direct_call.h).
$(BUILD)/user/obj/tests/bench/blkbench/%.o: USER_CFLAGS += -Iservers/ramdisk -Itests/bench

# The process builder (libipc/proc) starts the peer processes.
USER_OBJS_blkbench += $(LIBPROC_A) $(LIBBLK_A)
$(BUILD)/user/blkbench.elf: $(LIBPROC_A) $(LIBBLK_A)

BLKBENCH_ETC := $(patsubst tests/bench/blkbench/etc/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/bench/blkbench/etc/*))
INITRD_CONTENTS += $(BLKBENCH_ETC)

$(BLKBENCH_ETC): $(INITRD_ROOT)/etc/%: tests/bench/blkbench/etc/%
	@mkdir -p $(dir $@)
	cp $< $@

$(eval $(call host_test,blkbench_args_test,tests/bench/blkbench/tests/args_test.c \
  tests/bench/blkbench/blkbench_args.c servers/init/config.c libipc/include/mica/abi/bootargs.c))

# make bench: eleven boots into build/bench/bench.log (the last into
# bench-vblk-repeat.log), then report.md and SVG
# plots from tools/bench-report.
#  1. etc/bench.conf under QEMU -icount shift=0,sleep=off: blkbench "ipc;
#     matrix disk.ram0:" on a 16 MiB ramdisk. Nothing waits for a device,
#     so every figure repeats exactly.
#  2. etc/bench-vblk.conf under -icount shift=0,sleep=on, with two virtio
#     disks on host files made here (disk.vblk0, disk.vblk1): "matrix
#     disk.vblk0:". An idle guest waits in host time, so a wait for QEMU's
#     I/O thread costs what the host took instead of a jump to the next
#     timer deadline (which made virtio figures meaningless); they vary
#     with the host's load. Every sleep=on boot runs with run-qemu --pin:
#     the vCPU thread on one host core, QEMU's I/O threads on another, so
#     a completion never waits for the vCPU's core to come free (unpinned,
#     where the host scheduler put the threads decided how many wakeups an
#     op paid; see docs/blkbench.md).
#  3. etc/fairness.conf under -icount shift=0,sleep=off: a light client's
#     one-block reads next to a hostile heavy client on the ramdisk, then
#     alone (fair.ram0.light_read_512.heavy / .alone; tests/guest/fairness/).
#  4. etc/sigbench.conf under -icount shift=0,sleep=off: init's signature
#     check of a signed 64 KiB image (sign.verify.64k; tests/bench/sigbench/).
#  5. etc/bench-fat.conf under -icount shift=0,sleep=on, with a FAT volume
#     made here holding a 64 KiB file: fat serves it as boot:, blkbench
#     reads the file whole 200 times (file.boot.read.65536, docs/files.md).
#  6. etc/bench-chaos.conf under -icount shift=0,sleep=on on the first disk:
#     blkbench chaos crashes virtio-blk 1000 times under a write-verify
#     workload (recover.vblk0.crash); then the host's blkverify checks the
#     span it left against the generation it names.
#  7. etc/bench-chaos-ram.conf under -icount shift=0,sleep=off: the same on
#     a 2 MiB ramdisk, 1000 crashes (recover.ram0.crash).
#  8. etc/bench-update.conf under -icount shift=0,sleep=off from the test
#     initrd (it holds srv/ramdisk-next.srv): the same workload while the
#     ramdisk is replaced 100 times by live updates, 1.1.0 and 1.0.0 in
#     turn (recover.ram0.update, each update's blackout).
#  9. etc/reload.conf under -icount shift=0,sleep=off: init loads, links
#     and starts uart16550 and hello 100 times each (srv.load.*,
#     tests/bench/reload/).
# 10. etc/fairness-vblk.conf under -icount shift=0,sleep=on on a 16 MiB
#     virtio disk made here: boot 3 on virtio-blk, whose handles hold up to
#     32 requests in flight (fair.vblk0.light_read_512.heavy / .alone).
# 11. boot 2 again on two fresh disks, into bench-vblk-repeat.log: the
#     report compares each busy figure with boot 2's (bench-report
#     --repeat; docs/blkbench.md, "How steady the virtio figures are").
# Fails unless every verdict is PASS and QEMU exits with 0 each time; each
# boot is killed after BENCH_TIMEOUT seconds (the chaos boots after
# BENCH_CHAOS_TIMEOUT).
BENCH_DIR := $(BUILD)/bench
BENCH_LOG := $(BENCH_DIR)/bench.log
BENCH_TIMEOUT ?= 300
BENCH_CHAOS_TIMEOUT ?= 900
BENCH_DISKS := $(BENCH_DIR)/vblk0.img $(BENCH_DIR)/vblk1.img
BENCH_REPEAT_DISKS := $(BENCH_DIR)/vblk0-repeat.img $(BENCH_DIR)/vblk1-repeat.img
BENCH_REPEAT_LOG := $(BENCH_DIR)/bench-vblk-repeat.log
BENCH_DISK_SIZE := 64M
BENCH_FAT_DISK := $(BENCH_DIR)/fat.img
BENCH_FAIR_DISK := $(BENCH_DIR)/fair-vblk.img

bench: all
	@mkdir -p $(BENCH_DIR)
	@rm -f $(BENCH_LOG) $(BENCH_REPEAT_LOG) $(BENCH_DIR)/qemu-status-* $(BENCH_DISKS) \
	  $(BENCH_REPEAT_DISKS) $(BENCH_FAT_DISK) $(BENCH_FAIR_DISK)
	truncate -s $(BENCH_DISK_SIZE) $(BENCH_DISKS) $(BENCH_REPEAT_DISKS)
	truncate -s 16M $(BENCH_FAIR_DISK)
	head -c 65536 /dev/urandom > $(BENCH_DIR)/64k.bin
	mformat -C -i $(BENCH_FAT_DISK) -T 65536 -v BENCH ::
	mmd -i $(BENCH_FAT_DISK) ::/bench
	mcopy -i $(BENCH_FAT_DISK) $(BENCH_DIR)/64k.bin ::/bench/64k.bin
	{ echo "bench|info: qemu mode exact: -icount shift=0,sleep=off"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount --mode direct \
	    --append "init.conf=etc/bench.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-1; } 2>&1 | tee $(BENCH_LOG)
	{ echo "bench|info: qemu mode host-timed: -icount shift=0,sleep=on"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount-sleep --pin --mode direct \
	    $(foreach d,$(BENCH_DISKS),--disk $(d)) \
	    --append "init.conf=etc/bench-vblk.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-2; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode exact: -icount shift=0,sleep=off"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount --mode direct \
	    --append "init.conf=etc/fairness.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-3; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode exact: -icount shift=0,sleep=off"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount --mode direct \
	    --append "init.conf=etc/sigbench.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-4; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode host-timed: -icount shift=0,sleep=on"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount-sleep --pin --mode direct \
	    --disk $(BENCH_FAT_DISK) --append "init.conf=etc/bench-fat.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-5; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode host-timed: -icount shift=0,sleep=on"; \
	  timeout --foreground $(BENCH_CHAOS_TIMEOUT) $(RUN_QEMU) --icount-sleep --pin --mode direct \
	    --disk $(word 1,$(BENCH_DISKS)) --append "init.conf=etc/bench-chaos.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-6; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode exact: -icount shift=0,sleep=off"; \
	  timeout --foreground $(BENCH_CHAOS_TIMEOUT) $(RUN_QEMU) --icount --mode direct \
	    --append "init.conf=etc/bench-chaos-ram.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-7; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode exact: -icount shift=0,sleep=off"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount --mode direct --initrd $(TEST_INITRD) \
	    --append "init.conf=etc/bench-update.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-8; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode exact: -icount shift=0,sleep=off"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount --mode direct \
	    --append "init.conf=etc/reload.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-9; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode host-timed: -icount shift=0,sleep=on"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount-sleep --pin --mode direct \
	    --disk $(BENCH_FAIR_DISK) --append "init.conf=etc/fairness-vblk.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-10; } 2>&1 | tee -a $(BENCH_LOG)
	{ echo "bench|info: qemu mode host-timed: -icount shift=0,sleep=on"; \
	  timeout --foreground $(BENCH_TIMEOUT) $(RUN_QEMU) --icount-sleep --pin --mode direct \
	    $(foreach d,$(BENCH_REPEAT_DISKS),--disk $(d)) \
	    --append "init.conf=etc/bench-vblk.conf $(BOOTARGS)" </dev/null; \
	  echo $$? > $(BENCH_DIR)/qemu-status-11; } 2>&1 | tee $(BENCH_REPEAT_LOG)
	@# The figures across harts need harts in parallel: no -icount (make bench-smp).
	$(MAKE) --no-print-directory bench-smp
	tools/bench-report $(BENCH_LOG) --repeat $(BENCH_REPEAT_LOG) --out $(BENCH_DIR)
	@for boot in 1 2 3 4 5 6 7 8 9 10 11; do status=$$(cat $(BENCH_DIR)/qemu-status-$$boot); \
	  if [ "$$status" = 124 ]; then echo "bench|error: boot $$boot: no verdict within its timeout"; exit 1; fi; \
	  if [ "$$status" != 0 ]; then echo "bench|error: boot $$boot: QEMU exited with status $$status"; exit 1; fi; \
	done; \
	if [ "$$(grep -c '^blkbench|result: PASS' $(BENCH_LOG))" != 6 ]; then \
	  echo "bench|error: blkbench did not PASS in all six of its boots (see $(BENCH_LOG))"; exit 1; fi; \
	gen=$$(sed -n 's/.*disk.vblk0: .* the span holds seed 1 gen \([0-9]*\) over 4096 sectors.*/\1/p' $(BENCH_LOG)); \
	if ! $(BLKVERIFY) $(word 1,$(BENCH_DISKS)) --seed 1 --gen "$$gen" --sectors 4096; then \
	  echo "bench|error: the host's blkverify disagrees with the chaos run's disk"; exit 1; fi; \
	if [ "$$(grep -c '^fairness|result: PASS' $(BENCH_LOG))" != 2 ]; then \
	  echo "bench|error: the fairness boots did not both PASS (see $(BENCH_LOG))"; exit 1; fi; \
	if ! grep -q '^sigbench|result: PASS' $(BENCH_LOG); then \
	  echo "bench|error: the signature boot did not PASS (see $(BENCH_LOG))"; exit 1; fi; \
	if ! grep -q '^reload|result: PASS' $(BENCH_LOG); then \
	  echo "bench|error: the load boot did not PASS (see $(BENCH_LOG))"; exit 1; fi; \
	if ! grep -q '^blkbench|result: PASS' $(BENCH_REPEAT_LOG); then \
	  echo "bench|error: the repeated virtio boot did not PASS (see $(BENCH_REPEAT_LOG))"; exit 1; fi; \
	echo "bench|result: PASS $(BENCH_LOG), $(BENCH_REPEAT_LOG), $(BENCH_DIR)/report.md, $(SMP_BENCH_REPORT)"
