"""virtio-blk's device engine on its own: the bench program vblkdirect
(tests/bench/vblkdirect, which links the engine; the driver has no such mode)
writes the verify pattern over a whole disk, flushes, reads it back and
checks it, with no IPC; then the host checks the image file, which proves
flush-then-power-off kept the data. A read-only disk (RO feature) refuses the
writes and is left unchanged."""
import os

import pytest
import subprocess

from conftest import BUILD

SEED = 42  # etc/vblk-direct.conf: arg=0x10000002a (mode 1, seed 0x2a)
BLKVERIFY = os.path.join(BUILD, "tools", "blkverify")


def test_direct_verify_persists(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/vblk-direct.conf")
    m.expect("vblkdirect|info: serial (none) capacity 4096 sectors features ")
    m.expect("vblkdirect|result: PASS direct verify 4096 sectors")
    assert m.finish() == 0
    out = m.output()
    assert "vblkdirect|info: negotiated features: " in out
    assert "VERSION_1" in out and "FLUSH" in out
    assert "vblkdirect|error" not in out
    host = subprocess.run([BLKVERIFY, str(disk), "--seed", str(SEED)],
                          capture_output=True, text=True, check=False)
    assert host.returncode == 0, host.stdout + host.stderr
    assert "blkverify|result: PASS 4096 sectors" in host.stdout


def test_read_only_disk_refuses_writes(boot, tmp_path):
    disk = tmp_path / "ro.img"
    before = bytes(range(256)) * (4096 * 2 // 256 * 128)  # 1 MiB, not the pattern
    disk.write_bytes(before)
    m = boot("--disk", f"{disk},ro", "--append", "init.conf=etc/vblk-direct.conf")
    m.expect("vblkdirect|error: device is read-only (RO negotiated): write to lba 0 refused")
    m.expect("vblkdirect|result: FAIL direct verify at lba 0")
    assert m.finish() == 1
    out = m.output()
    assert " RO " in out.split("negotiated features:")[1].splitlines()[0] + " "
    assert "init|info: vblkdirect pid 1 exited with status 1" in out
    assert disk.read_bytes() == before


def test_direct_verify_split_requests(boot, tmp_path):
    """etc/vblk-split.conf caps each data descriptor at one sector, so a
    64 KiB transfer becomes 8 requests of 16 descriptors (SEG_MAX and the
    chain limit split it), many in flight; the data must still be right."""
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/vblk-split.conf")
    m.expect("vblkdirect|info: data descriptors capped at 512 bytes by the argument")
    # 256 writes + flush + 256 reads + GET_ID, 16 sectors each.
    m.expect("vblkdirect|info: 514 requests, at most ")
    m.expect("vblkdirect|result: PASS direct verify 4096 sectors")
    assert m.finish() == 0
    host = subprocess.run([BLKVERIFY, str(disk), "--seed", "7"],
                          capture_output=True, text=True, check=False)
    assert host.returncode == 0, host.stdout + host.stderr


def test_driver_has_no_overwrite_mode(boot, tmp_path):
    """The driver serves or exits: a bad parameter is refused before the
    device is touched, and no byte of the disk changes."""
    disk = tmp_path / "disk.img"
    before = bytes(range(256)) * (2 << 20 >> 8)
    disk.write_bytes(before)
    m = boot("--disk", str(disk), "--append", "init.conf=etc/vblk-mode1.conf")
    m.expect("virtio-blk|error: unit=1x: not a number")
    m.finish()
    assert "init|info: virtio-blk pid 1 exited with status 1" in m.output()
    assert disk.read_bytes() == before


@pytest.mark.parametrize("conf,line", [
    ("vblk-depth0", "virtio-blk|error: queue-depth=0: a handle needs at least one request in flight (1..48)"),
    ("vblk-depth49", "virtio-blk|error: queue-depth=49: "),
], ids=["zero", "past-the-tags"])
def test_queue_depth_out_of_range_is_refused(boot, tmp_path, conf, line):
    """queue-depth is 1..48: outside it the driver says so and exits before
    the device is touched."""
    disk = tmp_path / "disk.img"
    before = bytes(range(256)) * (1 << 20 >> 8)
    disk.write_bytes(before)
    m = boot("--disk", str(disk), "--append", f"init.conf=etc/{conf}.conf")
    m.expect(line)
    m.finish()
    assert "init|info: virtio-blk pid 1 exited with status 1" in m.output()
    assert disk.read_bytes() == before
