# Host unit tests: cmocka programs built with AddressSanitizer and UBSan.
# A fragment declares one with
#   $(eval $(call host_test,<name>,<sources...>))
# which builds $(BUILD)/host/<name> and adds it to HOST_TESTS.

HOST_TESTS :=
HOST_TEST_DATA :=

define host_test
HOST_TESTS += $(BUILD)/host/$(1)
$(BUILD)/host/$(1): $(patsubst %.c,$(BUILD)/host/obj/%.o,$(2)) | deps
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(HOST_CFLAGS) -o $$@ $$^ $(HOST_LDLIBS)
endef

$(BUILD)/host/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

