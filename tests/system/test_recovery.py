"""Driver recovery, the supervisor's side (docs/recovery.md), through the
console shell on etc/recovery.conf: every fault point `crash` arms makes
the ramdisk and virtio-blk take a real fault (or hang) at the next request
blkbench sends there, init restarts it, and the new instance serves; a hang
is found by the heartbeat; the ramdisk's blocks outlive its crash and a
live update; orders a server cannot take are refused."""
import re


def run(m, command, *answers):
    m.child.sendline(command)
    for a in answers:
        m.expect(a)


def crash(m, server, point, count, scheme, path, rw="randwrite"):
    """Arms point, has blkbench write through it (it fails when the server
    dies under it), waits for the new instance."""
    run(m, f"crash {server} {point} {count}", f"crash armed: {server} pid ")
    drive_then_restart(m, server, scheme, path, rw,
                       "no heartbeat answer in 200 ms" if point == "hang" else "faulted: store page fault")


def drive_then_restart(m, server, scheme, path, rw, death):
    m.child.sendline(f'load blkbench initrd quota=32M args="blk {scheme} --path {path} --rw {rw} --ops 64"')
    m.expect(death)
    m.child.expect(rf"init\|info: restarting {server} \(restart \d+ of 50\)")
    expect_all(m, rf"init\|info: {server} pid \d+ ready",
               r"init\|info: blkbench pid \d+ exited with status \d")


def expect_all(m, *patterns):
    """Each pattern once, in whatever order they come."""
    left = list(patterns)
    while left:
        left.pop(m.child.expect(left))


def boot_recovery(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(4 << 20))
    m = boot("--disk", str(disk), "--append", "mica.shell=1 init.conf=etc/recovery.conf", timeout=90)
    expect_all(m, r"init\|info: ramdisk pid 2: heartbeat every 200 ms",
               r"init\|info: virtio-blk pid 3: heartbeat every 200 ms")
    return m


def test_ramdisk_fault_points_held_memory_and_live_update(boot, tmp_path):
    m = boot_recovery(boot, tmp_path)
    # The pattern goes in before any crash, which only reads: every check
    # below reads it back.
    run(m, 'load blkbench initrd quota=32M args="verify disk.ram0: --seed 3 --write"',
        "blkbench|result: PASS verify disk.ram0: 8192 sectors seed 3 gen 1")
    crash(m, "ramdisk", "decode", 2, "disk.ram0:", "msg", "randread")
    crash(m, "ramdisk", "dma", 3, "disk.ram0:", "zerocopy", "randread")
    crash(m, "ramdisk", "ring-batch", 5, "disk.ram0:", "queue", "randread")
    crash(m, "ramdisk", "hang", 1, "disk.ram0:", "queue", "randread")
    # RANDOM: init names the point it picked from the seed.
    run(m, "crash ramdisk random 7")
    m.child.expect(r"init\|info: ramdisk pid \d+: fault armed at (decode|dma|ring-batch|hang), pass [1-4]")
    m.expect("crash armed: ramdisk pid ")
    drive_then_restart(m, "ramdisk", "disk.ram0:", "queue", "randread", "ram0: injected fault at")
    # NOW: killed by init at once, or faulting on taking the order.
    run(m, "crash ramdisk", "init|warn: ramdisk pid ")
    m.expect("killed by a crash order; killing it")
    m.child.expect(r"init\|info: ramdisk pid \d+ ready")
    run(m, "crash ramdisk now 1", "ramdisk|warn: ram0: injected fault at now")
    m.child.expect(r"init\|info: ramdisk pid \d+ ready")
    # Orders it cannot take.
    run(m, "crash ramdisk irq 1")
    m.child.expect(r"crash: ramdisk pid \d+: EINVAL")
    run(m, "crash shell decode 1")
    m.child.expect(r"crash: shell pid \d+: EINVAL")
    run(m, "crash ramdisk decode 0")
    m.child.expect(r"crash: ramdisk pid \d+: EINVAL")
    run(m, "crash ramdisk sideways", "crash: no point sideways")
    # Every crash left the blocks as they were.
    run(m, 'load blkbench initrd quota=32M args="verify disk.ram0: --seed 3 --check"',
        "blkbench|result: PASS verify disk.ram0: 8192 sectors seed 3 gen 1")

    # A live update: refused images leave the old one running.
    run(m, "restart ramdisk srv/missing.srv", "init|error: srv/missing.srv: not in the initrd")
    m.child.expect(r"restart: ramdisk not replaced by srv/missing.srv: EIO")
    run(m, "restart ramdisk blkbench", "a live update replaces a server image with another")
    # Another server's image: the ramdisk and its blocks stay.
    run(m, "restart ramdisk srv/nullblk.srv", "init|error: srv/nullblk.srv: its manifest names nullblk, "
        "not ramdisk: a live update replaces a server with another version of itself; ramdisk pid ")
    m.child.expect(r"restart: ramdisk not replaced by srv/nullblk.srv: EIO")
    run(m, "restart ramdisk srv/ramdisk-next.srv",
        "init|info: loaded ramdisk 1.1.0 from srv/ramdisk-next.srv")
    m.child.expect(r"replaced ramdisk pid \d+ by ramdisk pid \d+ \(1\.1\.0 from srv/ramdisk-next\.srv\)")
    m.child.expect(r"init\|info: ramdisk pid \d+ ready")
    run(m, "lssrv")
    m.child.expect(r"ramdisk +running +1\.1\.0 +\d+K +\d+  disk\.ram0:")
    run(m, 'load blkbench initrd quota=32M args="verify disk.ram0: --seed 3 --check"',
        "blkbench|result: PASS verify disk.ram0: 8192 sectors seed 3 gen 1")
    # A crash of the new version restarts the new version.
    run(m, "crash ramdisk", "killed by a crash order")
    m.expect("init|info: loaded ramdisk 1.1.0 from srv/ramdisk-next.srv")
    # A stop ends the line: its memory goes, a new load starts from zeros.
    run(m, "stop ramdisk", "stopped ramdisk pid")
    run(m, "load srv/ramdisk.srv args=\"size=4M\" quota=8M", "holding 4096 KiB for it across restarts")
    # No heartbeat on this line: a hang nothing would find is refused.
    run(m, "crash ramdisk hang 1", "init|error: ramdisk pid ")
    m.expect("a hang needs a heartbeat to find it (heartbeat= on its line); not armed")
    m.child.expect(r"crash: ramdisk pid \d+: EINVAL")
    run(m, 'load blkbench initrd quota=32M args="verify disk.ram0: --seed 3 --check"',
        "blkbench|result: FAIL")
    run(m, "poweroff")
    assert m.finish() == 0
    out = m.output()
    for point in ("decode", "dma", "ring-batch", "hang", "now"):
        assert f"ramdisk|warn: ram0: injected fault at {point}" in out, point
    # One frame for the configuration line until it was stopped.
    assert out.count("holding 4096 KiB for it across restarts") == 2
    assert "restart limit" not in out


