# fat: the read-only FAT file-system server (docs/files.md). The parser
# (fat_boot.c, fat_chain.c, fat_dir.c, fat_file.c) is pure code over byte
# reads, tested on the host against volumes mtools makes and fuzzed.

FAT_PARSER_SOURCES := servers/fat/fat_boot.c servers/fat/fat_chain.c servers/fat/fat_dir.c \
  servers/fat/fat_file.c
FAT_TEST_DATA := $(BUILD)/fat-test/.stamp

$(FAT_TEST_DATA): servers/fat/tests/make-images.sh | deps
	sh servers/fat/tests/make-images.sh $(dir $@)
	touch $@

HOST_TEST_DATA += $(FAT_TEST_DATA)
$(eval $(call host_test,fat_test,servers/fat/tests/fat_test.c $(FAT_PARSER_SOURCES)))
$(patsubst %.c,$(BUILD)/host/obj/%.o,servers/fat/tests/fat_test.c $(FAT_PARSER_SOURCES)): HOST_CFLAGS += -Ilibipc/include

# The server image: the parser and the server, a client of the block
# devices through the runtime's block client, its handles kept in the block
# servers' handle table (libblkserver's handle caps).
include libipc/loader/images.mk
FAT_SRV_OBJS := $(patsubst %.c,$(BUILD)/srv/obj/%.o,$(FAT_PARSER_SOURCES) servers/fat/block_source.c \
  servers/fat/probe.c servers/fat/serve.c servers/fat/main.c libipc/include/mica/abi/bootargs.c) \
  $(BLKSERVER_LINK)
$(eval $(call server_image,fat,$(FAT_SRV_OBJS),libipc))
$(eval $(call initrd_server,fat))

# The command-line word reader both the kernel and init compile.
$(BUILD)/srv/obj/libipc/include/mica/abi/bootargs.o: libipc/include/mica/abi/bootargs.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -Ilibipc/include $(DEP_FLAGS) -c -o $@ $<
