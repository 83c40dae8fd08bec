"""virtio-blk serve mode: disk.vblk0 over the block protocol's message path.
schemetest opens it by name from its own process, writes, reads back,
checks refusals, fsyncs; after power-off the host finds the blocks in the
disk file. A read-only disk refuses WRITE opens, writes and fsyncs."""


def pattern(blocks, size=512):
    # tests/guest/schemetest/schemetest.h: block b's byte i is b*31 + i*7 + 1.
    return bytes((b * 31 + i * 7 + 1) & 0xff for b in range(blocks) for i in range(size))


def test_serve_write_fsync_persists(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = boot("--disk", f"{disk},serial=mica-vblk0",
             "--append", "init.conf=etc/vblk-serve.conf")
    m.expect("init|info: scheme disk.vblk0: registered by virtio-blk pid 1")
    m.expect("schemetest|info: disk.vblk0: 2097152 bytes, block 512, flags 0x2, "
             "serial 'mica-vblk0'")
    m.expect("schemetest|info: vblk_write_read_verify ok")
    m.expect("schemetest|info: vblk_fsync ok")
    m.expect("schemetest|result: PASS 10 tests")
    assert m.finish() == 0
    assert "virtio-blk|error" not in m.output()
    data = disk.read_bytes()
    # Four blocks written; the refused requests left everything else zero.
    assert data[:2048] == pattern(4)
    assert data[2048:] == bytes(len(data) - 2048)


def test_serve_read_only_refuses_writes(boot, tmp_path):
    disk = tmp_path / "ro.img"
    before = bytes(range(256)) * 4096  # 1 MiB
    disk.write_bytes(before)
    m = boot("--disk", f"{disk},ro", "--append", "init.conf=etc/vblk-serve-ro.conf")
    m.expect("schemetest|info: vblk_ro_open_write ok")  # OPEN with WRITE: -EACCES
    m.expect("schemetest|info: disk.vblk0: 1048576 bytes, block 512, flags 0x3, serial ''")
    m.expect("schemetest|info: vblk_ro_write ok")       # write on a READ handle: -EBADF
    m.expect("schemetest|result: PASS 6 tests")
    assert m.finish() == 0
    assert disk.read_bytes() == before
