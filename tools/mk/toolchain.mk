# Compilers and flags shared by every component.
# Target code is RV64IMAC, medany; the kernel is freestanding, servers and
# user programs may use picolibc. Host code (tests, tools) uses the host gcc.

CROSS ?= riscv64-unknown-elf-
CC := $(CROSS)gcc
LD := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump
NM := $(CROSS)nm
HOSTCC ?= gcc
PYTHON := /usr/bin/python3

TARGET_ARCH_FLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
# Linking selects the multilib (libgcc, picolibc) from -march; the ISA
# extension suffixes above would match none, so links name the base ISA.
TARGET_LINK_FLAGS := -march=rv64imac -mabi=lp64 -mcmodel=medany
WARN_FLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
DEP_FLAGS = -MMD -MP

KERNEL_CFLAGS := $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -std=gnu11 -O2 -g \
  -ffreestanding -fno-builtin -nostdlib -fno-common -fno-pie -fno-stack-protector \
  -fno-omit-frame-pointer -mno-relax -Wa,-mno-relax -Ilibipc/include -Ikernel -I$(BUILD)/kernel/gen

HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN_FLAGS) -fsanitize=address,undefined \
  -fno-sanitize-recover=all -fno-omit-frame-pointer -Ilibipc/include -iquote kernel -Itests/host
HOST_LDLIBS := -lcmocka

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
