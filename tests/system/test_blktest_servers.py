"""blktest against separate server processes with two virtio disks and the
ramdisk servers (etc/blktest-vblk.conf): init starts virtio-blk twice
(units 0 and 1) and ramdisk.srv twice; blktest runs the conformance suite
against disk.ram0/disk.ram1 and then disk.vblk0/disk.vblk1 by name. After
power-off the host checks the disk image files: every refused write left
them unchanged. Also: a virtio-blk stopped under a held handle."""
import re
import struct

from test_blktest import TESTS


SECTOR = 512
RW_SECTORS = 4096        # 2 MiB, disk.vblk0
RO_SECTORS = 2048        # 1 MiB, disk.vblk1
HOST_FILL = 0x5a
# blktest's t_invalid.c: seed "invalid"; guard blocks hold generation 1,
# every refused write carries generation 2.
INVALID_SEED = 0x696e76616c6964
GUARD_BLOCKS = 8
# The highest block any test but the guard writes (t_simple.c: 1 MiB from
# block 0; its refused call would have written from block 2049 to past the
# end); everything from here to the guard stays as the host filled it.
UNTOUCHED_FROM = 2048


def header(data, lba):
    """(magic, lba, seed, generation) of a verify-pattern sector (docs/blkbench.md)."""
    s = data[lba * SECTOR:lba * SECTOR + 32]
    return (s[:8],) + struct.unpack("<QQQ", s[8:32])


def test_conformance_on_two_virtio_disks_and_ramdisks(boot, tmp_path):
    rw = tmp_path / "a.img"
    ro = tmp_path / "b.img"
    rw.write_bytes(bytes([HOST_FILL]) * (RW_SECTORS * SECTOR))
    ro_before = bytes(range(256)) * (RO_SECTORS * SECTOR // 256)
    ro.write_bytes(ro_before)
    m = boot("--disk", f"{rw},serial=mica-vblk0", "--disk", f"{ro},ro,serial=mica-vblk1",
             "--append", "init.conf=etc/blktest-vblk.conf", timeout=300)
    # The first --disk is QEMU's highest virtio-mmio slot, the first in the
    # device tree, so the first virtio-blk instance (unit 0) is granted it.
    m.expect("init|info: virtio-blk pid 1 holds virtio,mmio at 0x10008000")
    m.expect("init|info: virtio-blk pid 2 holds virtio,mmio at 0x10007000")
    m.expect(f"blktest|info: disk.ram0 and disk.ram1: {len(TESTS)} tests ok, 0 failed, 0 not run")
    m.expect("blktest|info: target disk.vblk0 and disk.vblk1: 4096 blocks, max transfer 1048576, "
             "queue depth 32")
    m.expect(f"blktest|info: disk.vblk0 and disk.vblk1: {len(TESTS)} tests ok, 0 failed, 0 not run")
    m.expect(f"blktest|result: PASS {2 * len(TESTS)} tests on 2 targets, 0 not run")
    assert m.finish() == 0
    out = m.output()
    assert "blktest|error" not in out
    assert "virtio-blk|error" not in out
    assert "scheme disk.vblk0: registered by virtio-blk pid 1" in out
    assert "scheme disk.vblk1: registered by virtio-blk pid 2" in out
    # Which drive each unit got: the serials fstat checked (test fstat).
    vblk = out[out.index("target disk.vblk0"):]
    for name in TESTS:
        assert f"blktest|info: {name} ok" in vblk, name
    # On the asynchronous driver a message read beside a ring at its depth
    # was refused, and a simple read in the same place waited and read.
    waits = re.search(r"simple_waits: \d+ rounds of \d+ ring reads in flight: (\d+) message "
                      r"reads refused \(-EAGAIN\), (\d+) simple reads waited", vblk)
    assert waits, "no simple_waits line for the virtio disks"
    assert int(waits.group(1)) > 0 and int(waits.group(2)) > 0, waits.group(0)
    assert " not run: " not in out

    # The read-only disk's file is byte for byte what the host wrote.
    assert ro.read_bytes() == ro_before
    data = rw.read_bytes()
    assert len(data) == RW_SECTORS * SECTOR
    # No refused write reached the disk: no sector anywhere carries the
    # refused generation of t_invalid.c's seed.
    for lba in range(RW_SECTORS):
        magic, _, seed, generation = header(data, lba)
        assert not (magic == b"MICABLK1" and seed == INVALID_SEED and generation == 2), lba
    # The guard blocks at the end hold what was written before the refusals.
    for lba in range(RW_SECTORS - GUARD_BLOCKS, RW_SECTORS):
        assert header(data, lba) == (b"MICABLK1", lba, INVALID_SEED, 1), lba
    # Between the tests' blocks and the guard, nothing was written.
    gap = data[UNTOUCHED_FROM * SECTOR:(RW_SECTORS - GUARD_BLOCKS) * SECTOR]
    assert gap == bytes([HOST_FILL]) * len(gap)
    # And the tests did write where they meant to: the message path's blocks.
    assert header(data, 0)[0] == b"MICABLK1"


def test_virtio_blk_stopped_under_a_client(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(disk), "--append",
             "mica.shell=1 init.conf=etc/schemes-stop-vblk.conf", timeout=60)
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("schemetest|info: holding disk.vblk0:, waiting for its server to stop")
    m.child.sendline("stop virtio-blk")
    m.expect("init|info: scheme disk.vblk0: gone with pid 2")
    m.expect("schemetest|result: PASS 3 tests")
    assert m.finish() == 0
    out = m.output()
    assert "schemetest|error" not in out
    for name in ("open_before_stop", "handle_after_stop", "name_after_stop"):
        assert f"schemetest|info: {name} ok" in out, name
