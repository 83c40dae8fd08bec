# nullblk: the example block driver (docs/drivers.md), one file on the
# block-server framework, shipped as nullblk.srv.

include libipc/loader/images.mk
$(eval $(call server_image,nullblk,$(BUILD)/srv/obj/servers/nullblk/nullblk.o $(BLKSERVER_LINK),libipc))
$(eval $(call initrd_server,nullblk))
