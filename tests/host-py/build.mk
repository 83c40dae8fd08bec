# Python host tests (pytest), run by `make test-host` through a small wrapper
# program so they sit in HOST_TESTS with the cmocka programs.

HOST_PY_TEST := $(BUILD)/host/host_py_test
HOST_TESTS += $(HOST_PY_TEST)

$(HOST_PY_TEST): tests/host-py/build.mk | deps
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec $(PYTHON) -m pytest -q -p no:cacheprovider $(abspath tests/host-py)\n' > $@
	chmod +x $@
# test_srvinfo_params.py reads nullblk's image with srvinfo.
HOST_TEST_DATA += $(SRVINFO) $(SERVER_IMAGE_DIR)/nullblk.srv $(RUNTIME_LIBIPC_ELF)
# test_zbb_confined.py disassembles the code that must run on any RV64IMAC hart.
HOST_TEST_DATA += $(LIBMICA_A) $(KERNEL_ELF) $(RUNTIME_LIBIPC_ELF) $(USER_PROGRAMS)
# test_tool_help.py runs syscalldoc and srvinfo (tools/syscalldoc/build.mk is
# read after this file, so its path rather than $(SYSCALLDOC)).
HOST_TEST_DATA += $(BUILD)/tools/syscalldoc
