"""A hostile heavy client next to a light one on the ramdisk
(servers/fairness/fairness.conf): the heavy client gets only its share of
handles (8 of 16; the next open -EMFILE), pins a 1 MiB buffer on each and
keeps eight rings full; the light client's opens still succeed, each of its
500 reads finishes within a bound, and when the heavy client exits without
CLOSE its pinned pages come back at once (the server's watch on each
handle's sentinel fires), with no OPEN of anyone's in between."""
import re


def test_light_client_next_to_a_heavy_one(boot):
    m = boot("--append", "init.conf=etc/fairness.conf", timeout=300)
    m.expect("fairness|info: heavy: holds 8 handles of disk.ram0: (the next open: EMFILE), "
             "8192 KiB of buffers, 8 rings")
    m.expect("fairness|info: light: 3 more opens next to the heavy client succeeded")
    m.expect("BENCH name=fair.light_read_512.heavy ")
    m.expect("fairness|info: heavy: told to stop after ")
    m.expect("BENCH name=fair.light_read_512.alone ")
    m.expect("fairness|result: PASS")
    assert m.finish() == 0
    out = m.output()
    back = re.search(r"fairness\|info: light: (\d+) pages came back (\d+) ms after the stop mark", out)
    assert back and int(back.group(1)) >= 8 * 256, back
    for name in ("heavy", "alone"):
        assert re.search(rf"BENCH name=fair.light_read_512.{name} unit=\w+ n=500 ", out), name
    stop = out.index("fairness|info: heavy: told to stop")
    closed = re.findall(r"ramdisk\|info: ram0: handle (\d+): its client died; closed "
                        r"\(1024 KiB of buffers", out[stop:])
    assert len(closed) == 8, closed
    assert "nobody holds it" not in out
    assert "|error" not in out
