# mkversions: writes a server's .mica.versions source (server_image uses it).

include libipc/loader/images.mk
MKVERSIONS_SOURCES := tools/mkversions/mkversions.c tools/common/file.c tools/common/sanitizer.c
ALL_TARGETS += $(MKVERSIONS)

$(MKVERSIONS): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(MKVERSIONS_SOURCES)) $(LOADER_HOST_OBJS) | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^
