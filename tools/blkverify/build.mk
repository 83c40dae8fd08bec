# blkverify: host tool that checks or writes the block verify pattern in a
# disk image file (docs/blkbench.md), plus its cmocka test, which runs it.

BLKVERIFY := $(BUILD)/tools/blkverify
BLKVERIFY_OBJS := $(patsubst %.c,$(BUILD)/host/obj/%.o,tools/blkverify/blkverify.c libipc/lib/blkpattern.c)

ALL_TARGETS += $(BLKVERIFY)
HOST_TEST_DATA += $(BLKVERIFY)

.PHONY: blkverify
blkverify: $(BLKVERIFY)

$(BLKVERIFY): $(BLKVERIFY_OBJS) | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

$(eval $(call host_test,blkverify_test,tools/blkverify/blkverify_test.c libipc/lib/blkpattern.c))
