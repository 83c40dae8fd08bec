"""Impersonation: an attacker client tries to make or reuse badges against
disk.ram0:, disk.vblk0:, the serial server and init's name service (minting
the victim's handle badge from the door, from a copy, from its own handle
cap, guessed badges, 2^16 brute-forced ones; handle requests on the door;
OPEN on a handle; registering names). Every attempt must be refused and the
victim's handles, buffers and blocks stay as they were."""
import re


def test_impersonation_refused(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/hostile.conf", timeout=180)
    m.expect("hostile|info: victim: disk.ram0: open")
    m.expect("hostile|info: victim: disk.vblk0: open")
    m.expect("hostile|info: victim: handles, buffers and blocks unchanged")
    # Up to the line's end: a match on a line half read would cut the count off.
    m.child.expect(r"hostile\|result: (PASS|FAIL)[^\r\n]*\r")
    verdict = m.child.after.rstrip()
    status = m.finish()
    out = m.output()
    assert "attacker: disk.ram0: done" in out and "attacker: disk.vblk0: done" in out
    assert "attacker: serial done" in out and "attacker: name service done" in out
    assert verdict.startswith("hostile|result: PASS"), verdict
    refused = int(re.search(r"PASS (\d+) attacks refused", verdict).group(1))
    # Five brute-force runs of 65536 badges (two per disk, one on the serial
    # door, two on init's caps) and the single attempts.
    assert refused > 7 * 65536, verdict
    assert "hostile|error" not in out
    assert status == 0
    # The victim's four blocks of disk.vblk0: are on the disk as it wrote them.
    data = disk.read_bytes()
    for b in range(4):
        want = bytes((0xa5 ^ (1 * 97 + b * 13 + i * 3)) & 0xff for i in range(512))
        assert data[b * 512:(b + 1) * 512] == want, b
