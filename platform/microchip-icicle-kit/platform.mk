# QEMU microchip-icicle-kit (PolarFire SoC): OpenSBI fw_dynamic at the RAM
# base, the kernel ELF at 0x80200000 as on virt; the same kernel and initrd
# boot both. `make run PLATFORM=microchip-icicle-kit` boots it with the
# build's own tree (QEMU 7.2 makes none for this machine).
KERNEL_LOAD_PA := 0x80200000
QEMU_PLATFORM := yes
QEMU_MACHINE := icicle
# The tree describes five harts and 2 GiB; tools/run-qemu refuses others.
MEM ?= 2G
SMP ?= 5
# make run: the board's demo on its SD card (etc/icicle.conf).
RUN_DEMO_MEDIA = --sd $(DEMO_SD)
RUN_DEMO_BOOTARGS := init.conf=etc/icicle.conf
QEMU := qemu-system-riscv64
