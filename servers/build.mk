# Server images in the initrd and the digest list init checks them against.
# A server's fragment (read after this one) builds its image with server_image
# and ships it with
#   $(eval $(call initrd_server,<name>))
# which copies $(SERVER_IMAGE_DIR)/<name>.srv to /srv/<name>.srv (without
# debug information and unneeded local labels) and adds it
# to /etc/srv.sha256 (`sha256sum` format: hex digest, two spaces, path).

include libipc/loader/images.mk

SERVER_DIGESTS := $(INITRD_ROOT)/etc/srv.sha256
INITRD_CONTENTS += $(SERVER_DIGESTS)

define initrd_server
INITRD_CONTENTS += $(INITRD_ROOT)/srv/$(1).srv
$(SERVER_DIGESTS): $(INITRD_ROOT)/srv/$(1).srv
endef

# The initrd's copy carries no debug information and none of the compiler's
# local labels but those a relocation names (gdb and srvinfo read the one in
# $(SERVER_IMAGE_DIR)): init hashes every byte of an image it loads, and the
# labels were most of them.
# Before packing, srvinfo loads that copy against the runtime as init will
# (entry symbol, imports, relocations, manifest), so an image init would
# refuse fails the build instead of the boot. Test fixtures init must refuse
# have rules of their own.
$(INITRD_ROOT)/srv/%.srv: $(SERVER_IMAGE_DIR)/%.srv $(SRVINFO) $(RUNTIME_LIBIPC_ELF) servers/build.mk
	@mkdir -p $(dir $@)
	$(OBJCOPY) --strip-debug --discard-locals $< $@.tmp
	$(SRVINFO) --check --runtime $(RUNTIME_LIBIPC_ELF) $@.tmp > /dev/null || { rm -f $@.tmp; exit 1; }
	mv $@.tmp $@

# Server objects: SERVER_CFLAGS plus libipc's public headers.
$(BUILD)/srv/obj/servers/%.o: servers/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include $(DEP_FLAGS) -c -o $@ $<

# Test programs that are server images (tests/guest/hello, probe, ...).
$(BUILD)/srv/obj/tests/%.o: tests/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include $(DEP_FLAGS) -c -o $@ $<

# Test lines: `<file>=<initrd path>` lists <file>'s digest for a different
# file at <initrd path> (a tampered image init must refuse).
SERVER_DIGEST_CLAIMS :=

# The runtime is checked like every image (libipc/runtime/build.mk ships it).
# The initrd's list rewrites the digests when a server is dropped.
$(SERVER_DIGESTS): $(INITRD_ROOT)/$(RUNTIME_LIBIPC_INITRD_PATH) $(INITRD_LIST)
	@mkdir -p $(dir $@)
	cd $(INITRD_ROOT) && sha256sum $(patsubst $(INITRD_ROOT)/%,%,$(filter $(INITRD_ROOT)/%,$^)) \
	  > $(abspath $@).tmp
	for claim in $(SERVER_DIGEST_CLAIMS); do \
	  sha256sum "$${claim%%=*}" | sed "s|  .*|  $${claim#*=}|" >> $@.tmp; done
	mv $@.tmp $@
