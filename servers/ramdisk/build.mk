# ramdisk: the RAM-backed block server. Its core (every file but main.c) is
# also linked into blktest, which runs it in a thread; main.c makes it the
# ramdisk.srv image, linked at load time against the runtime.

include loader/images.mk
include servers/ramdisk/sources.mk
# What the core needs from blk/ and lib/, built freestanding for images.
RAMDISK_SRV_OBJS := $(patsubst %.c,$(BUILD)/srv/obj/%.o,$(RAMDISK_CORE_SOURCES) servers/ramdisk/main.c) \
  $(BUILD)/blk/target/obj/blk_request.o $(BUILD)/blk/target/obj/blk_handle_table.o \
  $(BUILD)/blk/target/obj/blk_direct.o $(BUILD)/blk/target/obj/bench_stats.o \
  $(BUILD)/lib/target/obj/spsc_ring.o \
  $(BUILD)/lib/target/obj/errno.o

$(eval $(call server_image,ramdisk,$(RAMDISK_SRV_OBJS),libipc))
$(eval $(call initrd_server,ramdisk))
