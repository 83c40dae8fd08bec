# virtio-blk: the virtio-mmio block driver server on the block-server
# framework, what it needs from libipc/blk/ and libipc/lib/ built freestanding, and its
# init configurations.

include libipc/loader/images.mk
# The device engine (bring-up, transport, DMA, virtqueue transfers), also
# linked by the direct-run bench program (tests/bench/vblkdirect).
VBLK_ENGINE_OBJS := $(patsubst %,$(BUILD)/srv/obj/servers/virtio-blk/%.o,bringup mmio dma device io) \
  $(BUILD)/blk/target/obj/virtq.o $(BUILD)/blk/target/obj/virtio_blk_req.o
VBLK_OBJS := $(patsubst %,$(BUILD)/srv/obj/servers/virtio-blk/%.o,main serve) $(VBLK_ENGINE_OBJS) \
  $(BLKSERVER_LINK)

$(eval $(call server_image,virtio-blk,$(VBLK_OBJS),libipc))
$(eval $(call initrd_server,virtio-blk))

VBLK_ETC := $(patsubst servers/virtio-blk/etc/%,$(INITRD_ROOT)/etc/%,$(wildcard servers/virtio-blk/etc/*))
INITRD_CONTENTS += $(VBLK_ETC)

$(VBLK_ETC): $(INITRD_ROOT)/etc/%: servers/virtio-blk/etc/%
	@mkdir -p $(dir $@)
	cp $< $@
