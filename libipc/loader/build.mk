# libipc/loader/: the server image loader library and its linker scripts. Host
# objects feed srvinfo, the tests and the fuzzer; the same sources build a
# freestanding RV64 archive init links. The make functions that build runtime
# and server images are in libipc/loader/images.mk.

LOADER_SOURCES := $(sort $(wildcard libipc/loader/*.c))
LOADER_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/obj/%.o,$(LOADER_SOURCES))
LOADER_A := $(BUILD)/loader/target/libloader.a
LOADER_TARGET_OBJS := $(patsubst libipc/loader/%.c,$(BUILD)/loader/target/obj/%.o,$(LOADER_SOURCES))
# init is a user program, but the loader needs nothing from its C library:
# freestanding, no builtins that could turn loops into memcpy calls.
LOADER_TARGET_CFLAGS := $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -std=gnu11 -O2 -g \
  -ffreestanding -fno-builtin -fno-common -fno-stack-protector -mno-relax -Wa,-mno-relax \
  -Ilibipc/include

include libipc/loader/images.mk

ALL_TARGETS += $(LOADER_A) $(LOADER_SERVER_LDS) $(LOADER_RUNTIME_LDS)

.PHONY: loader
loader: $(LOADER_A) $(LOADER_SERVER_LDS) $(LOADER_RUNTIME_LDS)

$(BUILD)/loader/target/obj/%.o: libipc/loader/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LOADER_TARGET_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

# Nothing from outside: init links this next to whatever C runtime it has.
$(LOADER_A): $(LOADER_TARGET_OBJS)
	$(call self_contained_archive,loader)

# Linker scripts are preprocessed with the loader's header: one page size.
$(BUILD)/loader/%.ld: libipc/loader/%.ld.S libipc/include/mica/loader.h libipc/include/mica/runtime_abi.h | deps
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -ffreestanding -Ilibipc/include -imacros mica/loader.h -o $@ $<

