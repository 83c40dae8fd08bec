# ctlprobe: a hostile client of init's process-control protocol and its
# configuration (tests/system/test_shell_server.py).

$(eval $(call user_program,ctlprobe,tests/guest/ctlprobe/main.c))

INITRD_CONTENTS += $(INITRD_ROOT)/etc/ctl-hostile.conf
$(INITRD_ROOT)/etc/ctl-hostile.conf: tests/guest/ctlprobe/ctl-hostile.conf
	@mkdir -p $(dir $@)
	cp $< $@
