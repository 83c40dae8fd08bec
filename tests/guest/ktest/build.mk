# ktest: the in-guest kernel test (started by init from etc/ktest.conf), and
# kfault, the program that faults on purpose so init's fault report is seen.

KTEST_SOURCES := $(wildcard tests/guest/ktest/main.c tests/guest/ktest/helpers.c tests/guest/ktest/cases_*.c)
$(eval $(call user_program,ktest,$(KTEST_SOURCES)))
USER_OBJS_ktest += $(LIBPROC_A)
$(BUILD)/user/ktest.elf: $(LIBPROC_A)
$(eval $(call user_program,kfault,tests/guest/ktest/kfault.c))
