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

.PHONY: test-host
test-host: $(HOST_TESTS) $(HOST_TEST_DATA)
	@fail=0; for t in $(HOST_TESTS); do \
	  echo "== $$t"; \
	  MICA_BUILD=$(BUILD) $$t || { echo "test-host|error: $$t failed"; fail=1; }; \
	done; \
	if [ $$fail = 0 ]; then echo "test-host|result: PASS ($(words $(HOST_TESTS)) programs)"; \
	else echo "test-host|result: FAIL"; exit 1; fi
