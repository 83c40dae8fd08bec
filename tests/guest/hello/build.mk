# hello: a trivial server image linked at load time against the runtime.

$(eval $(call server_image,hello,$(BUILD)/srv/obj/tests/guest/hello/main.o,libipc))
$(eval $(call initrd_server,hello))

# Copies of hello init must refuse, each for its own reason
# (tests/system/test_servers.py): tampered (signed, then one byte of the
# signed payload changed), unsigned (no trailer), and otherkey (signed by a
# key init does not trust).
HELLO_REFUSED := tampered unsigned otherkey
INITRD_CONTENTS += $(patsubst %,$(INITRD_ROOT)/srv/%.srv,$(HELLO_REFUSED))
TEST_INITRD_ONLY += $(patsubst %,$(INITRD_ROOT)/srv/%.srv,$(HELLO_REFUSED))
$(INITRD_ROOT)/srv/tampered.srv: $(INITRD_ROOT)/srv/hello.srv
	@mkdir -p $(dir $@)
	cp $< $@
	printf '\377' | dd of=$@ bs=1 seek=100 conv=notrunc 2>/dev/null
$(INITRD_ROOT)/srv/unsigned.srv: $(SERVER_IMAGE_DIR)/hello.srv
	@mkdir -p $(dir $@)
	$(OBJCOPY) --strip-debug $< $@
$(INITRD_ROOT)/srv/otherkey.srv: $(INITRD_ROOT)/srv/unsigned.srv $(BUILD)/keys/other.pem $(SIGN_IMAGE)
	$(SIGN_IMAGE) $(BUILD)/keys/other.pem $< $@
