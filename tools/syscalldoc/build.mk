# syscalldoc: generates docs/syscalls.md from the syscall list. The file is
# committed; `make syscalls-doc` rewrites it and a host test checks they agree.

SYSCALLDOC := $(BUILD)/tools/syscalldoc
ALL_TARGETS += $(SYSCALLDOC)

$(SYSCALLDOC): $(BUILD)/host/obj/tools/syscalldoc/syscalldoc.o $(BUILD)/host/obj/tools/syscalldoc/syscalldoc_table.o | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

.PHONY: syscalls-doc
## make syscalls-doc  regenerate docs/syscalls.md from libipc/include/mica/abi/syscall_list.h
syscalls-doc: $(SYSCALLDOC)
	$(SYSCALLDOC) docs/syscalls.md

$(eval $(call host_test,syscalldoc_test,tools/syscalldoc/syscalldoc_test.c tools/syscalldoc/syscalldoc_table.c))
