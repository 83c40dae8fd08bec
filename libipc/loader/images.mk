# Make functions that build runtime images and server images, and the paths
# of the host tools they run. Fragments are read in name order, so a fragment
# that calls these functions starts with `include libipc/loader/images.mk` (the guard
# makes a second inclusion harmless).

ifndef LOADER_IMAGES_MK
LOADER_IMAGES_MK := 1

ABIHASH := $(BUILD)/tools/abihash
MKVERSIONS := $(BUILD)/tools/mkversions
SRVINFO := $(BUILD)/tools/srvinfo
LOADER_SERVER_LDS := $(BUILD)/loader/server.ld
LOADER_RUNTIME_LDS := $(BUILD)/loader/runtime.ld

# --- Signing ----------------------------------------------------------------
# Every image the build ships is signed (tools/sign-image; the trailer's
# layout is in libipc/include/mica/image_signature.h) with SIGN_KEY, an
# Ed25519 private key in PEM made by OpenSSL the first time it is needed;
# SIGN_KEY=<path> signs with a key kept elsewhere (made there if missing).
# $(call sign_image,<unsigned>,<signed>) is the recipe line.
SIGN_KEY ?= $(BUILD)/keys/signing.pem
SIGN_IMAGE := tools/sign-image
sign_image = $(SIGN_IMAGE) $(SIGN_KEY) $(1) $(2)

# A key is made only when its file is missing, readable by its owner alone.
make_signing_key = mkdir -p $(dir $@) && (umask 077 && openssl genpkey -algorithm ed25519 -out $@.tmp) && mv $@.tmp $@
$(BUILD)/keys/%.pem: | deps
	$(make_signing_key)
ifneq ($(filter-out $(BUILD)/keys/%,$(SIGN_KEY)),)
$(SIGN_KEY): | deps
	$(make_signing_key)
endif

# --- Runtime images -------------------------------------------------------
# $(eval $(call runtime_image,<name>,<objects>,<public headers>[,<type-only headers>[,<extra cflags>]]))
# links <objects> with the export table abihash generates from the functions
# the public headers declare into $(BUILD)/runtime/<name>.elf: a static ELF,
# text at MICA_RUNTIME_BASE, writable data on the following pages. Headers are
# named relative to the top directory (the generated C includes them so).
# <objects> may include archives: the group lets the export table pull in
# functions only it names (a C library's memcpy, say). Archives whose path
# depends on the installed toolchain go in RUNTIME_ARCHIVES_<name>, a lazy
# variable the link recipe expands; it may name $$multilib, which the recipe
# asks of the compiler as it runs, as it does libgcc (no toolchain probe
# while make reads the makefiles).
# Type-only headers lend struct/typedef definitions to the hashes without
# exporting their functions. libipc uses it as
#   $(eval $(call runtime_image,libipc,$(RUNTIME_LIBIPC_OBJS),$(RUNTIME_LIBIPC_HEADERS),,-Ilibipc/include))
RUNTIME_DIR := $(BUILD)/runtime
RUNTIME_EXPORTS_CFLAGS := $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -std=gnu11 -O2 -ffreestanding \
  -fno-common -mno-relax -Wa,-mno-relax -Ilibipc/include -I.
RUNTIME_LDFLAGS := --no-relax -nostdlib -static --build-id=none -z noexecstack \
  -z max-page-size=$(shell sed -n 's/^\#define LOADER_PAGE_SIZE \([0-9]*\).*/\1/p' libipc/include/mica/loader.h)

define runtime_image
$(eval $(call inputs_list,$(RUNTIME_DIR)/$(1)/exported-headers,$(3) $(4)))
$(RUNTIME_DIR)/$(1)/exports.c: $(3) $(4) $(ABIHASH) $(RUNTIME_DIR)/$(1)/exported-headers | deps
	@mkdir -p $$(dir $$@)
	$(ABIHASH) $(addprefix -t ,$(4)) -o $$@ $(3)

