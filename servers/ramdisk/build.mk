# ramdisk: the RAM-backed block server. Its core (every file but main.c) is
# also linked into blktest, which runs it in a thread; main.c makes it the
# ramdisk.srv image, linked at load time against the runtime.

include libipc/loader/images.mk
include servers/ramdisk/sources.mk
RAMDISK_SRV_OBJS := $(patsubst %.c,$(BUILD)/srv/obj/%.o,$(RAMDISK_CORE_SOURCES) servers/ramdisk/main.c) \
  $(BLKSERVER_LINK)

$(eval $(call server_image,ramdisk,$(RAMDISK_SRV_OBJS),libipc))
$(eval $(call initrd_server,ramdisk))

# ramdisk-next.srv: the same server as version 1.1.0, for the live-update
# test (`restart ramdisk srv/ramdisk-next.srv`); only the test initrd has it.
$(BUILD)/srv/obj/servers/ramdisk/main-next.o: servers/ramdisk/main.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -DRAMDISK_VERSION_MINOR=1 $(DEP_FLAGS) -c -o $@ $<
RAMDISK_NEXT_SRV_OBJS := $(patsubst %.c,$(BUILD)/srv/obj/%.o,$(RAMDISK_CORE_SOURCES)) \
  $(BUILD)/srv/obj/servers/ramdisk/main-next.o $(BLKSERVER_LINK)
$(eval $(call server_image,ramdisk-next,$(RAMDISK_NEXT_SRV_OBJS),libipc))
$(eval $(call initrd_server,ramdisk-next))
TEST_INITRD_ONLY += $(INITRD_ROOT)/srv/ramdisk-next.srv
