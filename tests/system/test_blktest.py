"""blktest in QEMU: the block protocol end to end (ramdisk server threads,
clients through libipc's block client) on all three data paths, every
refused request, full rings, out-of-order completion, two clients and
handle lifetimes; and the ramdisk server image loads and reports ready."""

TESTS = ("fstat", "open_errors", "handle_table_full", "stale_handle", "handle_lifetimes",
         "message_path", "buffer_path", "ring_path", "invalid_message", "invalid_buffer",
         "invalid_ring", "read_only", "ring_full", "out_of_order", "two_clients")


def test_blktest_passes(boot):
    m = boot("--append", "init.conf=etc/blktest.conf", timeout=120)
    m.expect(f"blktest|result: PASS {len(TESTS)} tests")
    assert m.finish() == 0
    out = m.output()
    assert "blktest|error" not in out
    for name in TESTS:
        assert f"blktest|info: {name} ok" in out, name
    # The image runs beside blktest (and registers disk.ram0 with the name service).
    assert "ramdisk|info: ram0: 256 KiB, block size 512, serving" in out
    assert "init|info: ramdisk pid 1 ready" in out
