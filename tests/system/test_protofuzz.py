"""The protocol fuzzer, briefly (etc/protofuzz.conf): protofuzz attacks
disk.ram0, read-only disk.ram1, virtio-blk's disk.vblk0, the name service
and the serial server with random messages and ring entries, keeping a
shadow copy of each disk; it must report PASS with no crash and no changed
byte. After power-off the host checks the virtio disk image: byte for byte
what the fuzzer's shadow says (its SHA-256), so nothing the fuzzer was not
told was written reached the disk."""
import hashlib
import re


DISK_BYTES = 1 << 20
MESSAGES = 20000
RING_ENTRIES = 5000


def test_protocol_fuzzer_against_every_server(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes([0x5a]) * DISK_BYTES)
    m = boot("--disk", str(disk), "--append", "init.conf=etc/protofuzz.conf", timeout=240)
    m.child.expect(r"protofuzz\|info: seed (\d+):")
    seed = m.child.match.group(1)
    m.expect("protofuzz|info: disk.vblk0: 1048576 bytes, blocks of 512")
    # Up to the line's end: a pattern without it may match half a line.
    m.child.expect(r"protofuzz\|result: (PASS|FAIL)([^\r\n]*)\r*\n")
    verdict = m.child.match.group(1) + m.child.match.group(2)
    assert m.finish() == 0, "seed %s: %s" % (seed, verdict)
    counts = re.match(r"PASS (\d+) messages, (\d+) ring entries, 5 servers, 0 crashes, "
                      r"0 changed bytes$", verdict)
    assert counts, "seed %s: %s" % (seed, verdict)
    assert int(counts.group(1)) >= MESSAGES
    assert int(counts.group(2)) >= RING_ENTRIES
    out = m.output().replace("\0", "")
    assert "protofuzz|info: the serial server still answers" in out
    # Window requests were sent, and some with a usable window were served,
    # so their data was judged (not only refusals).
    windows = re.search(r"protofuzz\|info: (\d+) window requests, (\d+) acknowledged", out)
    assert windows and int(windows.group(2)) > 0, "seed %s" % seed
    for bad in ("faulted", "|error", "restarting"):
        assert bad not in out.replace("protofuzz|error", "")
    digest = re.search(r"protofuzz\|info: disk\.vblk0: sha256 ([0-9a-f]{64})", out).group(1)
    data = disk.read_bytes()
    assert hashlib.sha256(data).hexdigest() == digest, "seed %s" % seed
    # The pattern went over the whole disk first: no byte is the host's fill
    # run any more, so the comparison covered data the fuzzer put there.
    assert bytes([0x5a]) * 512 not in data
