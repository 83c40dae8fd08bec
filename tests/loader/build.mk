# tests/loader/: objects that exercise every relocation the loader applies, a
# stand-in runtime built like libipc's, test server images, the cmocka tests
# of the loader and its tools, the ld-equality oracle and the fuzzer.

include libipc/loader/images.mk

LOADER_TEST_DIR := $(BUILD)/tests/loader
LOADER_TEST_CFLAGS := $(SERVER_CFLAGS) -mcmodel=medany -fasynchronous-unwind-tables
# The relocation objects linkcheck compares; each one alone and all together.
LOADER_RELOC_OBJS := $(patsubst %,$(LOADER_TEST_DIR)/%.o, \
  reloc_calls reloc_tables reloc_far reloc_rvc reloc_abs reloc_diff reloc_got)

$(LOADER_TEST_DIR)/%.o: tests/loader/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LOADER_TEST_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

$(LOADER_TEST_DIR)/%.o: tests/loader/%.S | deps
	@mkdir -p $(dir $@)
	$(CC) $(LOADER_TEST_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

# Floating point on purpose: the loader must refuse the image built from it.
$(LOADER_TEST_DIR)/isa_float.o: tests/loader/isa_float.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LOADER_TEST_CFLAGS) -march=rv64imafdc_zicsr_zifencei -c -o $@ $<

$(eval $(call runtime_image,testrt,$(LOADER_TEST_DIR)/testrt/testrt.o,tests/loader/testrt/testrt.h))
$(eval $(call server_image,loadertest,$(LOADER_TEST_DIR)/manifest_test.o $(LOADER_RELOC_OBJS),testrt,$(LOADER_TEST_DIR),keep-sections))

# No imports, so no versions step (mkversions would refuse the ISA itself).
$(LOADER_TEST_DIR)/isa_float.srv: $(LOADER_TEST_DIR)/manifest_test.o $(LOADER_TEST_DIR)/isa_float.o
	$(LD) -r -o $@ $^

# ULEB128 fields and a weak GOT entry; imports nothing either.
$(LOADER_TEST_DIR)/uleb.srv: $(LOADER_TEST_DIR)/manifest_test.o $(LOADER_TEST_DIR)/reloc_uleb.o
	$(LD) -r -o $@ $^

LOADER_TEST_DATA := $(RUNTIME_DIR)/testrt.elf $(LOADER_TEST_DIR)/loadertest.srv \
  $(LOADER_TEST_DIR)/isa_float.srv $(LOADER_TEST_DIR)/uleb.srv $(LOADER_RELOC_OBJS) $(SRVINFO) $(MKVERSIONS) \
  $(LOADER_SERVER_LDS) $(LOADER_TEST_DIR)/unknown_import.o $(LOADER_TEST_DIR)/isa_float.o \
  $(ABIHASH)
HOST_TEST_DATA += $(LOADER_TEST_DATA)

$(eval $(call host_test,loader_test,tests/loader/loader_test.c tests/loader/image_edit.c $(LOADER_SOURCES)))
$(eval $(call host_test,loader_tools_test,tests/loader/tools_test.c))

# --- Fuzzing ---------------------------------------------------------------
# `make fuzz` runs the loader's libFuzzer target for FUZZ_TIME seconds from a
# seed corpus of real images (debug info stripped to keep inputs small).
# A crash leaves $(BUILD)/fuzz/loader-crash-* and fails the target; such
# inputs go to tests/loader/fuzz-regressions/, which loader_test replays.
FUZZ_TIME ?= 60
FUZZ_CC ?= clang
FUZZ_LOADER := $(BUILD)/fuzz/fuzz_loader
FUZZ_SEED_DIR := $(BUILD)/fuzz/loader-seeds
FUZZ_CORPUS_DIR := $(BUILD)/fuzz/loader-corpus
# Seeds stay far below the fuzzer's input limit: no 1 MiB gap of reloc_far.
$(eval $(call server_image,fuzzseed,$(LOADER_TEST_DIR)/manifest_test.o \
  $(filter-out %/reloc_far.o,$(LOADER_RELOC_OBJS)),testrt,$(LOADER_TEST_DIR),keep-sections))
FUZZ_SEED_IMAGES := fuzzseed uleb isa_float

$(FUZZ_LOADER): tests/loader/fuzz_loader.c $(LOADER_SOURCES) $(wildcard libipc/loader/*.h libipc/include/mica/*.h) | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 $(WARN_FLAGS) -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=all -Ilibipc/include -o $@ tests/loader/fuzz_loader.c $(LOADER_SOURCES)

$(FUZZ_SEED_DIR)/%.srv: $(LOADER_TEST_DIR)/%.srv
	@mkdir -p $(dir $@)
	$(OBJCOPY) --strip-debug $< $@

.PHONY: fuzz fuzz-loader
fuzz: fuzz-loader
fuzz-loader: $(FUZZ_LOADER) $(RUNTIME_DIR)/testrt.elf \
  $(patsubst %,$(FUZZ_SEED_DIR)/%.srv,$(FUZZ_SEED_IMAGES))
	@mkdir -p $(FUZZ_CORPUS_DIR)
	MICA_FUZZ_RUNTIME=$(RUNTIME_DIR)/testrt.elf $(FUZZ_LOADER) -max_total_time=$(FUZZ_TIME) \
	  -max_len=65536 -timeout=10 -artifact_prefix=$(BUILD)/fuzz/loader- \
	  $(FUZZ_CORPUS_DIR) $(FUZZ_SEED_DIR) tests/loader/fuzz-regressions
	@echo "fuzz|result: PASS loader, $(FUZZ_TIME) s"

# An image init must refuse for its ISA, signed by the build's key so the
# refusal is the loader's (tests/system/test_servers.py).
$(eval $(call initrd_server,isa_float))
TEST_INITRD_ONLY += $(INITRD_ROOT)/srv/isa_float.srv
$(INITRD_ROOT)/srv/isa_float.srv: $(LOADER_TEST_DIR)/isa_float.srv $(SIGN_KEY) $(SIGN_IMAGE)
	@mkdir -p $(dir $@)
	$(call sign_image,$<,$@)
