# The initrd, the U-Boot boot disk, and the targets that boot QEMU.
# Components add files to the initrd with
#   INITRD_CONTENTS += $(INITRD_ROOT)/<path>
# plus a rule that creates that file (copy or build).

BOOT_DISK := $(BUILD)/boot-disk.img
# The demo's virtio disk (etc/init.conf): made once, then kept, so after a
# run it holds the verify pattern for build/tools/blkverify to check.
DEMO_DISK := $(BUILD)/demo-disk.img
DEMO_DISK_MIB := 4
# The icicle kit's demo SD card, kept the same way (QEMU wants a power of two).
DEMO_SD := $(BUILD)/demo-sd.img
DEMO_SD_MIB := 4
# DISK="a.img b.img,ro,serial=X": more virtio disks for run and shell, in
# order after the demo disk (tools/run-qemu --disk syntax, space-separated).
DISK ?=
# make shell's disk: an MBR and one FAT16 partition (at 1 MiB), mounted as
# boot: (etc/shell-volume.conf), laid out as the U-Boot boot disk and an SD
# card are. Made once, then kept, so what make push wrote to it is there at
# the next boot. SHELL_VOLUME= attaches another disk, SHELL_VOLUME_OFFSET=
# where its FAT volume starts (0 for one that fills its file).
SHELL_VOLUME ?= $(BUILD)/shell-volume.img
SHELL_VOLUME_OFFSET ?= 1M
SHELL_VOLUME_MIB := 16
# Where make shell's console relay listens for make push (tools/shell-relay).
SHELL_SOCKET ?= $(BUILD)/shell.sock
SHELL_CONFIG := etc/shell-volume.conf
RUN_QEMU := tools/run-qemu --machine $(QEMU_MACHINE) --build $(BUILD) --mem $(MEM) --smp $(SMP) $(if $(filter 1,$(ICOUNT)),--icount)
RUN_DISKS = $(foreach d,$(DISK),--disk $(d))

INITRD_CONTENTS += $(INITRD_ROOT)/etc/mica-release
ALL_TARGETS += $(INITRD) $(BOOT_DISK) $(DEMO_DISK) $(DEMO_SD)

$(DEMO_DISK):
	@mkdir -p $(dir $@)
	truncate -s $(DEMO_DISK_MIB)M $@

$(DEMO_SD):
	@mkdir -p $(dir $@)
	truncate -s $(DEMO_SD_MIB)M $@

$(SHELL_VOLUME): | deps
	@mkdir -p $(dir $@)
	rm -f $@.tmp
	truncate -s $(SHELL_VOLUME_MIB)M $@.tmp
	echo 'start=2048, type=06' | /sbin/sfdisk --quiet $@.tmp
	mformat -i $@.tmp@@1M -T $$((($(SHELL_VOLUME_MIB) - 1) * 2048)) -h 64 -s 32 -v MICASHELL ::
	mmd -i $@.tmp@@1M ::/extlinux ::/srv
	mcopy -i $@.tmp@@1M platform/qemu-virt/extlinux.conf ::/extlinux/extlinux.conf
	mv $@.tmp $@

$(INITRD_ROOT)/etc/mica-release: tools/mk/run.mk
	@mkdir -p $(dir $@)
	echo "Mica $$(git describe --always --dirty 2>/dev/null || echo unknown)" > $@

# Two archives from one staging directory, each holding exactly the files
# its list names (not whatever build/initrd-root still has from earlier
# builds: a removed server leaves its image behind there). The lists change
# only when the contents do, so a file dropped from one repacks the archive.
#  - $(TEST_INITRD), for the system tests: all of INITRD_CONTENTS.
#  - $(INITRD), what make run, make shell and the boot disk boot: without
#    TEST_INITRD_ONLY (images init must refuse, configurations only the tests
#    boot).
# Configurations a person boots by hand (README, docs) stay in the boot one.
BOOT_CONFIGS := init shell shell-disks shell-volume boot-volume ktest blktest reload bench bench-vblk bench-fat fairness fairness-vblk icicle sigbench bench-chaos bench-chaos-ram smpbench smpbench-blk smpbench-blk4 smpbench-cross protofuzz-run
TEST_INITRD_ONLY += $(filter-out $(patsubst %,$(INITRD_ROOT)/etc/%.conf,$(BOOT_CONFIGS)), \
  $(filter $(INITRD_ROOT)/etc/%.conf,$(INITRD_CONTENTS)))
BOOT_INITRD_CONTENTS = $(filter-out $(TEST_INITRD_ONLY),$(INITRD_CONTENTS))
TEST_INITRD_LIST := $(BUILD)/test-initrd.list
$(eval $(call inputs_list,$(INITRD_LIST),$$(patsubst $(INITRD_ROOT)/%,%,$$(BOOT_INITRD_CONTENTS))))
$(eval $(call inputs_list,$(TEST_INITRD_LIST),$$(patsubst $(INITRD_ROOT)/%,%,$$(INITRD_CONTENTS))))
ALL_TARGETS += $(TEST_INITRD)

$(INITRD): $(BOOT_INITRD_CONTENTS) $(INITRD_LIST) tools/pack-initrd.sh | deps
	tools/pack-initrd.sh $@ $(INITRD_LIST) $(INITRD_ROOT)

$(TEST_INITRD): $(INITRD_CONTENTS) $(TEST_INITRD_LIST) tools/pack-initrd.sh | deps
	tools/pack-initrd.sh $@ $(TEST_INITRD_LIST) $(INITRD_ROOT)

