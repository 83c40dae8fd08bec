# Installs the Debian packages the build needs, once, when one is missing.
# As root it runs apt-get directly, otherwise through sudo; without either it
# stops with a message naming the missing packages.

DEB_PACKAGES := gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf \
  picolibc-riscv64-unknown-elf qemu-system-misc opensbi u-boot-qemu \
  device-tree-compiler cpio dosfstools mtools fdisk python3-pytest \
  python3-pexpect libcmocka-dev gdb-multiarch gnuplot-nox clang bear \
  gcc make openssl

DEPS_STAMP := $(BUILD)/.deps-ok

.PHONY: deps
deps: $(DEPS_STAMP)

$(DEPS_STAMP): tools/mk/deps.mk
	@sh tools/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(dir $@) && touch $@
