"""blktest named on its command line, against partitions of virtio disks
whose tables are written here (part_images.py): GPT partition 1 with an MBR
disk's partition 2 as the read-only disk, then the other way round. After
power-off the host checks the images: every write stayed inside the
read-write partition, at the partition's offset, up to its last block
(the suite's guard blocks), and nothing reached the read-only disk."""
import uuid

import pytest

import part_images
from part_images import SECTOR
from test_blktest import TESTS
from test_blktest_servers import GUARD_BLOCKS, HOST_FILL, INVALID_SEED, header

DISK_SECTORS = 8192  # 4 MiB

GPT_P1 = (2048, 4096)        # first block, blocks
MBR_P2 = (2304, 4096)


def filled_disk():
    return bytearray([HOST_FILL]) * (DISK_SECTORS * SECTOR)


def gpt_disk():
    data = filled_disk()
    part_images.write_gpt(data, [
        (0, part_images.LINUX_DATA, uuid.UUID("6d696361-0000-4000-8000-0000000000a1"),
         GPT_P1[0], GPT_P1[0] + GPT_P1[1] - 1, "mica-data"),
        (1, part_images.EFI_SYSTEM, uuid.UUID("6d696361-0000-4000-8000-0000000000a2"),
         6144, 8158, "spare"),
    ])
    return bytes(data)


def mbr_disk():
    data = filled_disk()
    part_images.write_mbr(data, [(0, 0x80, 0x0c, 64, 2240), (1, 0, 0x83, *MBR_P2),
                                 (2, 0, 0x05, 6400, 1792)],
                          [(0x82, 6432, 1000), (0x83, 7440, 700)])
    return bytes(data)


@pytest.mark.parametrize("conf, rw_image, ro_image, part, rw_target, table_lines", [
    ("blktest-gpt", gpt_disk, mbr_disk, GPT_P1, "disk.vblk0:p1 and disk.vblk1:p2",
     ("vblk0: GPT partition table, 2 partitions", "vblk1: MBR partition table, 4 partitions")),
    ("blktest-mbr", mbr_disk, gpt_disk, MBR_P2, "disk.vblk0:p2 and disk.vblk1:p1",
     ("vblk0: MBR partition table, 4 partitions", "vblk1: GPT partition table, 2 partitions")),
])
def test_conformance_on_a_partition(boot, tmp_path, conf, rw_image, ro_image, part, rw_target,
                                    table_lines):
    rw, ro = tmp_path / "rw.img", tmp_path / "ro.img"
    rw_before, ro_before = rw_image(), ro_image()
    rw.write_bytes(rw_before)
    ro.write_bytes(ro_before)
    m = boot("--disk", str(rw), "--disk", f"{ro},ro", "--append", f"init.conf=etc/{conf}.conf",
             timeout=300)
    first, blocks = part
    m.expect(f"blktest|info: target {rw_target}: {blocks} blocks, max transfer 1048576, "
             "queue depth 32")
    m.expect(f"blktest|info: {rw_target}: {len(TESTS) - 1} tests ok, 0 failed, 1 not run")
    m.expect(f"blktest|result: PASS {len(TESTS) - 1} tests on 1 target, 1 not run")
    assert m.finish() == 0
    out = m.output()
    assert "blktest|error" not in out
    assert "virtio-blk|error" not in out
    for line in table_lines:
        assert f"virtio-blk|info: {line}" in out
    # The one test not run writes partition tables: it needs a whole disk.
    assert ("blktest|info: partitions not run: disk.vblk0:p" in out and
            "a partition, not a whole disk: partition tables are not served" in out)
    for name in TESTS:
        if name != "partitions":
            assert f"blktest|info: {name} ok" in out, name

    assert ro.read_bytes() == ro_before
    data = rw.read_bytes()
    # Outside the partition every byte is what the host wrote: its table,
    # the other partitions, the backup GPT.
    assert data[:first * SECTOR] == rw_before[:first * SECTOR]
    end = (first + blocks) * SECTOR
    assert data[end:] == rw_before[end:]
    # Inside, the blocks carry the partition's own block numbers: the
    # message path's first block at the partition's start, the guard
    # blocks at its last blocks (writes past them were refused).
    assert header(data, first)[:2] == (b"MICABLK1", 0)
    for k in range(blocks - GUARD_BLOCKS, blocks):
        assert header(data, first + k) == (b"MICABLK1", k, INVALID_SEED, 1), k
    for lba in range(first, first + blocks):
        magic, _, seed, generation = header(data, lba)
        assert not (magic == b"MICABLK1" and seed == INVALID_SEED and generation == 2), lba
