# Kernel: freestanding RV64 S-mode image. Produces the ELF (for QEMU -kernel
# and gdb) and the flat Image with the Linux RISC-V header (for U-Boot booti).

KERNEL_SRCS := $(wildcard kernel/*.c kernel/lib/*.c kernel/arch/riscv/*.c) $(wildcard kernel/arch/riscv/*.S)
KERNEL_SRCS := $(filter-out kernel/arch/riscv/asm_offsets.c,$(KERNEL_SRCS))
# Code of the ABI both sides compile: the initrd's cpio reader, the
# checker of static executables and the command-line parser.
KERNEL_SRCS += libipc/include/mica/abi/cpio.c libipc/include/mica/abi/elf_check.c libipc/include/mica/abi/bootargs.c
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel/obj/%.o,$(KERNEL_SRCS))
KERNEL_ELF := $(BUILD)/kernel/mica.elf
KERNEL_IMAGE := $(BUILD)/kernel/Image
ASM_OFFSETS := $(BUILD)/kernel/gen/asm-offsets.h

ALL_TARGETS += $(KERNEL_ELF) $(KERNEL_IMAGE)

# Its dependency file names every header the offsets come from.
$(ASM_OFFSETS): kernel/arch/riscv/asm_offsets.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -MT $@ -MF $@.d -S -o $@.s $<
	{ echo "/* Generated from kernel/arch/riscv/asm_offsets.c; do not edit. */"; \
	  echo "#pragma once"; \
	  sed -n 's/.*->\([A-Z_0-9]*\) \(-\{0,1\}[0-9][0-9]*\).*/#define \1 \2/p' $@.s; } > $@

$(BUILD)/kernel/obj/%.c.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

# The IPC fastpath's functions end in jumps, not calls: without a frame
# pointer its hot path keeps no frame at all (docs/ipc.md, instruction budget).
$(BUILD)/kernel/obj/kernel/fastpath.c.o: KERNEL_CFLAGS += -fomit-frame-pointer

$(BUILD)/kernel/obj/%.S.o: %.S $(ASM_OFFSETS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) $(DEP_FLAGS) -D__ASSEMBLER__ -c -o $@ $<

$(KERNEL_ELF): $(KERNEL_OBJS) kernel/kernel.ld platform/$(PLATFORM)/platform.mk
	$(CC) $(TARGET_LINK_FLAGS) -nostdlib -Wl,-T,kernel/kernel.ld -Wl,--defsym=KERNEL_LOAD_PA=$(KERNEL_LOAD_PA) \
	  -Wl,--no-relax -Wl,-z,noexecstack -o $@ $(KERNEL_OBJS) -lgcc

$(KERNEL_IMAGE): $(KERNEL_ELF)
	$(OBJCOPY) -O binary $< $@

# Host tests of the kernel's portable parts, and the device trees they read:
# small .dts files compiled with dtc, and QEMU virt's own tree.
DTB_DIR := $(BUILD)/host/dtb
HOST_TEST_DATA += $(patsubst tests/dts/%.dts,$(DTB_DIR)/%.dtb,$(wildcard tests/dts/*.dts)) $(DTB_DIR)/qemu-virt.dtb

$(DTB_DIR)/%.dtb: tests/dts/%.dts | deps
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

$(DTB_DIR)/qemu-virt.dtb: | deps
	@mkdir -p $(dir $@)
	$(QEMU) -M virt,dumpdtb=$@ -m 256M -smp 2 -nographic -display none >/dev/null

$(eval $(call host_test,test_fdt,tests/host/test_fdt.c tests/host/test_util.c kernel/fdt.c kernel/machine.c kernel/isa_extensions.c kernel/uart_compat.c))
$(eval $(call host_test,test_boot_devices,tests/host/test_boot_devices.c tests/host/test_util.c kernel/boot_devices.c kernel/fdt.c kernel/machine.c kernel/isa_extensions.c kernel/uart_compat.c))
$(eval $(call host_test,test_isa_extensions,tests/host/test_isa_extensions.c tests/host/test_util.c kernel/isa_extensions.c kernel/fdt.c kernel/machine.c kernel/uart_compat.c))
$(eval $(call host_test,test_pmm,tests/host/test_pmm.c kernel/pmm.c))
$(eval $(call host_test,test_top_bit,tests/host/test_top_bit.c))
$(eval $(call host_test,test_slab,tests/host/test_slab.c kernel/slab.c kernel/pmm.c))
# The kernel's memcpy under another name: the host's libc keeps its own.
$(eval $(call host_test,test_kstring,tests/host/test_kstring.c kernel/lib/kstring.c))
$(BUILD)/host/obj/kernel/lib/kstring.o: HOST_CFLAGS += -Dmemcpy=kernel_memcpy -Dmemmove=kernel_memmove \
  -Dmemset=kernel_memset -Dmemcmp=kernel_memcmp -Dmemchr=kernel_memchr -Dstrlen=kernel_strlen \
  -Dstrnlen=kernel_strnlen -Dstrcmp=kernel_strcmp -Dstrncmp=kernel_strncmp -Dstrchr=kernel_strchr \
  -fno-builtin -fno-tree-loop-distribute-patterns
$(eval $(call host_test,test_format,tests/host/test_format.c kernel/lib/format.c libipc/include/mica/abi/bootargs.c libipc/include/mica/abi/cpio.c))
