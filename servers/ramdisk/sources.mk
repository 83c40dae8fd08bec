# The ramdisk's core sources (everything but the .srv entry in main.c), for
# the image (build.mk) and for programs that run the core in a thread.
RAMDISK_CORE_SOURCES := servers/ramdisk/ramdisk.c servers/ramdisk/handles.c \
  servers/ramdisk/inbox.c servers/ramdisk/control.c servers/ramdisk/attach.c \
  servers/ramdisk/io.c servers/ramdisk/queue.c
