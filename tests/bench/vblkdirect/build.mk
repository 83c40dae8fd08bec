# vblkdirect.srv: the bench program that links virtio-blk's device engine
# (VBLK_ENGINE_OBJS) and drives a disk of its own with no IPC per request:
# blkbench's direct baseline for virtio disks, and the whole-disk verify.
# Its init configurations (*.conf here) are shipped in /etc.

include libipc/loader/images.mk

$(BUILD)/srv/obj/tests/bench/%.o: tests/bench/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include -Iservers/virtio-blk $(DEP_FLAGS) -c -o $@ $<

VBLKDIRECT_OBJS := $(patsubst %,$(BUILD)/srv/obj/tests/bench/vblkdirect/%.o,main engine serve verify) \
  $(VBLK_ENGINE_OBJS) $(BUILD)/lib/target/obj/blkpattern.o $(LIBBLK_A) $(BUILD)/lib/target/obj/errno.o

$(eval $(call server_image,vblkdirect,$(VBLKDIRECT_OBJS),libipc))
$(eval $(call initrd_server,vblkdirect))

VBLKDIRECT_ETC := $(patsubst tests/bench/vblkdirect/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/bench/vblkdirect/*.conf))
INITRD_CONTENTS += $(VBLKDIRECT_ETC)
$(VBLKDIRECT_ETC): $(INITRD_ROOT)/etc/%: tests/bench/vblkdirect/%
	@mkdir -p $(dir $@)
	cp $< $@
