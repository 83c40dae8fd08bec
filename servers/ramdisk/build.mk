# ramdisk: the RAM-backed block server. Its core (every file but main.c) is
# also linked into blktest, which runs it in a thread; main.c makes it the
# ramdisk.srv image, linked at load time against the runtime.

include libipc/loader/images.mk
include servers/ramdisk/sources.mk
RAMDISK_SRV_OBJS := $(patsubst %.c,$(BUILD)/srv/obj/%.o,$(RAMDISK_CORE_SOURCES) servers/ramdisk/main.c) \
  $(BLKSERVER_LINK)

$(eval $(call server_image,ramdisk,$(RAMDISK_SRV_OBJS),libipc))
$(eval $(call initrd_server,ramdisk))