$(RUNTIME_DIR)/$(1)/exports.o: $(RUNTIME_DIR)/$(1)/exports.c
	$(CC) $(RUNTIME_EXPORTS_CFLAGS) $(5) $(DEP_FLAGS) -c -o $$@ $$<

$(eval $(call inputs_list,$(RUNTIME_DIR)/$(1)/inputs,$(2)))
$(RUNTIME_DIR)/$(1).elf: $(2) $(RUNTIME_DIR)/$(1)/exports.o $(LOADER_RUNTIME_LDS) $(RUNTIME_DIR)/$(1)/inputs
	libgcc="$$$$($(CC) $(TARGET_LINK_FLAGS) -print-libgcc-file-name)"; \
	multilib="$$$$($(CC) $(TARGET_LINK_FLAGS) -print-multi-directory)"; \
	if [ ! -f "$$$$libgcc" ] || [ -z "$$$$multilib" ]; then \
	  echo "runtime|error: $(CC) names no libgcc or multilib directory for $(TARGET_LINK_FLAGS)" >&2; \
	  exit 1; fi; \
	$(LD) $(RUNTIME_LDFLAGS) -T $(LOADER_RUNTIME_LDS) -o $$@ --start-group $(2) \
	  $(RUNTIME_DIR)/$(1)/exports.o $$(RUNTIME_ARCHIVES_$(1)) --end-group "$$$$libgcc"
endef

# --- Server images --------------------------------------------------------
# $(eval $(call server_image,<name>,<objects>,<runtime name>[,<directory>[,keep-sections]]))
# makes <directory>/<name>.srv (default directory $(SERVER_IMAGE_DIR)) from
# <objects>, compiled with SERVER_CFLAGS (at least -mcmodel=medany -mno-relax
# -Wa,-mno-relax -fno-common), one of them declaring MICA_SERVER_MANIFEST:
# ld -r the objects, let mkversions write the .mica.versions source for their
# imports from $(RUNTIME_DIR)/<runtime name>.elf, compile it, and ld -r it
# into the image. A non-weak import the runtime lacks fails the build; a
# change of <objects> relinks (the .parts/inputs list). All code goes into
# one .text (loader/one-text.ld), so image offsets are file addresses,
# unless a fifth argument says keep-sections (the loader's own test image,
# whose relocations are checked per input section). Images in the default
# directory are signed; test fixtures in a directory of their own are not.
SERVER_IMAGE_DIR := $(BUILD)/srv
SERVER_CFLAGS := $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -std=gnu11 -O2 -g -ffreestanding \
  -fno-common -fno-stack-protector -mno-relax -Wa,-mno-relax -Ilibipc/include

define server_image
$(eval $(call inputs_list,$(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/inputs,$(2) $(5)))
$(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/objects.o: $(2) $(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/inputs \
  libipc/loader/one-text.ld | deps
	@mkdir -p $$(dir $$@)
	$(LD) -r $(if $(filter keep-sections,$(5)),,-T libipc/loader/one-text.ld) -o $$@ $(2)

$(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/versions.c: $(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/objects.o $(RUNTIME_DIR)/$(3).elf $(MKVERSIONS)
	$(MKVERSIONS) --runtime $(RUNTIME_DIR)/$(3).elf -o $$@ $$<

$(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/versions.o: $(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/versions.c
	$(CC) $(SERVER_CFLAGS) $(DEP_FLAGS) -c -o $$@ $$<

$(or $(4),$(SERVER_IMAGE_DIR))/$(1).srv: $(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/objects.o \
  $(or $(4),$(SERVER_IMAGE_DIR))/$(1).parts/versions.o $(if $(4),,$(SIGN_KEY) $(SIGN_IMAGE))
	$(LD) -r -o $$@$(if $(4),,.unsigned) $$(filter %.o,$$^)
	$(if $(4),,$(call sign_image,$$@.unsigned,$$@) && rm $$@.unsigned)
endef

endif
