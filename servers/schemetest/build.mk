# schemetest: a client process reaching ramdisk.srv through init's name
# service (boot with init.conf=etc/schemes.conf, shipped from here), or
# virtio-blk's disk.vblk0 (servers/virtio-blk/etc/vblk-serve*.conf,
# etc/schemes-stop-vblk.conf); every servers/schemetest/*.conf is shipped
# in /etc.

$(eval $(call user_program,schemetest,servers/schemetest/main.c servers/schemetest/vblk.c servers/schemetest/vblk_paths.c servers/schemetest/pin_probe.c \
  servers/schemetest/direct.c servers/schemetest/abandon.c servers/schemetest/death.c tests/bench/direct_call.c))
# direct.c calls the direct-run bench program (tests/bench/direct_call.h).
$(BUILD)/user/obj/servers/schemetest/direct.o: USER_CFLAGS += -Itests/bench

SCHEMETEST_ETC := $(patsubst servers/schemetest/%,$(INITRD_ROOT)/etc/%,$(wildcard servers/schemetest/*.conf))
INITRD_CONTENTS += $(SCHEMETEST_ETC)
$(SCHEMETEST_ETC): $(INITRD_ROOT)/etc/%: servers/schemetest/%
	@mkdir -p $(dir $@)
	cp $< $@
