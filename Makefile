# Mica top-level build. Every component lives in its own directory with a
# build.mk fragment; this file only sets shared variables and top-level targets.
# Output goes to $(BUILD)/ (out of tree); `make help` lists the targets.

BUILD ?= build
PLATFORM ?= qemu-virt
# First, so a board can give its own defaults (the icicle kit: SMP=5 MEM=2G).
include platform/$(PLATFORM)/platform.mk
SMP ?= 1
MEM ?= 256M
ICOUNT ?= 0
BOOTARGS ?=

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

# Staging directory and archive of the initrd; fragments add files to it.
INITRD_ROOT := $(BUILD)/initrd-root
INITRD := $(BUILD)/initrd.cpio
# The archive's file list (tools/mk/run.mk).
INITRD_LIST := $(BUILD)/initrd.list
# The system tests' initrd: everything staged, test fixtures and test
# configurations included (fragments add those to TEST_INITRD_ONLY too).
TEST_INITRD := $(BUILD)/test-initrd.cpio
TEST_INITRD_ONLY :=

include tools/mk/deps.mk
include tools/mk/inputs.mk
include tools/mk/toolchain.mk
include tools/mk/archive.mk
include tools/mk/host-test.mk
include $(sort $(wildcard */build.mk */*/build.mk */*/*/build.mk))
include tools/mk/run.mk
include tools/mk/test.mk

.PHONY: all test test-host test-system test-fresh bench clean help compile_commands.json

all: deps $(ALL_TARGETS)

test: deps
	$(MAKE) --no-print-directory test-host
	$(MAKE) --no-print-directory test-system

# As root: a clean clone of HEAD runs each goal as its first command in a
# chroot over an overlay of / without the toolchain and QEMU (the machine's
# own packages are untouched; see docs/building.md).
FRESH_GOALS ?= run test
test-fresh:
	sh tools/test-fresh.sh $(FRESH_GOALS)

clean:
	rm -rf $(BUILD) $(CCDB_BUILD) compile_commands.json compile_commands.json.tmp

# Editors: bear records every compiler call of a full build made in a
# scratch directory beside $(BUILD), so the working build is never touched and
# the old database stays until the new one is complete. bear's preloaded
# library comes before the ASan runtime of the host tools the build runs
# (srvinfo, mkversions); ASan's link-order check would stop them.
CCDB_BUILD := $(BUILD).ccdb
compile_commands.json: deps
	rm -rf $(CCDB_BUILD) $@.tmp
	ASAN_OPTIONS=verify_asan_link_order=0 bear --output $(abspath $@.tmp) -- \
	  $(MAKE) --no-print-directory BUILD=$(CCDB_BUILD) all host-tests
	mv $@.tmp $@
	rm -rf $(CCDB_BUILD)
	@echo "compile_commands|info: $$(grep -c '"file"' $@) compiler calls in $@"

help:
	@sed -n "s/^## //p" tools/mk/help.txt
