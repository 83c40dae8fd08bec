# schemetest: a client process reaching ramdisk.srv through init's name
# service (boot with init.conf=etc/schemes.conf, shipped from here), or
# virtio-blk's disk.vblk0 (servers/virtio-blk/etc/vblk-serve*.conf,
# etc/schemes-stop-vblk.conf); every tests/guest/schemetest/*.conf is shipped
# in /etc.

$(eval $(call user_program,schemetest,tests/guest/schemetest/main.c tests/guest/schemetest/vblk.c tests/guest/schemetest/vblk_paths.c tests/guest/schemetest/vblk_enter.c tests/guest/schemetest/pin_probe.c \
  tests/guest/schemetest/direct.c tests/guest/schemetest/abandon.c tests/guest/schemetest/death.c tests/bench/direct_call.c))
# direct.c calls the direct-run bench program (tests/bench/direct_call.h).
$(BUILD)/user/obj/tests/guest/schemetest/direct.o: USER_CFLAGS += -Itests/bench

SCHEMETEST_ETC := $(patsubst tests/guest/schemetest/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/guest/schemetest/*.conf))
INITRD_CONTENTS += $(SCHEMETEST_ETC)
$(SCHEMETEST_ETC): $(INITRD_ROOT)/etc/%: tests/guest/schemetest/%
	@mkdir -p $(dir $@)
	cp $< $@
