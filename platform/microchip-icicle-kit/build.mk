# The icicle kit's device tree, built whatever PLATFORM is: the system tests
# boot this board beside QEMU virt (tools/run-qemu --machine icicle).
ICICLE_DTB := $(BUILD)/platform/microchip-icicle-kit.dtb
ALL_TARGETS += $(ICICLE_DTB)

$(ICICLE_DTB): platform/microchip-icicle-kit/icicle-kit.dts | deps
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<
# tests/host/test_fdt.c reads it too.
HOST_TEST_DATA += $(ICICLE_DTB)

# The board's init configurations.
ICICLE_ETC := $(patsubst platform/microchip-icicle-kit/etc/%,$(INITRD_ROOT)/etc/%,$(wildcard platform/microchip-icicle-kit/etc/*.conf))
INITRD_CONTENTS += $(ICICLE_ETC)

$(ICICLE_ETC): $(INITRD_ROOT)/etc/%: platform/microchip-icicle-kit/etc/%
	@mkdir -p $(dir $@)
	cp $< $@
