# The shared runtime image: libipc's objects (without the static program's
# start-up and threads, which need TLS) plus picolibc's string and format
# functions, linked once at MICA_RUNTIME_BASE with an export table, and put
# into the initrd, signed, as /lib/libipc.rt for init to map into every server.

include libipc/loader/images.mk

# The block client (blk_client.c and its neighbours, the simple calls of
# blk_simple.c among them) serves servers that read block devices
# themselves, such as the fat file-system server.
RUNTIME_LIBIPC_SOURCES := msg.c log.c log_line.c objects.c slots.c memory.c exit.c fault_names.c args.c \
  string_ops.c runtime/server_start.c blk_client.c blk_simple.c blk_simple_plan.c blk_buffer.c blk_queue.c blk_queue_restore.c blk_recover.c blk_partition.c scheme_open.c timebase.c
# string_ops.c's memcpy/memmove/memset call libipc/lib/mem_ops.c's word loops;
# the block client's queued path uses the SPSC ring, its recovery names
# errors in its log lines.
RUNTIME_LIBIPC_OBJS := $(patsubst %.c,$(RUNTIME_DIR)/obj/libipc/%.o,$(RUNTIME_LIBIPC_SOURCES)) \
  $(BUILD)/lib/target/obj/mem_ops.o $(BUILD)/lib/target/obj/spsc_ring.o $(BUILD)/lib/target/obj/errno.o
RUNTIME_LIBIPC_HEADERS := libipc/include/mica/ipc.h libipc/include/mica/log.h \
  libipc/include/mica/cap.h libipc/include/mica/server.h libipc/include/mica/rt_string.h \
  libipc/include/mica/args.h libipc/include/mica/blk_client.h
# picolibc.specs names this directory for links through gcc; ld needs the file.
# $$multilib is the link recipe's shell variable: the compiler is asked while
# the link runs, after `deps` installed it (asked while make reads the
# makefiles, a fresh machine has no compiler, the multilib directory comes
# back empty, and the lp64d library goes into a soft-float image).
RUNTIME_ARCHIVES_libipc = /usr/lib/picolibc/riscv64-unknown-elf/lib/$$multilib/libc.a
RUNTIME_LIBIPC_ELF := $(RUNTIME_DIR)/libipc.elf
RUNTIME_LIBIPC_INITRD_PATH := lib/libipc.rt
$(RUNTIME_DIR)/obj/libipc/string_ops.o: USER_CFLAGS += $(STRING_OPS_CFLAGS)
$(RUNTIME_DIR)/obj/libipc/string_ops.o: libipc/build.mk

$(RUNTIME_DIR)/obj/libipc/%.o: libipc/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -DMICA_RUNTIME_IMAGE $(DEP_FLAGS) -c -o $@ $<

$(eval $(call runtime_image,libipc,$(RUNTIME_LIBIPC_OBJS),$(RUNTIME_LIBIPC_HEADERS),,-Ilibipc/include))

ALL_TARGETS += $(RUNTIME_LIBIPC_ELF)
INITRD_CONTENTS += $(INITRD_ROOT)/$(RUNTIME_LIBIPC_INITRD_PATH)

# Signed like every server image: init refuses a runtime it cannot trust.
# The initrd's copy carries no debug information (gdb reads $(RUNTIME_LIBIPC_ELF)):
# init verifies the signature over every byte before the first server loads.
$(INITRD_ROOT)/$(RUNTIME_LIBIPC_INITRD_PATH): $(RUNTIME_LIBIPC_ELF) $(SIGN_KEY) $(SIGN_IMAGE) libipc/runtime/build.mk
	@mkdir -p $(dir $@)
	$(OBJCOPY) --strip-debug $< $@.unsigned
	$(call sign_image,$@.unsigned,$@) && rm $@.unsigned
