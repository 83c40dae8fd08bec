# blktest: the block protocol's conformance tests, against ramdisk server
# threads in its own process (init.conf=etc/blktest.conf) or separate
# servers' schemes by name (etc/blktest-srv.conf, etc/blktest-vblk.conf).
# Its init.conf files ship from here.

include servers/ramdisk/sources.mk
BLKTEST_SOURCES := servers/blktest/main.c servers/blktest/helpers.c servers/blktest/t_handles.c \
  servers/blktest/t_paths.c servers/blktest/t_invalid.c servers/blktest/t_queue.c \
  servers/blktest/t_clients.c servers/blktest/targets.c $(RAMDISK_CORE_SOURCES)
$(eval $(call user_program,blktest,$(BLKTEST_SOURCES)))
# The ramdisk core's framework, linked before libipc.a.
USER_OBJS_blktest += $(LIBBLKSERVER_A) $(LIBBLK_A)
$(BUILD)/user/blktest.elf: $(LIBBLKSERVER_A) $(LIBBLK_A)
$(BUILD)/user/obj/servers/blktest/%.o: USER_CFLAGS += -Iservers/ramdisk

BLKTEST_ETC := $(patsubst servers/blktest/%,$(INITRD_ROOT)/etc/%,$(wildcard servers/blktest/*.conf))
INITRD_CONTENTS += $(BLKTEST_ETC)
$(BLKTEST_ETC): $(INITRD_ROOT)/etc/%: servers/blktest/%
	@mkdir -p $(dir $@)
	cp $< $@
