# Builds a Mica server image outside the tree against an SDK that `make sdk`
# wrote (docs/drivers.md, "Building outside the tree"). A driver's Makefile:
#
#   SDK := /path/to/mica/build/sdk
#   SRCS := mydisk.c
#   include $(SDK)/driver.mk
#
# makes build/<name>.srv (name: the first source's, or NAME=) the way the
# tree makes its own: ld -r the objects with the framework's archives,
# mkversions writes the ABI hash of each import from the SDK's runtime,
# the image is signed with SIGN_KEY (default: the key of the tree the SDK
# was made in) as build/<name>.debug.srv (for gdb, addr2line and srvinfo
# --gdb), and build/<name>.srv is that image without debug information and
# local labels, signed again (init hashes every byte of an image it loads:
# the debug information is most of them), which srvinfo --check loads as
# init will, trusting the keys in TRUSTED_KEYS (default: that tree's
# public key). Targets: all, check (the last step again), info (srvinfo's
# listing), image-path (prints the image's absolute path, for make push),
# clean.

SDK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
include $(SDK_DIR)/config.mk

NAME ?= $(basename $(notdir $(firstword $(SRCS))))
OUT ?= build
SIGN_KEY ?= $(SDK_SIGN_KEY)
TRUSTED_KEYS ?= $(SDK_DIR)/keys/build.pub
CFLAGS ?=
SDK_LIBS := --start-group $(SDK_DIR)/lib/libblkserver.a $(SDK_DIR)/lib/libmicablk.a \
  $(SDK_DIR)/lib/spsc_ring.o $(SDK_DIR)/lib/server_params.o $(SDK_DIR)/lib/errno.o --end-group
OBJS := $(patsubst %.c,$(OUT)/obj/%.o,$(SRCS))
IMAGE := $(OUT)/$(NAME).srv
DEBUG_IMAGE := $(OUT)/$(NAME).debug.srv
SIGN_READABLE = @test -r "$(SIGN_KEY)" || { echo "sdk|error: signing key $(SIGN_KEY) is not readable: give SIGN_KEY=<Ed25519 key.pem>" >&2; exit 1; }

ifeq ($(strip $(SRCS)),)
$(error driver.mk: SRCS names no source file)
endif

.PHONY: all check info image-path clean
.DELETE_ON_ERROR:
all: $(IMAGE)

$(OUT)/obj/%.o: %.c $(SDK_DIR)/config.mk
	@mkdir -p $(dir $@)
	$(SDK_CC) $(SDK_CFLAGS) -I$(SDK_DIR)/include $(CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/$(NAME).parts/objects.o: $(OBJS)
	@mkdir -p $(dir $@)
	$(SDK_LD) -r -T $(SDK_DIR)/lib/one-text.ld -o $@ $(OBJS) $(SDK_LIBS)

$(OUT)/$(NAME).parts/versions.c: $(OUT)/$(NAME).parts/objects.o $(SDK_DIR)/lib/libipc.elf
	$(SDK_DIR)/bin/mkversions --runtime $(SDK_DIR)/lib/libipc.elf -o $@ $<

$(OUT)/$(NAME).parts/versions.o: $(OUT)/$(NAME).parts/versions.c
	$(SDK_CC) $(SDK_CFLAGS) -I$(SDK_DIR)/include -c -o $@ $<

$(DEBUG_IMAGE): $(OUT)/$(NAME).parts/objects.o $(OUT)/$(NAME).parts/versions.o
	$(SIGN_READABLE)
	$(SDK_LD) -r -o $@.unsigned $^
	$(SDK_DIR)/bin/sign-image $(SIGN_KEY) $@.unsigned $@ && rm $@.unsigned

$(IMAGE): $(DEBUG_IMAGE)
	$(SIGN_READABLE)
	$(SDK_OBJCOPY) --strip-debug --discard-locals $< $@.unsigned
	$(SDK_DIR)/bin/sign-image $(SIGN_KEY) $@.unsigned $@ && rm $@.unsigned
	$(SDK_DIR)/bin/srvinfo --check $(addprefix --key ,$(TRUSTED_KEYS)) --runtime $(SDK_DIR)/lib/libipc.elf $@

check: $(IMAGE)
	$(SDK_DIR)/bin/srvinfo --check $(addprefix --key ,$(TRUSTED_KEYS)) --runtime $(SDK_DIR)/lib/libipc.elf $<

info: $(IMAGE)
	$(SDK_DIR)/bin/srvinfo $(addprefix --key ,$(TRUSTED_KEYS)) $<

image-path:
	@echo $(abspath $(IMAGE))

clean:
	rm -rf $(OUT)

-include $(OBJS:.o=.d)
