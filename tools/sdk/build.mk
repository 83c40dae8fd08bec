# make sdk [SDK_DIR=dir]: what a driver outside the tree builds against
# (docs/drivers.md, "Building outside the tree"): the headers, the runtime
# image whose export table mkversions checks imports against, the framework
# archives, the ld -r script, the host tools that version, sign and check
# an image, the public half of the signing key, and driver.mk, the make
# fragment a driver's three-line Makefile includes. The private key is
# named by path (SIGN_KEY, absolute), never copied.

include libipc/loader/images.mk

SDK_DIR ?= $(BUILD)/sdk
SDK_PARTS := $(RUNTIME_LIBIPC_ELF) $(LIBBLKSERVER_A) $(LIBBLK_A) $(BUILD)/lib/target/obj/spsc_ring.o \
  $(BUILD)/lib/target/obj/server_params.o $(BUILD)/lib/target/obj/errno.o $(MKVERSIONS) $(SRVINFO) \
  $(SIGN_PUBLIC_KEY) $(SIGN_IMAGE) libipc/loader/one-text.ld tools/sdk/driver.mk tools/sdk/build.mk

.PHONY: sdk
sdk: deps $(SDK_PARTS)
	rm -rf $(SDK_DIR)/include $(SDK_DIR)/lib $(SDK_DIR)/bin
	mkdir -p $(SDK_DIR)/include $(SDK_DIR)/lib $(SDK_DIR)/bin $(SDK_DIR)/keys
	cp -R libipc/include/mica $(SDK_DIR)/include/
	cp $(RUNTIME_LIBIPC_ELF) $(SDK_DIR)/lib/libipc.elf
	cp $(LIBBLKSERVER_A) $(LIBBLK_A) $(BUILD)/lib/target/obj/spsc_ring.o \
	  $(BUILD)/lib/target/obj/server_params.o $(BUILD)/lib/target/obj/errno.o \
	  libipc/loader/one-text.ld $(SDK_DIR)/lib/
	cp $(MKVERSIONS) $(SRVINFO) $(SIGN_IMAGE) $(SDK_DIR)/bin/
	cp $(SIGN_PUBLIC_KEY) $(SDK_DIR)/keys/build.pub
	cp tools/sdk/driver.mk $(SDK_DIR)/driver.mk
	{ echo "# Written by make sdk in $(abspath .): the toolchain and flags the tree's"; \
	  echo "# servers are built with, and the key its images are signed with."; \
	  echo "SDK_CC := $(CC)"; \
	  echo "SDK_LD := $(LD)"; \
	  echo "SDK_OBJCOPY := $(OBJCOPY)"; \
	  echo "SDK_CFLAGS := $(filter-out -Ilibipc/include,$(SERVER_CFLAGS))"; \
	  echo "SDK_SIGN_KEY := $(abspath $(SIGN_KEY))"; \
	  echo "SDK_RUNTIME_ABI := $$(sed -n 's/^#define MICA_RUNTIME_ABI_MAJOR \([0-9]*\).*/\1/p' libipc/include/mica/runtime_abi.h).$$(sed -n 's/^#define MICA_RUNTIME_ABI_MINOR \([0-9]*\).*/\1/p' libipc/include/mica/runtime_abi.h)"; \
	} > $(SDK_DIR)/config.mk
	@echo "sdk|info: $(SDK_DIR): include \$$(SDK)/driver.mk from a driver's Makefile (docs/drivers.md)"
