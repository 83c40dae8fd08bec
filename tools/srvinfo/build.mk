# srvinfo: prints, checks and links server images on the host with the
# loader's own code. tools/linkcheck compares its links with ld's.

include libipc/loader/images.mk
SRVINFO_SOURCES := tools/srvinfo/srvinfo.c tools/common/file.c tools/common/sanitizer.c \
  servers/init/trust.c libipc/lib/image_signature.c libipc/lib/sha256.c $(ED25519_SOURCES)
ALL_TARGETS += $(SRVINFO)

.PHONY: tools
tools: $(SRVINFO) $(MKVERSIONS) $(ABIHASH)

$(SRVINFO): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(SRVINFO_SOURCES)) $(LOADER_HOST_OBJS) | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^
