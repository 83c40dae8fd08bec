"""A hostile heavy client next to a light one (tests/guest/fairness/), on the
ramdisk (fairness.conf) and on virtio-blk (fairness-vblk.conf): the heavy
client gets only its share of handles (8 of 16; the next open -EMFILE),
pins a 1 MiB buffer on each and keeps eight rings full; the light client's
opens still succeed, each of its 500 reads finishes within a bound, and when
the heavy client exits without CLOSE its pinned pages come back at once (the
server's watches on each handle's sentinel and ring wakeup fire), with no
OPEN of anyone's in between."""
import re

import pytest


@pytest.mark.parametrize("conf, server, name", [
    ("fairness.conf", "ramdisk", "ram0"),
    ("fairness-vblk.conf", "virtio-blk", "vblk0"),
])
def test_light_client_next_to_a_heavy_one(boot, tmp_path, conf, server, name):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(16 << 20))
    args = ["--disk", str(disk)] if server == "virtio-blk" else []
    m = boot(*args, "--append", f"init.conf=etc/{conf}", timeout=300)
    m.expect(f"fairness|info: heavy: holds 8 handles of disk.{name}: (the next open: EMFILE), "
             "8192 KiB of buffers, 8 rings")
    m.expect("fairness|info: light: 3 more opens next to the heavy client succeeded")
    m.expect(f"BENCH name=fair.{name}.light_read_512.heavy ")
    m.expect("fairness|info: heavy: told to stop after ")
    m.expect(f"BENCH name=fair.{name}.light_read_512.alone ")
    m.expect("fairness|result: PASS")
    assert m.finish() == 0
    out = m.output()
    back = re.search(r"fairness\|info: light: (\d+) pages came back (\d+) ms after the stop mark", out)
    assert back and int(back.group(1)) >= 8 * 256, back
    for which in ("heavy", "alone"):
        assert re.search(rf"BENCH name=fair\.{name}\.light_read_512\.{which} unit=\w+ n=500 ", out), which
    # Each of the heavy client's handles closes as it dies: by the watch, or,
    # for a ring the server was serving, by finding the ring's wakeup gone;
    # both say "its client died".
    after = out[out.index("fairness|info: heavy: told to stop"):out.index("pages came back")]
    closed = re.findall(rf"{server}\|\w+: {name}: handle (\d+): its client died; closed",
                        after)
    assert len(set(closed)) == 8, closed
    assert "nobody holds it" not in out
    assert "|error" not in out
