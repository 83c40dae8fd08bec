# hostile: a victim client and an attacker client of ramdisk, virtio-blk,
# the serial server and init's name service (boot with
# init.conf=etc/hostile.conf and a disk; tests/system/test_hostile.py).

$(eval $(call user_program,hostile,tests/guest/hostile/main.c tests/guest/hostile/victim.c \
  tests/guest/hostile/attacker.c tests/guest/hostile/attacks.c))

HOSTILE_ETC := $(patsubst tests/guest/hostile/%,$(INITRD_ROOT)/etc/%,$(wildcard tests/guest/hostile/*.conf))
INITRD_CONTENTS += $(HOSTILE_ETC)
$(HOSTILE_ETC): $(INITRD_ROOT)/etc/%: tests/guest/hostile/%
	@mkdir -p $(dir $@)
	cp $< $@
