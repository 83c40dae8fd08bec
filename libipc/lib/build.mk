# libipc/lib/: code shared by user-space servers and host tools (SHA-256, SPSC
# rings, the block verify pattern, error names, the image signature trailer,
# named server parameters).
# Host objects feed the cmocka tests and tools; the same sources build a
# freestanding RV64 archive for servers.

LIBMICA_SOURCES := libipc/lib/errno.c libipc/lib/sha256.c libipc/lib/spsc_ring.c libipc/lib/blkpattern.c \
  libipc/lib/mem_ops.c libipc/lib/image_signature.c libipc/lib/server_params.c
LIBMICA_A := $(BUILD)/lib/target/libmica.a
# The Ed25519 verifier (ED25519_SOURCES, libipc/ed25519/build.mk, read before
# this fragment) is part of the archive too.
LIBMICA_TARGET_OBJS := $(patsubst libipc/lib/%.c,$(BUILD)/lib/target/obj/%.o,$(LIBMICA_SOURCES)) \
  $(patsubst libipc/ed25519/%.c,$(BUILD)/lib/target/obj/ed25519/%.o,$(ED25519_SOURCES))
# No stack protector or libc: servers link this into ET_REL images, and the
# loader refuses linker relaxation, hence -mno-relax for compiler and assembler.
LIBMICA_TARGET_CFLAGS := $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -std=gnu11 -O2 -g \
  -ffreestanding -fno-common -fno-stack-protector -mno-relax -Wa,-mno-relax -Ilibipc/include

ALL_TARGETS += $(LIBMICA_A)

# mem_ops.c is what memcpy calls: GCC must not turn its loops into memcpy calls.
MEM_OPS_CFLAGS := -fno-tree-loop-distribute-patterns -fno-builtin
$(BUILD)/lib/target/obj/mem_ops.o: LIBMICA_TARGET_CFLAGS += $(MEM_OPS_CFLAGS)

.PHONY: libmica
libmica: $(LIBMICA_A)

$(BUILD)/lib/target/obj/%.o: libipc/lib/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LIBMICA_TARGET_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

$(BUILD)/lib/target/obj/ed25519/%.o: libipc/ed25519/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LIBMICA_TARGET_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

# The archive must not need anything from outside itself (memcpy, libgcc,
# ...): servers and the loader's runtime provide nothing else to it.
$(LIBMICA_A): $(LIBMICA_TARGET_OBJS)
	$(call self_contained_archive,libmica)

$(eval $(call host_test,lib_sha256_test,libipc/lib/tests/sha256_test.c libipc/lib/sha256.c libipc/lib/errno.c))
$(eval $(call host_test,lib_spsc_ring_test,libipc/lib/tests/spsc_ring_test.c libipc/lib/spsc_ring.c))
$(eval $(call host_test,lib_spsc_ring_threads_test,libipc/lib/tests/spsc_ring_threads_test.c libipc/lib/spsc_ring.c))
$(eval $(call host_test,lib_blkpattern_test,libipc/lib/tests/blkpattern_test.c libipc/lib/blkpattern.c libipc/lib/sha256.c))
$(eval $(call host_test,lib_mem_ops_test,libipc/lib/tests/mem_ops_test.c libipc/lib/mem_ops.c))
$(eval $(call host_test,lib_image_signature_test,libipc/lib/tests/image_signature_test.c \
  libipc/lib/image_signature.c libipc/lib/sha256.c $(ED25519_SOURCES)))
$(eval $(call host_test,lib_server_params_test,libipc/lib/tests/server_params_test.c libipc/lib/server_params.c))
