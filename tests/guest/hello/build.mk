# hello: a trivial server image linked at load time against the runtime.

$(eval $(call server_image,hello,$(BUILD)/srv/obj/tests/guest/hello/main.o,libipc))
$(eval $(call initrd_server,hello))

# hello with one byte changed, listed under hello's true digest: init must
# refuse it (tests/system/test_servers.py).
INITRD_CONTENTS += $(INITRD_ROOT)/srv/tampered.srv
TEST_INITRD_ONLY += $(INITRD_ROOT)/srv/tampered.srv
SERVER_DIGEST_CLAIMS += $(INITRD_ROOT)/srv/hello.srv=srv/tampered.srv
$(INITRD_ROOT)/srv/tampered.srv: $(INITRD_ROOT)/srv/hello.srv
	@mkdir -p $(dir $@)
	cp $< $@
	printf '\377' | dd of=$@ bs=1 seek=100 conv=notrunc 2>/dev/null
