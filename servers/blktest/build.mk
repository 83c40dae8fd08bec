# blktest: the block protocol end to end in one process (ramdisk server
# threads, client threads using libipc's block client); boot with
# init.conf=etc/blktest.conf. Its init.conf ships from here.

include servers/ramdisk/sources.mk
BLKTEST_SOURCES := servers/blktest/main.c servers/blktest/helpers.c servers/blktest/t_handles.c \
  servers/blktest/t_paths.c servers/blktest/t_invalid.c servers/blktest/t_queue.c \
  servers/blktest/t_clients.c $(RAMDISK_CORE_SOURCES) blk/blk_request.c blk/blk_handle_table.c blk/blk_direct.c blk/bench_stats.c
$(eval $(call user_program,blktest,$(BLKTEST_SOURCES)))
$(BUILD)/user/obj/servers/blktest/%.o: USER_CFLAGS += -Iservers/ramdisk

INITRD_CONTENTS += $(INITRD_ROOT)/etc/blktest.conf
$(INITRD_ROOT)/etc/blktest.conf: servers/blktest/blktest.conf
	@mkdir -p $(dir $@)
	cp $< $@
