# virtio-blk: the virtio-mmio block driver server, what it needs from blk/
# and lib/ built freestanding, and its init configurations.

include loader/images.mk
VBLK_OBJS := $(patsubst %,$(BUILD)/srv/obj/servers/virtio-blk/%.o,main mmio dma device io direct serve control slots msgio buffer queue direct_run) \
  $(BUILD)/blk/target/obj/virtq.o $(BUILD)/blk/target/obj/blk_request.o $(BUILD)/blk/target/obj/blk_handle_table.o \
  $(BUILD)/blk/target/obj/virtio_blk_req.o $(patsubst %,$(BUILD)/srv/obj/servers/blkserver/%.o,handle_caps inbox frames ring_pair direct_run open) \
  $(BUILD)/blk/target/obj/blk_direct.o $(BUILD)/blk/target/obj/bench_stats.o \
  $(BUILD)/lib/target/obj/spsc_ring.o \
  $(BUILD)/lib/target/obj/blkpattern.o $(BUILD)/lib/target/obj/errno.o

$(eval $(call server_image,virtio-blk,$(VBLK_OBJS),libipc))
$(eval $(call initrd_server,virtio-blk))

VBLK_ETC := $(patsubst servers/virtio-blk/etc/%,$(INITRD_ROOT)/etc/%,$(wildcard servers/virtio-blk/etc/*))
INITRD_CONTENTS += $(VBLK_ETC)

$(VBLK_ETC): $(INITRD_ROOT)/etc/%: servers/virtio-blk/etc/%
	@mkdir -p $(dir $@)
	cp $< $@
