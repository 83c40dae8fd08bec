# sdhci: the SD-card driver server on the block-server framework. It links
# virtio-blk's DMA-quota helper and libipc's timebase (waits in ticks).

include libipc/loader/images.mk
SDHCI_OBJS := $(patsubst %,$(BUILD)/srv/obj/servers/sdhci/%.o,main host card serve dma_sync) \
  $(BUILD)/srv/obj/servers/virtio-blk/dma.o $(BUILD)/srv/obj/libipc/timebase.o $(BLKSERVER_LINK)

$(BUILD)/srv/obj/libipc/timebase.o: libipc/timebase.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

$(eval $(call server_image,sdhci,$(SDHCI_OBJS),libipc))
$(eval $(call initrd_server,sdhci))
