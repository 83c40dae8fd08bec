# shell: the console shell, a static program init starts from etc/shell.conf
# (boot argument mica.shell=1) with the process-control capability.

$(eval $(call user_program,shell,servers/shell/main.c servers/shell/console.c \
  servers/shell/line.c servers/shell/commands.c servers/shell/files.c servers/shell/serial_client.c \
  servers/shell/part_types.c servers/shell/lsblk_parts.c))
