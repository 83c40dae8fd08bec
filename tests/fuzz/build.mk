# Fuzzing the kernel's boot parsers (device tree, cpio, init's ELF) on the
# host with libFuzzer, seeded with real inputs: QEMU's DTB, the test DTBs,
# the initrd and init itself. Part of `make fuzz` (FUZZ_TIME seconds).

FUZZ_BOOT := $(BUILD)/fuzz/fuzz_boot_parsers
FUZZ_BOOT_SEEDS := $(BUILD)/fuzz/boot-seeds
FUZZ_BOOT_CORPUS := $(BUILD)/fuzz/boot-corpus
FUZZ_BOOT_SOURCES := tests/fuzz/fuzz_boot_parsers.c kernel/fdt.c kernel/machine.c kernel/isa_extensions.c kernel/uart_compat.c libipc/include/mica/abi/cpio.c libipc/include/mica/abi/elf_check.c

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

# The partition-table reader, seeded with tables sfdisk writes: GPT, and
# MBR with an extended partition and logical ones (fuzz_part_table.c says
# how an input describes a disk).
FUZZ_PART := $(BUILD)/fuzz/fuzz_part_table
FUZZ_PART_SEEDS := $(BUILD)/fuzz/part-seeds
FUZZ_PART_CORPUS := $(BUILD)/fuzz/part-corpus
FUZZ_PART_SOURCES := tests/fuzz/fuzz_part_table.c $(BLK_PART_SOURCES)

$(FUZZ_PART): $(FUZZ_PART_SOURCES) | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 $(WARN_FLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -Ilibipc/include -o $@ $(FUZZ_PART_SOURCES)

# Each seed: a 2 MiB disk's first 64 KiB after the 3-byte prefix (512-byte
# blocks, 3968 zero blocks after them: 0x0f80).
$(FUZZ_PART_SEEDS)/.stamp: tests/fuzz/build.mk | deps
	@mkdir -p $(dir $@)
	rm -f $(dir $@)disk.img && truncate -s 2M $(dir $@)disk.img
	printf 'label: gpt\nsize=1M, name=boot\nname=data\n' | /sbin/sfdisk --quiet $(dir $@)disk.img
	{ printf '\000\200\017'; head -c 65536 $(dir $@)disk.img; } > $(FUZZ_PART_SEEDS)/gpt
	rm -f $(dir $@)disk.img && truncate -s 2M $(dir $@)disk.img
	printf 'label: dos\nstart=64, size=512, type=83\nstart=1024, type=5\nstart=1088, size=256, type=82\nstart=1600, size=256, type=83\n' \
	  | /sbin/sfdisk --quiet $(dir $@)disk.img
	{ printf '\000\200\017'; head -c 65536 $(dir $@)disk.img; } > $(FUZZ_PART_SEEDS)/mbr
	rm -f $(dir $@)disk.img
	touch $@

.PHONY: fuzz-part
fuzz: fuzz-part
fuzz-part: $(FUZZ_PART) $(FUZZ_PART_SEEDS)/.stamp
	@mkdir -p $(FUZZ_PART_CORPUS)
	$(FUZZ_PART) -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
	  -artifact_prefix=$(BUILD)/fuzz/part- $(FUZZ_PART_CORPUS) $(FUZZ_PART_SEEDS)
	@echo "fuzz|result: PASS partition tables, $(FUZZ_TIME) s"
