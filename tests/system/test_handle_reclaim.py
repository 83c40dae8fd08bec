"""Handles of a client that exits without CLOSE: schemetest arg=13 opens all
the handles it may of disk.ram0: (the ramdisk started with
args="client-handles=16": the whole table) and disk.vblk0: (the default
per-client share, 8), a registered buffer on every one, no ring, and exits.
Each server closes them as the client dies (the sentinel each OPEN carried
is deleted with the client's quota and the server's watch on it fires), one
log line each, before anyone opens again: the fallback sweep at OPEN
("nobody holds it") finds nothing. schemetest arg=14 then opens each disk."""
import re


def test_gone_clients_handles_are_closed(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/schemes-abandon.conf", timeout=120)
    m.expect("ramdisk|info: ram0: each client may hold 16 handles")
    for scheme, count in (("disk.ram0:", 16), ("disk.vblk0:", 8)):
        m.expect("schemetest|info: abandon_table_full ok")  # one more open: -EMFILE
        m.expect(f"schemetest|info: leaving {count} handles open on {scheme}, each with a registered buffer")
    m.expect("init|info: schemetest pid 3 exited with status 0")
    m.expect("schemetest|info: open_after_abandon ok")
    m.expect("schemetest|info: open_after_abandon ok")
    m.expect("schemetest|result: PASS 2 tests")
    m.expect("init|info: schemetest pid 4 exited with status 0")
    assert m.finish() == 0
    out = m.output()
    after_exit = out[out.index("leaving 8 handles open on disk.vblk0:"):]
    first_open = after_exit.index("schemetest|info: open_after_abandon ok")
    for server, name, count in (("ramdisk", "ram0", 16), ("virtio-blk", "vblk0", 8)):
        closed = re.findall(rf"{server}\|info: {name}: handle (\d+): its client died; closed "
                            r"\(4 KiB of buffers, 0 in flight\)", after_exit[:first_open])
        assert sorted(int(i) for i in closed) == list(range(count)), (server, closed)
    assert "nobody holds it" not in out
    # virtio-blk closes each the way CLOSE does (its report, nothing in
    # flight), then arg 14 closes its own handle.
    assert len(re.findall(r"virtio-blk\|info: vblk0: handle \d+ closed with 0 in flight", out)) == 9
    assert "schemetest|result: FAIL" not in out
    assert "|error" not in out


def test_a_ring_without_a_sentinel_closes_with_its_client(boot, tmp_path):
    """schemetest arg=18 opens disk.ram0: by hand with no sentinel (the OPEN
    carries no cap), sets up a ring, flushes through it and exits without
    CLOSE. Nothing but the server's watch on the ring's wakeup (the client's
    notification copy, deleted with its quota) tells the ramdisk; it closes
    the handle then, before arg=14 opens again."""
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/schemes-abandon-ring.conf", timeout=120)
    m.expect("schemetest|info: ring_without_sentinel ok")
    m.expect("schemetest|info: leaving a ring without a sentinel on disk.ram0:")
    m.expect("init|info: schemetest pid 3 exited with status 0")
    m.expect("ramdisk|info: ram0: handle 0: its client died; closed (0 KiB of buffers, 0 in flight)")
    m.expect("schemetest|info: open_after_abandon ok")
    m.expect("schemetest|result: PASS 2 tests")
    assert m.finish() == 0
    out = m.output()
    assert "nobody holds it" not in out
    assert "|error" not in out
