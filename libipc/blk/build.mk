# libipc/blk/: block-driver groundwork shared by the block servers and blkbench:
# request validation, per-client limits, the handle table, the partition-table reader, the virtio split virtqueue, virtio-blk requests and the
# benchmark statistics. Host objects feed cmocka tests; the same sources build
# a freestanding RV64 archive, like libipc/lib/.

# The partition-table reader (also linked by its host test and fuzzer).
BLK_PART_SOURCES := libipc/blk/blk_part_table.c libipc/blk/blk_part_mbr.c libipc/blk/blk_part_gpt.c \
  libipc/blk/blk_part_text.c libipc/blk/crc32.c
LIBBLK_SOURCES := libipc/blk/blk_request.c libipc/blk/blk_handle_table.c libipc/blk/blk_direct.c libipc/blk/virtq.c \
  libipc/blk/virtio_blk_req.c libipc/blk/bench_stats.c libipc/blk/blk_client_limits.c \
  $(BLK_PART_SOURCES)
LIBBLK_A := $(BUILD)/blk/target/libmicablk.a
LIBBLK_TARGET_OBJS := $(patsubst libipc/blk/%.c,$(BUILD)/blk/target/obj/%.o,$(LIBBLK_SOURCES))

ALL_TARGETS += $(LIBBLK_A)

.PHONY: libblk
libblk: $(LIBBLK_A)

# Same flags as libmica (lib/build.mk): servers link both into ET_REL images.
$(BUILD)/blk/target/obj/%.o: libipc/blk/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LIBMICA_TARGET_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

# Like libmica, the archive must need nothing from outside itself.
$(LIBBLK_A): $(LIBBLK_TARGET_OBJS)
	$(call self_contained_archive,libblk)

$(eval $(call host_test,blk_request_test,libipc/blk/tests/blk_request_test.c libipc/blk/blk_request.c))
$(eval $(call host_test,blk_direct_test,libipc/blk/tests/blk_direct_test.c libipc/blk/blk_direct.c))
$(eval $(call host_test,blk_handle_table_test,libipc/blk/tests/blk_handle_table_test.c libipc/blk/blk_handle_table.c))
$(eval $(call host_test,blk_virtq_test,libipc/blk/tests/virtq_test.c libipc/blk/tests/fake_device.c libipc/blk/virtq.c))
$(eval $(call host_test,blk_virtio_blk_req_test,libipc/blk/tests/virtio_blk_req_test.c libipc/blk/tests/fake_device.c libipc/blk/virtq.c libipc/blk/virtio_blk_req.c))
$(eval $(call host_test,blk_client_limits_test,libipc/blk/tests/blk_client_limits_test.c libipc/blk/blk_client_limits.c))
$(eval $(call host_test,blk_bench_stats_test,libipc/blk/tests/bench_stats_test.c libipc/blk/bench_stats.c))
$(eval $(call host_test,blk_part_table_test,libipc/blk/tests/blk_part_table_test.c $(BLK_PART_SOURCES)))
