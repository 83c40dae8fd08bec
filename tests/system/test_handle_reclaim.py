"""Handles nobody holds any more: schemetest arg=13 fills the handle tables
of disk.ram0: and disk.vblk0: (16 handles each, a registered buffer on
every one, no ring) and exits without CLOSE; schemetest arg=14 then opens
each disk once more. Each server's OPEN first closes the handles whose cap
no client holds (cap_derived), one log line each, so the 17th open works;
without that the tables stay full and arg 14 gets -EMFILE."""
import re


def test_gone_clients_handles_are_closed(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/schemes-abandon.conf", timeout=120)
    for scheme in ("disk.ram0:", "disk.vblk0:"):
        m.expect("schemetest|info: abandon_table_full ok")  # the 17th open: -EMFILE
        m.expect(f"schemetest|info: leaving 16 handles open on {scheme}, each with a registered buffer")
    m.expect("init|info: schemetest pid 3 exited with status 0")
    # Only after that exit: its handles go when the next client opens.
    m.expect("ramdisk|info: ram0: handle 0: nobody holds it; closed")
    m.expect("schemetest|info: open_after_abandon ok")
    m.expect("virtio-blk|info: vblk0: handle 0: nobody holds it; closed")
    m.expect("schemetest|info: open_after_abandon ok")
    m.expect("schemetest|result: PASS 2 tests")
    m.expect("init|info: schemetest pid 4 exited with status 0")
    assert m.finish() == 0
    out = m.output()
    for server, name in (("ramdisk", "ram0"), ("virtio-blk", "vblk0")):
        closed = re.findall(rf"{server}\|info: {name}: handle (\d+): nobody holds it; closed", out)
        assert sorted(int(i) for i in closed) == list(range(16)), (server, closed)
    # virtio-blk closes each the way CLOSE does (its report, nothing in
    # flight), then arg 14 closes its own handle.
    assert len(re.findall(r"virtio-blk\|info: vblk0: handle \d+ closed with 0 in flight", out)) == 17
    assert "schemetest|result: FAIL" not in out
    assert "|error" not in out
