"""Name squatting: squat.srv, whose manifest declares only "squat", starts
before virtio-blk and asks for disk.vblk0 (and other undeclared names).
init refuses each with a warning naming what the manifest declares, lets it
have "squat", virtio-blk registers disk.vblk0, and schemetest's I/O on
disk.vblk0: reaches the real driver (the squatter would answer -EIO)."""
import re


def pattern(blocks, size=512):
    # tests/guest/schemetest/schemetest.h: block b's byte i is b*31 + i*7 + 1.
    return bytes((b * 31 + i * 7 + 1) & 0xff for b in range(blocks) for i in range(size))


def test_undeclared_names_refused(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = boot("--disk", f"{disk},serial=mica-vblk0", "--append", "init.conf=etc/vblk-squat.conf")
    m.expect("schemetest|result: PASS 10 tests")
    assert m.finish() == 0
    out = m.output()
    # The servers run side by side: their lines interleave, so they are
    # checked in the transcript, the one ordering that matters by position.
    squatted = out.index("init|warn: scheme disk.vblk0: registration by squat pid 1 refused: "
                         "its manifest declares squat")
    assert squatted < out.index("init|info: scheme disk.vblk0: registered by virtio-blk pid 2")
    for name in ("disk.vblk0", "disk.vblk", "squatx", "squat0x"):
        assert (f"init|warn: scheme {name}: registration by squat pid 1 refused: "
                "its manifest declares squat") in out, name
        assert f"squat|info: registering {name}: EACCES" in out, name
    assert "init|info: scheme squat: registered by squat pid 1" in out
    assert "squat|info: registering squat: ok" in out
    assert "schemetest|info: vblk_write_read_verify ok" in out
    assert "virtio-blk|error" not in out
    assert disk.read_bytes()[:2048] == pattern(4)


def test_taken_name_names_its_holder(boot):
    """A second ramdisk asking for disk.ram0 is told who holds it."""
    m = boot("--append", "init.conf=etc/schemes.conf")
    m.expect("init|info: scheme disk.ram0: registered by ramdisk pid 1")
    m.expect("init|warn: scheme disk.ram0: registration by ramdisk pid 2 refused: "
             "held by ramdisk pid 1")
    m.expect("ramdisk|error: cannot register scheme disk.ram0: held by ramdisk pid 1")
    m.expect("schemetest|result: PASS")
    assert m.finish() == 0
    assert not re.search(r"scheme disk\.ram0: registration by .* refused: EEXIST", m.output())
