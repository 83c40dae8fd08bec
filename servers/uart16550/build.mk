# uart16550: the serial driver server (ns16550a, snps,dw-apb-uart).

UART16550_OBJS := $(patsubst %,$(BUILD)/srv/obj/servers/uart16550/%.o,main device serve) \
  $(BUILD)/lib/target/obj/errno.o
$(eval $(call server_image,uart16550,$(UART16550_OBJS),libipc))
$(eval $(call initrd_server,uart16550))
