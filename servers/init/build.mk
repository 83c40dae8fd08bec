# init: the first user program, loaded by the kernel from the initrd; its
# configuration files; and host tests of its pure parts (ELF planner, config).

INIT_BUILDER_SOURCES := servers/init/spawn.c servers/init/elf_plan.c kernel/cpio.c
$(eval $(call user_program,init,servers/init/main.c servers/init/config.c servers/init/digests.c \
  servers/init/srv_load.c servers/init/devices.c servers/init/dt_devices.c servers/init/grants.c \
  servers/init/children.c servers/init/names.c servers/init/names_miss.c servers/init/boot_config.c \
  servers/init/control.c servers/init/control_decode.c \
  kernel/fdt.c kernel/machine.c kernel/uart_compat.c $(INIT_BUILDER_SOURCES)))
# Server images are linked by the loader library, after init's own objects.
USER_OBJS_init += $(LOADER_A)
$(BUILD)/user/init.elf: $(LOADER_A)

# Builder headers for the programs that reuse it (ktest, stress).
$(BUILD)/user/obj/servers/%.o: USER_CFLAGS += -Iservers/init -Ikernel
$(BUILD)/user/obj/tests/%.o: USER_CFLAGS += -Iservers/init -Ikernel

INIT_CONFIGS := $(wildcard servers/init/etc/*.conf)
INITRD_CONTENTS += $(patsubst servers/init/etc/%,$(INITRD_ROOT)/etc/%,$(INIT_CONFIGS))

$(INITRD_ROOT)/etc/%.conf: servers/init/etc/%.conf
	@mkdir -p $(dir $@)
	cp $< $@

$(eval $(call host_test,init_elf_plan_test,servers/init/tests/elf_plan_test.c servers/init/elf_plan.c tests/host/test_util.c))
HOST_TEST_DATA += $(BUILD)/user/init.elf
$(eval $(call host_test,init_config_test,servers/init/tests/config_test.c servers/init/config.c))
$(eval $(call host_test,init_dt_devices_test,servers/init/tests/dt_devices_test.c servers/init/dt_devices.c kernel/fdt.c kernel/machine.c kernel/uart_compat.c tests/host/test_util.c))
$(eval $(call host_test,init_grants_test,servers/init/tests/grants_test.c servers/init/grants.c servers/init/dt_devices.c kernel/fdt.c kernel/machine.c kernel/uart_compat.c))
$(BUILD)/host/obj/servers/init/grants.o $(BUILD)/host/obj/servers/init/tests/grants_test.o: HOST_CFLAGS += -Ilibipc/include
$(eval $(call host_test,init_digests_test,servers/init/tests/digests_test.c servers/init/digests.c libipc/lib/sha256.c))
