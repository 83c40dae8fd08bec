# The block-server framework (libipc/include/mica/blk_server.h): one
# archive, compiled once like server objects (freestanding, no relaxation),
# that server images link (ld -r takes the members they use; the rest of
# libipc comes from the runtime at load time) and static programs link
# before libipc.a (blktest serves ramdisks from its own threads). It needs
# libblk (request checks, handle table, DIRECT_RUN rules) and libmica's
# spsc ring beside it.

include libipc/loader/images.mk

LIBBLKSERVER_A := $(BUILD)/libipc/libblkserver.a
LIBBLKSERVER_OBJS := $(patsubst libipc/blkserver/%.c,$(BUILD)/libipc/blkserver/obj/%.o,$(wildcard libipc/blkserver/*.c))
# What a block server links beside its own objects.
BLKSERVER_LINK := $(LIBBLKSERVER_A) $(LIBBLK_A) $(BUILD)/lib/target/obj/spsc_ring.o \
  $(BUILD)/lib/target/obj/server_params.o \
  $(BUILD)/lib/target/obj/errno.o

ALL_TARGETS += $(LIBBLKSERVER_A)

$(BUILD)/libipc/blkserver/obj/%.o: libipc/blkserver/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include $(DEP_FLAGS) -c -o $@ $<

$(LIBBLKSERVER_A): $(LIBBLKSERVER_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^
