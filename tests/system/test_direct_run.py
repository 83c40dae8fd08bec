"""Direct runs, blkbench's device-limit baseline for virtio disks: the bench
program vblkdirect (tests/bench/vblkdirect, virtio-blk's device engine linked
in) takes the disk and answers as direct.vblk0; schemetest arg=16 asks it
to run every access pattern and checks each reply is sane (every request
done, every byte counted, nonzero ticks, min <= median <= p99 <= max <=
ticks), that bad mixes, a short message and a block-protocol label are
refused, and the host finds exactly the blocks the write patterns visit
overwritten in the disk file: the run really drives the device, at the
offsets mica/blk_direct.h defines. No block server answers a direct run:
the ramdisk's twin runs inside blkbench (test_blkbench_blk.py)."""

DISK_BYTES = 2 << 20
FILL = 0xAA
MASK = (1 << 64) - 1


def random_offsets(seed, block_size, ops, device_bytes):
    """blk_direct_next_offset for a random pattern: xorshift64* draws modulo
    the number of whole blocks of block_size."""
    state, slots = seed or 1, device_bytes // block_size
    for _ in range(ops):
        state ^= state >> 12
        state ^= (state << 25) & MASK
        state ^= state >> 27
        yield ((state * 0x2545F4914F6CDD1D) & MASK) % slots * block_size


def expected_image():
    image = bytearray([FILL]) * DISK_BYTES
    # tests/guest/schemetest/direct.c's write mixes; a run's buffers are zeroed.
    for i in range(200):  # write: 4096 bytes, from offset 0
        image[i * 4096:(i + 1) * 4096] = bytes(4096)
    for offset in random_offsets(11, 8192, 100, DISK_BYTES):  # randwrite
        image[offset:offset + 8192] = bytes(8192)
    return bytes(image)


def test_direct_runs_on_the_virtio_engine(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes([FILL]) * DISK_BYTES)
    m = boot("--icount", "--disk", f"{disk},serial=mica-vblk0",
             "--append", "init.conf=etc/direct-run.conf", timeout=240)
    m.expect("vblkdirect|info: direct runs as direct.vblk0")
    m.expect("schemetest|info: direct.vblk0 direct runs")
    for pattern, size, depth, ops in (("read", 4096, 1, 200), ("randread", 4096, 8, 200),
                                      ("write", 4096, 4, 200), ("randwrite", 8192, 8, 100)):
        m.expect("vblkdirect|info: direct run: %s, %d bytes, depth %d, %d requests: "
                 % (pattern, size, depth, ops))
        m.expect("schemetest|info: %s ok" % pattern)
    for test in ("direct_bad_mix", "direct_short_message", "direct_other_label"):
        m.expect("schemetest|info: %s ok" % test)
    m.expect("schemetest|result: PASS")
    assert m.finish() == 0
    out = m.output()
    assert "schemetest|error" not in out
    # The refused runs never reached the device: one log line per accepted run.
    assert out.count("vblkdirect|info: direct run:") == 4
    # No driver serves the disk: the bench program has it alone.
    assert "virtio-blk|" not in out
    assert disk.read_bytes() == expected_image()
