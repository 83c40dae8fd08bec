# QEMU virt: where QEMU's -kernel loader and OpenSBI put the kernel.
# Only the ELF's load address comes from here; the kernel itself learns
# everything else about the machine from the device tree.
KERNEL_LOAD_PA := 0x80200000
QEMU := qemu-system-riscv64
OPENSBI_FW := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
UBOOT_BIN := /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
QEMU_PLATFORM := yes
QEMU_MACHINE := virt
# make run: the demo's virtio disk; init's default configuration.
RUN_DEMO_MEDIA = --disk $(DEMO_DISK)
RUN_DEMO_BOOTARGS :=
