include libipc/loader/images.mk

# sigbench: the cost of init's image signature check (a static user program
# with blkbench's counter; the verifier is in libmica), its configuration,
# and the signed 64 KiB image it checks; `make bench` boots it
# (tests/bench/blkbench/build.mk).

$(eval $(call user_program,sigbench,tests/bench/sigbench/main.c tests/bench/blkbench/counter.c))
USER_OBJS_sigbench += $(LIBPROC_A) $(LIBBLK_A)
$(BUILD)/user/sigbench.elf: $(LIBPROC_A) $(LIBBLK_A)

SIGBENCH_IMAGE := $(INITRD_ROOT)/bench/sign-64k.img
INITRD_CONTENTS += $(INITRD_ROOT)/etc/sigbench.conf $(SIGBENCH_IMAGE)
$(INITRD_ROOT)/etc/sigbench.conf: tests/bench/sigbench/sigbench.conf
	@mkdir -p $(dir $@)
	cp $< $@

# Random bytes, made once per key: the figure depends on the size alone.
$(SIGBENCH_IMAGE): $(SIGN_KEY) $(SIGN_IMAGE)
	@mkdir -p $(dir $@)
	head -c 65536 /dev/urandom > $@.unsigned
	$(call sign_image,$@.unsigned,$@) && rm $@.unsigned
