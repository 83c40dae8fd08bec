# tests/loader/: objects that exercise every relocation the loader applies, a
# stand-in runtime built like libipc's, test server images, the cmocka tests
# of the loader and its tools, the ld-equality oracle and the fuzzer.

include loader/images.mk

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
$(eval $(call server_image,loadertest,$(LOADER_TEST_DIR)/manifest_test.o $(LOADER_RELOC_OBJS),testrt,$(LOADER_TEST_DIR)))

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
test-host: $(LOADER_TEST_DATA) $(BUILD)/host/loader_test $(BUILD)/host/loader_tools_test
