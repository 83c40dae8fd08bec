# blktest: the block protocol's conformance tests, against ramdisk server
# threads in its own process (init.conf=etc/blktest.conf) or separate
# servers' schemes by name (etc/blktest-srv.conf, etc/blktest-vblk.conf).
# Its init.conf files ship from here.

include servers/ramdisk/sources.mk
BLKTEST_SOURCES := tests/guest/blktest/main.c tests/guest/blktest/helpers.c tests/guest/blktest/t_handles.c \
  tests/guest/blktest/t_paths.c tests/guest/blktest/t_simple.c tests/guest/blktest/t_windows.c tests/guest/blktest/t_invalid.c tests/guest/blktest/t_queue.c \
  tests/guest/blktest/t_clients.c tests/guest/blktest/t_partitions.c tests/guest/blktest/t_workers.c tests/guest/blktest/t_busy.c tests/guest/blktest/targets.c \
  $(RAMDISK_CORE_SOURCES)
$(eval $(call user_program,blktest,$(BLKTEST_SOURCES)))
# The ramdisk core's framework, linked before libipc.a.
USER_OBJS_blktest += $(LIBBLKSERVER_A) $(LIBBLK_A)
$(BUILD)/user/blktest.elf: $(LIBBLKSERVER_A) $(LIBBLK_A)
$(BUILD)/user/obj/tests/guest/blktest/%.o: USER_CFLAGS += -Iservers/ramdisk

BLKTEST_ETC := $(patsubst tests/guest/blktest/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/guest/blktest/*.conf))
INITRD_CONTENTS += $(BLKTEST_ETC)
$(BLKTEST_ETC): $(INITRD_ROOT)/etc/%: tests/guest/blktest/%
	@mkdir -p $(dir $@)
	cp $< $@