# The boot disk holds the platform's extlinux.conf: another PLATFORM= in the
# same build directory remakes it.
BOOT_DISK_PLATFORM := $(BUILD)/boot-disk.platform
$(eval $(call inputs_list,$(BOOT_DISK_PLATFORM),$(PLATFORM)))

$(BOOT_DISK): $(KERNEL_IMAGE) $(INITRD) platform/$(PLATFORM)/extlinux.conf $(BOOT_DISK_PLATFORM) tools/make-boot-disk.sh | deps
	tools/make-boot-disk.sh $@ $(KERNEL_IMAGE) $(INITRD) platform/$(PLATFORM)/extlinux.conf

.PHONY: run shell push run-uboot debug test-system

# The QEMU targets only make sense for a platform QEMU emulates.
ifneq ($(QEMU_PLATFORM),yes)
run shell push run-uboot debug test-system:
	@echo "run|error: '$@' boots QEMU, which emulates PLATFORM=qemu-virt, not $(PLATFORM)" >&2; exit 2
else

## make run        build, boot on QEMU virt through OpenSBI, run the demo (etc/init.conf)
##                 on build/demo-disk.img under -icount shift=0,sleep=on (a wait for the
##                 virtio disk costs host time, not a jump to the next timer tick; with
##                 SMP above 1 without -icount, which would run the harts in turns),
##                 power off; QEMU exits 0 for PASS, 1 for FAIL (PLATFORM=microchip-icicle-kit:
##                 the icicle kit's demo, platform/microchip-icicle-kit/README.md)
run: all
	$(RUN_QEMU) --mode direct $(if $(filter 1,$(SMP)),--icount-sleep) $(RUN_DEMO_MEDIA) $(RUN_DISKS) --append "$(or $(BOOTARGS),$(RUN_DEMO_BOOTARGS))"

## make shell      boot into the console shell (mica.shell=1, etc/shell-volume.conf) with
##                 SHELL_VOLUME (build/shell-volume.img) as boot:; the console goes
##                 through tools/shell-relay, which takes make push's lines on
##                 SHELL_SOCKET; DISK= attaches more virtio disks after the volume
shell: all $(SHELL_VOLUME)
	tools/shell-relay --socket $(SHELL_SOCKET) --volume $(SHELL_VOLUME)@@$(SHELL_VOLUME_OFFSET) -- \
	  $(RUN_QEMU) --mode direct --disk $(SHELL_VOLUME),shared $(RUN_DISKS) \
	  --append "mica.shell=1 $(if $(filter init.conf=%,$(BOOTARGS)),,init.conf=$(SHELL_CONFIG)) $(BOOTARGS)"

## make push SRV=<dir>  build and sign the server in <dir> (servers/<name> of the tree, or
##                 a directory whose Makefile includes the SDK's driver.mk), write it to
##                 the running make shell's volume as /srv/<name>.srv and have the shell
##                 load it (ARGS= its parameters) or replace the running instance
PUSH_SRV := $(patsubst %/,%,$(SRV))
PUSH_IN_TREE := $(if $(PUSH_SRV),$(wildcard $(PUSH_SRV)/build.mk))
PUSH_TREE_IMAGE := $(INITRD_ROOT)/srv/$(notdir $(PUSH_SRV)).srv
push: $(SRVINFO) $(if $(PUSH_IN_TREE),$(PUSH_TREE_IMAGE))
	@test -n "$(PUSH_SRV)" || { echo "push|error: give SRV=<dir>: servers/<name>, or a driver's directory built with the SDK" >&2; exit 2; }
	@test -d "$(PUSH_SRV)" || { echo "push|error: SRV=$(PUSH_SRV): no such directory" >&2; exit 2; }
	@$(if $(PUSH_IN_TREE),image=$(PUSH_TREE_IMAGE), \
	  $(MAKE) --no-print-directory -C $(PUSH_SRV) >&2 && \
	  image=$$($(MAKE) -s --no-print-directory -C $(PUSH_SRV) image-path) || \
	  { echo "push|error: $(PUSH_SRV): neither a server of the tree (no build.mk) nor built by the SDK's driver.mk" >&2; exit 2; }); \
	tools/push --socket $(SHELL_SOCKET) --srvinfo $(SRVINFO) --args "$(ARGS)" "$$image"

## make run-uboot  boot through OpenSBI -> U-Boot distro boot -> extlinux -> booti
run-uboot: all
	$(RUN_QEMU) --mode uboot

## make debug      start QEMU halted, waiting for gdb-multiarch -x build/gdbinit
debug: all $(BUILD)/gdbinit
	@echo "debug|info: in another terminal: gdb-multiarch -x $(BUILD)/gdbinit"
	$(RUN_QEMU) --mode direct --gdb --append "$(BOOTARGS)"

$(BUILD)/gdbinit: tools/gdbinit.in $(KERNEL_ELF) $(SRVINFO) tools/mk/run.mk
	sed -e 's|@KERNEL_ELF@|$(abspath $(KERNEL_ELF))|' -e 's|@SRVINFO@|$(abspath $(SRVINFO))|' \
	  -e 's|@RUNTIME_ELF@|$(abspath $(RUNTIME_LIBIPC_ELF))|' -e 's|@SRV_DIR@|$(abspath $(SERVER_IMAGE_DIR))|' \
	  -e 's|@BUILD_DIR@|$(abspath $(BUILD))|' $< > $@

## make test-system  QEMU system tests (pytest + pexpect)
test-system: all
	MICA_BUILD=$(abspath $(BUILD)) $(PYTHON) -m pytest -q tests/system $(PYTEST_ARGS)
endif
