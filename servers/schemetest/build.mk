# schemetest: a client process reaching ramdisk.srv through init's name
# service (boot with init.conf=etc/schemes.conf, shipped from here), or
# virtio-blk's disk.vblk0 (servers/virtio-blk/etc/vblk-serve*.conf).

$(eval $(call user_program,schemetest,servers/schemetest/main.c servers/schemetest/vblk.c servers/schemetest/vblk_paths.c \
  servers/schemetest/direct.c))

INITRD_CONTENTS += $(INITRD_ROOT)/etc/direct-run.conf
$(INITRD_ROOT)/etc/direct-run.conf: servers/schemetest/direct-run.conf
	@mkdir -p $(dir $@)
	cp $< $@

INITRD_CONTENTS += $(INITRD_ROOT)/etc/schemes.conf
$(INITRD_ROOT)/etc/schemes.conf: servers/schemetest/schemes.conf
	@mkdir -p $(dir $@)
	cp $< $@

INITRD_CONTENTS += $(INITRD_ROOT)/etc/schemes-stop.conf
$(INITRD_ROOT)/etc/schemes-stop.conf: servers/schemetest/schemes-stop.conf
	@mkdir -p $(dir $@)
	cp $< $@
