# The ramdisk's core sources (everything but the .srv entry in main.c), for
# the image (build.mk) and for programs that run the core in a thread; with
# what every block server shares (servers/blkserver: handle caps, inbox, client frames, ring pair).
RAMDISK_CORE_SOURCES := servers/ramdisk/ramdisk.c servers/ramdisk/control.c \
  servers/ramdisk/attach.c servers/ramdisk/io.c servers/ramdisk/queue.c servers/ramdisk/direct_run.c \
  servers/blkserver/handle_caps.c servers/blkserver/inbox.c servers/blkserver/frames.c \
  servers/blkserver/ring_pair.c servers/blkserver/direct_run.c \
  servers/blkserver/open.c
