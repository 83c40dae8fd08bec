"""The ramdisk with workers: two harts, each ring served on its client's
hart (etc/blkbench-blk-workers.conf). The disk is written with a pattern,
then two clients, one on each hart, read it at random through their rings
and check every sector."""
import re


def test_two_clients_on_two_harts_read_the_pattern_back(boot):
    m = boot("--smp", "2", "--append", "init.conf=etc/blkbench-blk-workers.conf", timeout=240)
    m.child.expect(r"ramdisk\|info: ram0: rings of clients on hart (\d) served there")
    m.expect("blkbench|info: step 1 of 2: PASS verify disk.ram0: 8192 sectors seed 5 gen 1")
    m.expect("blkbench|info: blk: clients spread over 2 harts")
    m.child.expect(r"blkbench\|info: read data: (\d+) sectors held the seed-5 pattern and were checked")
    # 8000 reads of 4 KiB, 8 sectors each, all written by step 1.
    assert int(m.child.match.group(1)) == 64000
    m.expect("blkbench|result: PASS all 2 steps")
    assert m.finish() == 0
    out = m.output()
    assert "faulted" not in out
    assert not re.search(r"ramdisk\|(warn|error)", out)
