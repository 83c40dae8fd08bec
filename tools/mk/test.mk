# Test targets; included after every fragment so the lists are complete.

.PHONY: test-host host-tests
host-tests: $(HOST_TESTS) $(HOST_TEST_DATA)

test-host: $(HOST_TESTS) $(HOST_TEST_DATA)
	@fail=0; for t in $(HOST_TESTS); do \
	  echo "== $$t"; \
	  MICA_BUILD=$(BUILD) $$t || { echo "test-host|error: $$t failed"; fail=1; }; \
	done; \
	if [ $$fail = 0 ]; then echo "test-host|result: PASS ($(words $(HOST_TESTS)) programs)"; \
	else echo "test-host|result: FAIL"; exit 1; fi
