# virtio-blk: the virtio-mmio block driver server on the block-server
# framework, what it needs from blk/ and lib/ built freestanding, and its
# init configurations.

include loader/images.mk
VBLK_OBJS := $(patsubst %,$(BUILD)/srv/obj/servers/virtio-blk/%.o,main mmio dma device io direct serve direct_run) \
  $(BUILD)/blk/target/obj/virtq.o $(BUILD)/blk/target/obj/virtio_blk_req.o \
  $(BUILD)/lib/target/obj/blkpattern.o $(BLKSERVER_LINK)

$(eval $(call server_image,virtio-blk,$(VBLK_OBJS),libipc))
$(eval $(call initrd_server,virtio-blk))

VBLK_ETC := $(patsubst servers/virtio-blk/etc/%,$(INITRD_ROOT)/etc/%,$(wildcard servers/virtio-blk/etc/*))
INITRD_CONTENTS += $(VBLK_ETC)

$(VBLK_ETC): $(INITRD_ROOT)/etc/%: servers/virtio-blk/etc/%
	@mkdir -p $(dir $@)
	cp $< $@
