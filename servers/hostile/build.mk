# hostile: a victim client and an attacker client of ramdisk, virtio-blk,
# the serial server and init's name service (boot with
# init.conf=etc/hostile.conf and a disk; tests/system/test_hostile.py).

$(eval $(call user_program,hostile,servers/hostile/main.c servers/hostile/victim.c \
  servers/hostile/attacker.c servers/hostile/attacks.c))

HOSTILE_ETC := $(patsubst servers/hostile/%,$(INITRD_ROOT)/etc/%,$(wildcard servers/hostile/*.conf))
INITRD_CONTENTS += $(HOSTILE_ETC)
$(HOSTILE_ETC): $(INITRD_ROOT)/etc/%: servers/hostile/%
	@mkdir -p $(dir $@)
	cp $< $@