def test_virtio_blk_fault_points(boot, tmp_path):
    m = boot_recovery(boot, tmp_path)
    crash(m, "virtio-blk", "decode", 2, "disk.vblk0:", "msg")
    crash(m, "virtio-blk", "dma", 3, "disk.vblk0:", "zerocopy")
    crash(m, "virtio-blk", "irq", 2, "disk.vblk0:", "queue")
    crash(m, "virtio-blk", "ring-batch", 3, "disk.vblk0:", "queue")
    crash(m, "virtio-blk", "hang", 1, "disk.vblk0:", "msg")
    run(m, 'load blkbench initrd quota=32M args="verify disk.vblk0: --seed 4"',
        "blkbench|result: PASS verify disk.vblk0: 8192 sectors seed 4 gen 1")
    run(m, "poweroff")
    assert m.finish() == 0
    out = m.output()
    for point in ("decode", "dma", "irq", "ring-batch", "hang"):
        assert f"virtio-blk|warn: vblk0: injected fault at {point}" in out, point
    assert len(re.findall(r"init\|info: restarting virtio-blk", out)) == 5
    # The device is reset after each death, before its memory goes.
    assert len(re.findall(r"init\|info: quiesced 0x10008000", out)) == 5


def test_a_hung_ring_worker_is_found_by_the_heartbeat(boot):
    # The main thread keeps receiving while the worker spins: only its look
    # at the workers' turns at each heartbeat finds the hang.
    m = boot("--smp", "2", "--append", "mica.shell=1 init.conf=etc/recovery-workers.conf", timeout=90)
    expect_all(m, r"ramdisk\|info: ram0: rings of clients on hart 1 served there",
               r"init\|info: ramdisk pid \d+: heartbeat every 200 ms")
    run(m, "crash ramdisk hang 1", "crash armed: ramdisk pid ")
    m.child.sendline('load blkbench initrd hart=1 quota=32M args="blk disk.ram0: --path queue --rw randread --ops 64"')
    m.expect("ramdisk|warn: ram0: the ring worker on hart 1 has been in one turn for 3 heartbeats")
    m.expect("no heartbeat answer in 200 ms")
    m.child.expect(r"init\|info: restarting ramdisk \(restart 1 of 50\)")
    expect_all(m, r"init\|info: ramdisk pid \d+ ready", r"init\|info: blkbench pid \d+ exited with status \d")
    # The new instance serves a client on hart 1 through its worker there.
    run(m, 'load blkbench initrd hart=1 quota=32M args="blk disk.ram0: --path queue --rw randread --ops 64"',
        "blkbench|result: PASS blk blk.ram0.queue.randread")
    run(m, "poweroff")
    assert m.finish() == 0
