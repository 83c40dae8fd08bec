# The kernel's own test programs: freestanding static executables that use
# only the syscall list, put in the initrd and started with mica.init=<name>.

KSMOKE := $(BUILD)/user-tests/ksmoke
INITRD_CONTENTS += $(INITRD_ROOT)/ksmoke

$(KSMOKE): tests/guest/ksmoke/ksmoke.c tests/guest/ksmoke/user.ld libipc/include/mica/abi/syscall_list.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(TARGET_ARCH_FLAGS) $(WARN_FLAGS) -O2 -g -ffreestanding -nostdlib -fno-pie -Ilibipc/include \
	  $(DEP_FLAGS) -Wl,-T,tests/guest/ksmoke/user.ld -Wl,--no-relax -o $@ $<

$(INITRD_ROOT)/ksmoke: $(KSMOKE)
	@mkdir -p $(dir $@)
	cp $< $@
