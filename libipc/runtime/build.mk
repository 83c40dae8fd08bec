# The shared runtime image: libipc's objects (without the static program's
# start-up and threads, which need TLS) plus picolibc's string and format
# functions, linked once at MICA_RUNTIME_BASE with an export table, and put
# into the initrd, signed, as /lib/libipc.rt for init to map into every server.

include libipc/loader/images.mk

RUNTIME_LIBIPC_SOURCES := msg.c log.c log_line.c objects.c slots.c memory.c exit.c fault_names.c args.c \
  string_ops.c runtime/server_start.c
# string_ops.c's memcpy/memmove/memset call libipc/lib/mem_ops.c's word loops.
RUNTIME_LIBIPC_OBJS := $(patsubst %.c,$(RUNTIME_DIR)/obj/libipc/%.o,$(RUNTIME_LIBIPC_SOURCES)) \
  $(BUILD)/lib/target/obj/mem_ops.o
RUNTIME_LIBIPC_HEADERS := libipc/include/mica/ipc.h libipc/include/mica/log.h \
  libipc/include/mica/cap.h libipc/include/mica/server.h libipc/include/mica/rt_string.h \
  libipc/include/mica/args.h
# picolibc.specs names this directory for links through gcc; ld needs the file.
# $$multilib is the link recipe's shell variable: the compiler is asked while
# the link runs, after `deps` installed it (asked while make reads the
# makefiles, a fresh machine has no compiler, the multilib directory comes
# back empty, and the lp64d library goes into a soft-float image).
RUNTIME_ARCHIVES_libipc = /usr/lib/picolibc/riscv64-unknown-elf/lib/$$multilib/libc.a
RUNTIME_LIBIPC_ELF := $(RUNTIME_DIR)/libipc.elf
RUNTIME_LIBIPC_INITRD_PATH := lib/libipc.rt

$(RUNTIME_DIR)/obj/libipc/%.o: libipc/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -DMICA_RUNTIME_IMAGE $(DEP_FLAGS) -c -o $@ $<

$(eval $(call runtime_image,libipc,$(RUNTIME_LIBIPC_OBJS),$(RUNTIME_LIBIPC_HEADERS),,-Ilibipc/include))

ALL_TARGETS += $(RUNTIME_LIBIPC_ELF)
INITRD_CONTENTS += $(INITRD_ROOT)/$(RUNTIME_LIBIPC_INITRD_PATH)

# Signed like every server image: init refuses a runtime it cannot trust.
$(INITRD_ROOT)/$(RUNTIME_LIBIPC_INITRD_PATH): $(RUNTIME_LIBIPC_ELF) $(SIGN_KEY) $(SIGN_IMAGE)
	@mkdir -p $(dir $@)
	$(call sign_image,$<,$@)
