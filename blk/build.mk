# blk/: block-driver groundwork shared by the block servers and blkbench:
# request validation, per-client limits, the handle table, the virtio split virtqueue, virtio-blk requests and the
# benchmark statistics. Host objects feed cmocka tests; the same sources build
# a freestanding RV64 archive, like lib/.

LIBBLK_SOURCES := blk/blk_request.c blk/blk_handle_table.c blk/blk_direct.c blk/virtq.c \
  blk/virtio_blk_req.c blk/bench_stats.c blk/blk_client_limits.c
LIBBLK_A := $(BUILD)/blk/target/libmicablk.a
LIBBLK_TARGET_OBJS := $(patsubst blk/%.c,$(BUILD)/blk/target/obj/%.o,$(LIBBLK_SOURCES))

ALL_TARGETS += $(LIBBLK_A)

.PHONY: libblk
libblk: $(LIBBLK_A)

# Same flags as libmica (lib/build.mk): servers link both into ET_REL images.
$(BUILD)/blk/target/obj/%.o: blk/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(LIBMICA_TARGET_CFLAGS) $(DEP_FLAGS) -c -o $@ $<

# Like libmica, the archive must need nothing from outside itself.
$(LIBBLK_A): $(LIBBLK_TARGET_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^
	@undefined="$$($(NM) -u $@ | grep -v -e '^$$' -e ':$$' | sort -u)"; \
	if [ -n "$$undefined" ]; then \
	  echo "libblk|error: $@ needs symbols from outside: $$undefined" >&2; rm -f $@; exit 1; \
	fi

$(eval $(call host_test,blk_request_test,blk/tests/blk_request_test.c blk/blk_request.c))
$(eval $(call host_test,blk_direct_test,blk/tests/blk_direct_test.c blk/blk_direct.c))
$(eval $(call host_test,blk_handle_table_test,blk/tests/blk_handle_table_test.c blk/blk_handle_table.c))
$(eval $(call host_test,blk_virtq_test,blk/tests/virtq_test.c blk/tests/fake_device.c blk/virtq.c))
$(eval $(call host_test,blk_virtio_blk_req_test,blk/tests/virtio_blk_req_test.c blk/tests/fake_device.c blk/virtq.c blk/virtio_blk_req.c))
$(eval $(call host_test,blk_client_limits_test,blk/tests/blk_client_limits_test.c blk/blk_client_limits.c))
$(eval $(call host_test,blk_bench_stats_test,blk/tests/bench_stats_test.c blk/bench_stats.c))
