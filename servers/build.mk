# Server images in the initrd and the key init trusts them by.
# A server's fragment (read after this one) builds its image with server_image
# and ships it with
#   $(eval $(call initrd_server,<name>))
# which copies $(SERVER_IMAGE_DIR)/<name>.srv to /srv/<name>.srv (without
# debug information, signed again: stripping drops the trailer).

include libipc/loader/images.mk

# The public half of SIGN_KEY: init accepts images signed by the keys in
# /etc/keys/*.pub (32 raw bytes each).
SIGN_PUBLIC_KEY := $(INITRD_ROOT)/etc/keys/build.pub
INITRD_CONTENTS += $(SIGN_PUBLIC_KEY)
$(SIGN_PUBLIC_KEY): $(SIGN_KEY) $(SIGN_IMAGE)
	@mkdir -p $(dir $@)
	$(SIGN_IMAGE) --public $< $@

define initrd_server
INITRD_CONTENTS += $(INITRD_ROOT)/srv/$(1).srv
endef

# The initrd's copy carries no debug information (gdb and srvinfo read the
# one in $(SERVER_IMAGE_DIR)): init verifies the signature over every byte
# of an image it loads. Before packing, srvinfo loads it against the runtime
# as init will (signature by SIGN_KEY, entry symbol, imports, relocations,
# manifest), so an image init would refuse fails the build instead of the
# boot. Test fixtures init must refuse have rules of their own.
$(INITRD_ROOT)/srv/%.srv: $(SERVER_IMAGE_DIR)/%.srv $(SRVINFO) $(RUNTIME_LIBIPC_ELF) $(SIGN_PUBLIC_KEY) $(SIGN_IMAGE)
	@mkdir -p $(dir $@)
	$(OBJCOPY) --strip-debug $< $@.unsigned
	$(call sign_image,$@.unsigned,$@) && rm $@.unsigned
	$(SRVINFO) --check --key $(SIGN_PUBLIC_KEY) --runtime $(RUNTIME_LIBIPC_ELF) $@ > /dev/null

# Server objects: SERVER_CFLAGS plus libipc's public headers.
$(BUILD)/srv/obj/servers/%.o: servers/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include $(DEP_FLAGS) -c -o $@ $<

# Test programs that are server images (tests/guest/hello, probe, ...).
$(BUILD)/srv/obj/tests/%.o: tests/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include $(DEP_FLAGS) -c -o $@ $<
