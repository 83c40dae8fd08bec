# Fuzzing the kernel's boot parsers (device tree, cpio, init's ELF) on the
# host with libFuzzer, seeded with real inputs: QEMU's DTB, the test DTBs,
# the initrd and init itself. Part of `make fuzz` (FUZZ_TIME seconds).

FUZZ_BOOT := $(BUILD)/fuzz/fuzz_boot_parsers
FUZZ_BOOT_SEEDS := $(BUILD)/fuzz/boot-seeds
FUZZ_BOOT_CORPUS := $(BUILD)/fuzz/boot-corpus
FUZZ_BOOT_SOURCES := tests/fuzz/fuzz_boot_parsers.c kernel/fdt.c kernel/machine.c kernel/uart_compat.c libipc/include/mica/abi/cpio.c libipc/include/mica/abi/elf_check.c

$(FUZZ_BOOT): $(FUZZ_BOOT_SOURCES) | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 $(WARN_FLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Ilibipc/include -iquote kernel -o $@ $(FUZZ_BOOT_SOURCES)

# Each seed is a selector byte (0 DTB, 1 cpio, 2 ELF) followed by a real input.
$(FUZZ_BOOT_SEEDS)/.stamp: $(HOST_TEST_DATA) $(INITRD) $(BUILD)/user/init.elf
	@mkdir -p $(dir $@)
	for f in $(DTB_DIR)/*.dtb; do { printf '\000'; cat $$f; } > $(FUZZ_BOOT_SEEDS)/dtb-$$(basename $$f); done
	{ printf '\001'; head -c 60000 $(INITRD); } > $(FUZZ_BOOT_SEEDS)/initrd
	{ printf '\002'; head -c 60000 $(BUILD)/user/init.elf; } > $(FUZZ_BOOT_SEEDS)/init-elf
	touch $@

.PHONY: fuzz-boot
fuzz: fuzz-boot
fuzz-boot: $(FUZZ_BOOT) $(FUZZ_BOOT_SEEDS)/.stamp
	@mkdir -p $(FUZZ_BOOT_CORPUS)
	$(FUZZ_BOOT) -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
	  -artifact_prefix=$(BUILD)/fuzz/boot- $(FUZZ_BOOT_CORPUS) $(FUZZ_BOOT_SEEDS)
	@echo "fuzz|result: PASS boot parsers, $(FUZZ_TIME) s"

# The FAT parser (servers/fat/): seeds are small volumes of each type that
# mtools makes (servers/fat/tests/make-fuzz-seeds.sh).
FUZZ_FAT := $(BUILD)/fuzz/fuzz_fat
FUZZ_FAT_SEEDS := $(BUILD)/fuzz/fat-seeds
FUZZ_FAT_CORPUS := $(BUILD)/fuzz/fat-corpus

$(FUZZ_FAT): tests/fuzz/fuzz_fat.c $(FAT_PARSER_SOURCES) servers/fat/fat_volume.h | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 $(WARN_FLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Ilibipc/include -o $@ tests/fuzz/fuzz_fat.c $(FAT_PARSER_SOURCES)

$(FUZZ_FAT_SEEDS)/.stamp: servers/fat/tests/make-fuzz-seeds.sh | deps
	sh servers/fat/tests/make-fuzz-seeds.sh $(dir $@)
	touch $@

.PHONY: fuzz-fat
fuzz: fuzz-fat
fuzz-fat: $(FUZZ_FAT) $(FUZZ_FAT_SEEDS)/.stamp
	@mkdir -p $(FUZZ_FAT_CORPUS)
	$(FUZZ_FAT) -max_total_time=$(FUZZ_TIME) -max_len=400000 -timeout=10 \
	  -artifact_prefix=$(BUILD)/fuzz/fat- $(FUZZ_FAT_CORPUS) $(FUZZ_FAT_SEEDS)
	@echo "fuzz|result: PASS FAT parser, $(FUZZ_TIME) s"
