# abihash: the host tool that hashes runtime prototypes and writes the
# runtime's export table (used by runtime_image in libipc/loader/build.mk).

include libipc/loader/images.mk
ABIHASH_SOURCES := tools/abihash/abihash.c tools/abihash/abi.c tools/common/sanitizer.c
ALL_TARGETS += $(ABIHASH)

$(ABIHASH): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(ABIHASH_SOURCES)) | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

$(eval $(call host_test,abihash_test,tools/abihash/abihash_test.c tools/abihash/abi.c))
