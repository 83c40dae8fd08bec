# fairness: a hostile heavy client and a light client of one block scheme
# (tests/system/test_fairness.py; make bench's third boot, etc/bench-fair.conf).
# The light one times with blkbench's counters and libblk's statistics.

FAIRNESS_SOURCES := tests/guest/fairness/main.c tests/guest/fairness/heavy.c tests/guest/fairness/light.c \
  tests/bench/blkbench/counter.c
$(eval $(call user_program,fairness,$(FAIRNESS_SOURCES)))
USER_OBJS_fairness += $(LIBBLK_A)
$(BUILD)/user/fairness.elf: $(LIBBLK_A)

FAIRNESS_ETC := $(patsubst tests/guest/fairness/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/guest/fairness/*.conf))
INITRD_CONTENTS += $(FAIRNESS_ETC)
$(FAIRNESS_ETC): $(INITRD_ROOT)/etc/%: tests/guest/fairness/%
	@mkdir -p $(dir $@)
	cp $< $@
