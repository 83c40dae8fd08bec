# init: the first user program, loaded by the kernel from the initrd; its
# configuration files; and host tests of its pure parts (config, device matching, grants).

$(eval $(call user_program,init,servers/init/main.c servers/init/config.c libipc/include/mica/abi/bootargs.c \
  servers/init/checked_files.c servers/init/srv_load.c servers/init/trust.c servers/init/devices.c servers/init/dt_devices.c servers/init/grants.c \
  servers/init/children.c servers/init/names.c servers/init/names_miss.c servers/init/names_wait.c servers/init/boot_config.c \
  servers/init/control.c servers/init/control_decode.c servers/init/supervision.c servers/init/fetch.c))
# Server images are linked by the loader library, processes built by libproc,
# after init's own objects.
USER_OBJS_init += $(LOADER_A) $(LIBPROC_A)
$(BUILD)/user/init.elf: $(LOADER_A) $(LIBPROC_A)

INIT_CONFIGS := $(wildcard servers/init/etc/*.conf)
INITRD_CONTENTS += $(patsubst servers/init/etc/%,$(INITRD_ROOT)/etc/%,$(INIT_CONFIGS))

$(INITRD_ROOT)/etc/%.conf: servers/init/etc/%.conf
	@mkdir -p $(dir $@)
	cp $< $@

$(eval $(call host_test,init_config_test,servers/init/tests/config_test.c servers/init/config.c libipc/include/mica/abi/bootargs.c))
$(eval $(call host_test,init_dt_devices_test,servers/init/tests/dt_devices_test.c servers/init/dt_devices.c))
$(eval $(call host_test,init_grants_test,servers/init/tests/grants_test.c servers/init/grants.c servers/init/dt_devices.c))
$(BUILD)/host/obj/servers/init/grants.o $(BUILD)/host/obj/servers/init/tests/grants_test.o: HOST_CFLAGS += -Ilibipc/include
$(eval $(call host_test,init_trust_test,servers/init/tests/trust_test.c servers/init/trust.c \
  libipc/lib/image_signature.c libipc/lib/sha256.c $(ED25519_SOURCES)))
