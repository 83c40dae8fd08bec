# The ramdisk's core sources (everything but the .srv entry in main.c), for
# the image (build.mk) and for programs that run the core in a thread; both
# link the block-server framework (libipc/blkserver) beside them.
RAMDISK_CORE_SOURCES := servers/ramdisk/ramdisk.c
