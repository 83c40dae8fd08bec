# reload: the load-time benchmark (a client of init's process-control
# protocol) and its configuration, booted with init.conf=etc/reload.conf.

$(eval $(call user_program,reload,tests/bench/reload/main.c))
USER_OBJS_reload += $(LIBBLK_A)
$(BUILD)/user/reload.elf: $(LIBBLK_A)

INITRD_CONTENTS += $(INITRD_ROOT)/etc/reload.conf
$(INITRD_ROOT)/etc/reload.conf: tests/bench/reload/reload.conf
	@mkdir -p $(dir $@)
	cp $< $@
