# libipc: syscall stubs, IPC helpers and the user C runtime, as a static
# archive plus crt0 and the linker script; and user_program, the function
# every static user program is built with.
#
#   $(eval $(call user_program,<name>,<sources .c/.S>))
# builds $(BUILD)/user/<name>.elf, linked at MICA_PROC_IMAGE_BASE with
# libipc, libmica and picolibc, and puts it into the initrd as /<name>.

LIBIPC_A := $(BUILD)/libipc/libipc.a
LIBIPC_CRT0 := $(BUILD)/user/obj/libipc/crt0.o
USER_LD := $(BUILD)/libipc/user.ld
LIBIPC_SOURCES := $(filter-out libipc/crt0.S,$(wildcard libipc/*.c libipc/*.S))

# Freestanding-friendly and relaxation-free (the same objects will go into
# the shared runtime image); picolibc supplies the C library headers.
USER_CFLAGS := $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -std=gnu11 -O2 -g --specs=picolibc.specs \
  -fno-common -fno-stack-protector -fno-omit-frame-pointer -mno-relax -Wa,-mno-relax \
  -Ilibipc/include -Ilibipc/include
# -DPICOLIBC_INTEGER_PRINTF_SCANF picks picolibc's integer-only printf core.
USER_LDFLAGS := $(TARGET_LINK_FLAGS) --specs=picolibc.specs -DPICOLIBC_INTEGER_PRINTF_SCANF \
  -nostartfiles -static -Wl,--no-relax -Wl,--gc-sections -Wl,-z,noexecstack -T $(USER_LD)

ALL_TARGETS += $(LIBIPC_A) $(LIBIPC_CRT0) $(USER_LD)

# memcpy, memmove and memset only jump to libmica's word loops
# (string_ops.c): with a frame pointer each would build a frame and take it
# down again before the jump, five instructions on every copy, and no
# backtrace ever sees such a frame. The runtime image's copy uses this too.
STRING_OPS_CFLAGS := -fomit-frame-pointer
$(BUILD)/user/obj/libipc/string_ops.o: USER_CFLAGS += $(STRING_OPS_CFLAGS)
$(BUILD)/user/obj/libipc/string_ops.o: libipc/build.mk

USER_PROGRAMS :=

.PHONY: libipc
libipc: $(LIBIPC_A) $(LIBIPC_CRT0) $(USER_LD)

$(BUILD)/user/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

$(BUILD)/user/obj/%.o: %.S | deps
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(DEP_FLAGS) -c -o $@ $<


$(LIBIPC_A): $(patsubst %,$(BUILD)/user/obj/%.o,$(basename $(LIBIPC_SOURCES)))
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^

$(USER_LD): libipc/user.ld.in libipc/include/mica/proc_layout.h | deps
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -Ilibipc/include -o $@ $<

define user_program
USER_PROGRAMS += $(BUILD)/user/$(1).elf
ALL_TARGETS += $(BUILD)/user/$(1).elf
INITRD_CONTENTS += $(INITRD_ROOT)/$(1)
USER_OBJS_$(1) := $(patsubst %,$(BUILD)/user/obj/%.o,$(basename $(2)))

$(eval $(call inputs_list,$(BUILD)/user/$(1).inputs,$$(USER_OBJS_$(1))))
$(BUILD)/user/$(1).elf: $(LIBIPC_CRT0) $$(USER_OBJS_$(1)) $(LIBIPC_A) $(LIBMICA_A) $(USER_LD) libipc/build.mk \
  $(BUILD)/user/$(1).inputs
	@mkdir -p $$(dir $$@)
	$(CC) $(USER_LDFLAGS) -o $$@ $(LIBIPC_CRT0) $$(USER_OBJS_$(1)) $(LIBIPC_A) $(LIBMICA_A)

$(INITRD_ROOT)/$(1): $(BUILD)/user/$(1).elf
	@mkdir -p $$(dir $$@)
	cp $$< $$@
endef

$(eval $(call host_test,libipc_log_line_test,libipc/tests/log_line_test.c libipc/log_line.c))
$(eval $(call host_test,libipc_blk_simple_plan_test,libipc/tests/blk_simple_plan_test.c libipc/blk_simple_plan.c))
