# protofuzz: a protocol fuzzer client of every server (block servers, the
# name service, the serial server) with a shadow copy of each disk; its
# init.conf files ship from here (tests/system/test_protofuzz.py, make fuzz-proto).

PROTOFUZZ_SOURCES := $(addprefix tests/guest/protofuzz/,main.c rng.c oracle.c session.c caps.c \
  blk_msg.c blk_window.c blk_ring.c blk_setup.c others.c)
$(eval $(call user_program,protofuzz,$(PROTOFUZZ_SOURCES)))

PROTOFUZZ_ETC := $(patsubst tests/guest/protofuzz/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/guest/protofuzz/*.conf))
INITRD_CONTENTS += $(PROTOFUZZ_ETC)
$(PROTOFUZZ_ETC): $(INITRD_ROOT)/etc/%: tests/guest/protofuzz/%
	@mkdir -p $(dir $@)
	cp $< $@

# etc/protofuzz-run.conf: the long run (make fuzz-proto), with the seed and
# counts from the command line; rewritten only when they change.
PROTOFUZZ_SEED ?= 0
PROTOFUZZ_MESSAGES ?= 1000000
PROTOFUZZ_RING ?= 250000
PROTOFUZZ_DISK := $(BUILD)/protofuzz-disk.img
PROTOFUZZ_RUN_CONF := $(INITRD_ROOT)/etc/protofuzz-run.conf
INITRD_CONTENTS += $(PROTOFUZZ_RUN_CONF)
$(PROTOFUZZ_RUN_CONF): tests/guest/protofuzz/protofuzz.conf FORCE
	@mkdir -p $(dir $@)
	@sed -e 's/^protofuzz .*args="[^"]*/& seed=$(PROTOFUZZ_SEED)/' \
	  -e 's/messages=[0-9]*/messages=$(PROTOFUZZ_MESSAGES)/' -e 's/ring=[0-9]*/ring=$(PROTOFUZZ_RING)/' \
	  -e 's/^# The protocol fuzzer, briefly.*/# Written by make fuzz-proto from protofuzz.conf (seed and counts changed)./' $< > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

.PHONY: fuzz-proto FORCE
FORCE:
# make fuzz-proto: the protocol fuzzer for PROTOFUZZ_MESSAGES (1 M) messages and
#                  PROTOFUZZ_RING ring entries against every server, seed PROTOFUZZ_SEED
#                  (0: from the clock; a FAIL line names the one to replay); then the
#                  host checks the virtio disk image against the digest it printed
fuzz-proto: all
	rm -f $(PROTOFUZZ_DISK) && truncate -s 1M $(PROTOFUZZ_DISK)
	{ $(RUN_QEMU) --mode direct --disk $(PROTOFUZZ_DISK) --append "init.conf=etc/protofuzz-run.conf"; \
	  echo $$? > $(BUILD)/protofuzz.status; } | tee $(BUILD)/protofuzz.log
	test "$$(cat $(BUILD)/protofuzz.status)" = 0
	want=$$(tr -d '\0' < $(BUILD)/protofuzz.log | sed -n 's/.*protofuzz|info: disk.vblk0: sha256 \([0-9a-f]*\).*/\1/p'); \
	have=$$(sha256sum $(PROTOFUZZ_DISK) | cut -d' ' -f1); \
	if [ -n "$$want" ] && [ "$$want" = "$$have" ]; then echo "fuzz-proto|result: PASS disk image matches the shadow ($$have)"; \
	else echo "fuzz-proto|result: FAIL disk image sha256 $$have, the fuzzer's shadow $$want"; exit 1; fi
