# stress: one unprivileged process issues a million random syscalls while
# another keeps doing IPC round trips (boot with init.conf=etc/stress.conf).

$(eval $(call user_program,stress,tests/guest/stress/main.c tests/guest/stress/fuzz.c))
USER_OBJS_stress += $(LIBPROC_A)
$(BUILD)/user/stress.elf: $(LIBPROC_A)
