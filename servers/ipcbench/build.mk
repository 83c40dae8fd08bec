# ipcbench: the null call/reply_recv round trip between two address spaces
# (boot with init.conf=etc/ipcbench.conf and QEMU -icount).

$(eval $(call user_program,ipcbench,servers/ipcbench/main.c $(INIT_BUILDER_SOURCES)))
