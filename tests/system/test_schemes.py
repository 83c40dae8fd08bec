"""Schemes by name in QEMU: ramdisk.srv registers disk.ram0 with init's
name service, a second server asking for the same name is refused, and
schemetest, a separate process, opens the disk by name, writes, reads and
verifies blocks, and gets ENOENT, EINVAL and EBADF where it should."""

TESTS = ("open_by_name", "fstat", "write_read_verify", "close", "stale_handle",
         "unknown_scheme", "malformed_names")


def test_schemes_by_name(boot):
    m = boot("--append", "init.conf=etc/schemes.conf", timeout=60)
    m.expect(f"schemetest|result: PASS {len(TESTS)} tests")
    assert m.finish() == 0
    out = m.output()
    assert "schemetest|error" not in out
    for name in TESTS:
        assert f"schemetest|info: {name} ok" in out, name
    assert "init|info: scheme disk.ram0: registered by ramdisk pid 1" in out
    assert ("init|warn: scheme disk.ram0: registration by ramdisk pid 2 refused: "
            "held by ramdisk pid 1") in out
    assert "init|info: scheme disk.ram0: gone with pid 2" not in out
