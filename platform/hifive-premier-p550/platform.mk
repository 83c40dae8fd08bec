# HiFive Premier P550: the vendor U-Boot's booti places the Image at RAM
# base + text_offset (0x80200000), the same as QEMU virt. Build with
# `make PLATFORM=hifive-premier-p550`; write build/boot-disk.img to an SD
# card or USB stick (its FAT partition holds extlinux/extlinux.conf).
KERNEL_LOAD_PA := 0x80200000
QEMU_PLATFORM := no
