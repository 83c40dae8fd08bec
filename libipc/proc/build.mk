# libipc/proc/: the process builder (a process from a static ELF or from
# prepared segments), its ELF planner and the initrd's cpio reader, as one
# archive that init and the in-guest test and bench programs link. The cpio
# reader's and the ELF checker's sources sit beside their headers in the ABI
# folder: the kernel compiles the same files to find and check init.

PROC_SOURCES := libipc/proc/spawn.c libipc/proc/elf_plan.c libipc/include/mica/abi/cpio.c \
  libipc/include/mica/abi/elf_check.c
LIBPROC_A := $(BUILD)/libipc/libproc.a

ALL_TARGETS += $(LIBPROC_A)

# User objects like any program's; it calls libipc, so programs list it
# among their own objects (before libipc on the link line).
$(LIBPROC_A): $(patsubst %,$(BUILD)/user/obj/%.o,$(basename $(PROC_SOURCES)))
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^

$(eval $(call host_test,proc_elf_plan_test,libipc/proc/tests/elf_plan_test.c libipc/proc/elf_plan.c \
  libipc/include/mica/abi/elf_check.c tests/host/test_util.c))
HOST_TEST_DATA += $(BUILD)/user/init.elf
