"""A server's death ends its clients' waits: schemetest arg=17 has one
thread waiting in each data path of disk.vblk0: (message READ, zero-copy
READ_BUFFER, queued wait for a completion) on a throttled disk, and the
shell kills virtio-blk twice, by `stop` and by `restart`. Every wait must
end with an error (the queued one -EPIPE, woken by the kernel's watch on
its handle cap) within seconds, not hang."""
from test_vblk_paths import throttled_pattern_disk


def test_every_wait_ends_when_the_server_dies(boot, tmp_path):
    disk = throttled_pattern_disk(tmp_path)
    m = boot("--disk", disk, "--append", "mica.shell=1 init.conf=etc/vblk-death.conf", timeout=120)
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("schemetest|info: waiting in all three paths; stop virtio-blk now")
    m.child.sendline("stop virtio-blk")
    m.expect("init|info: scheme disk.vblk0: gone with pid 2")
    m.expect("schemetest|info: every wait ended after stop", timeout=15)
    m.child.sendline("load srv/virtio-blk.srv")
    m.expect("schemetest|info: waiting in all three paths; restart virtio-blk now")
    m.child.sendline("restart virtio-blk")
    m.expect("schemetest|info: every wait ended after restart", timeout=15)
    m.expect("schemetest|result: PASS 6 tests")
    assert m.finish() == 0
    out = m.output()
    assert "schemetest|error" not in out
    for kill in ("stop", "restart"):
        for path in ("message", "zero_copy", "queued"):
            assert f"schemetest|info: death_{kill}_{path} ok" in out, (kill, path)
