"""blkbench chaos: the driver is crashed again and again (a fault injected
at a random point; five times on virtio-blk, twenty on the ramdisk) while
one handle writes and reads back the verify pattern over the message,
zero-copy, queued and window paths; the block client's recovery hides every crash
(no call fails, no block comes back wrong), no crash costs blkbench or
init a capability slot, the run reports each crash's recovery time, and
the host's blkverify agrees with the virtio disk image it leaves."""
import os
import re
import subprocess

from conftest import BUILD

BLKVERIFY = os.path.join(BUILD, "tools", "blkverify")
SPAN_SECTORS = 4096  # chaos.c's 2 MiB span: the whole disk below


def run_chaos(boot, conf, scheme, crashes, *args):
    m = boot(*args, "--append", f"init.conf=etc/{conf}", timeout=120)
    m.expect(f"blkbench|info: command: blkbench chaos {scheme}")
    for _ in range(crashes):
        m.expect(f"init|info: scheme {scheme[:-1]}: gone with pid")
        m.expect(f"init|info: scheme {scheme[:-1]}: registered by")
    m.expect(f"blkbench|info: chaos {scheme} ")
    m.expect("recoveries; the span holds seed ")
    m.expect(f"BENCH name=recover.{scheme[5:-1]}.crash unit=us n={crashes} ")
    m.expect("blkbench|result: ")
    return m


def assert_no_slot_lost(out, scheme):
    """The same free slots in blkbench and in init after the crashes as
    before them: a slot lost per crash ran init out after some 900."""
    line = re.search(rf"chaos {scheme} free slots: this program (\d+) before the "
                     rf"(?:crashes|live updates), "
                     rf"(\d+) after; init (\d+) before, (\d+) after", out)
    assert line, "no slot count"
    client_before, client_after, init_before, init_after = map(int, line.groups())
    assert init_before > 0 and client_before > 0
    assert (client_before, init_before) == (client_after, init_after), line.group(0)


def test_chaos_on_virtio_blk_loses_nothing(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = run_chaos(boot, "chaos-vblk.conf", "disk.vblk0:", 5, "--disk", str(disk))
    m.expect("PASS 5 crashes, 0 blocks lost, 0 client errors")
    assert m.finish() == 0
    out = m.output()
    assert "could not be opened again" not in out
    assert_no_slot_lost(out, "disk.vblk0:")
    # Five faults injected by the crasher, each found by the client's recovery.
    assert len(re.findall(r"init\|warn: virtio-blk pid \d+ faulted", out)) == 5
    gen = re.search(r"the span holds seed 11 gen (\d+) over 4096 sectors", out).group(1)
    r = subprocess.run([BLKVERIFY, str(disk), "--seed", "11", "--gen", gen],
                       capture_output=True, text=True)
    assert r.returncode == 0 and f"PASS {SPAN_SECTORS} sectors" in r.stdout, r.stdout
    # The host check can fail: the image is not the next generation's.
    r = subprocess.run([BLKVERIFY, str(disk), "--seed", "11", "--gen", str(int(gen) + 1)],
                       capture_output=True, text=True)
    assert r.returncode == 1


def test_chaos_on_ramdisk_loses_nothing(boot):
    # The ramdisk's blocks live in memory init holds across its restarts.
    m = run_chaos(boot, "chaos-ram.conf", "disk.ram0:", 20)
    m.expect("PASS 20 crashes, 0 blocks lost, 0 client errors")
    assert m.finish() == 0
    assert "could not be opened again" not in m.output()
    assert_no_slot_lost(m.output(), "disk.ram0:")


def test_chaos_with_ring_workers_loses_nothing(boot):
    # Two harts, the client on the one the ramdisk's main thread is not on:
    # its rings are a worker's, so the injected faults in ring requests hit
    # the worker, and the main thread ends the server with a fault of its own.
    m = run_chaos(boot, "chaos-ram-workers.conf", "disk.ram0:", 20, "--smp", "2")
    m.expect("PASS 20 crashes, 0 blocks lost, 0 client errors")
    assert m.finish() == 0
    out = m.output()
    assert "could not be opened again" not in out
    assert re.search(r"ramdisk\|error: ram0: the ring worker on hart 1 faulted: scause 15 ", out)
    assert_no_slot_lost(out, "disk.ram0:")


def test_live_updates_under_load_lose_nothing(boot):
    # Each event replaces the ramdisk by the other image version; the
    # client's recovery carries the workload over, as after a crash.
    m = boot("--append", "init.conf=etc/chaos-update.conf", timeout=120)
    for version, image in [("1.1.0", "ramdisk-next"), ("1.0.0", "ramdisk")] * 5:
        m.expect(f"init|info: loaded ramdisk {version} from srv/{image}.srv")
    m.expect("BENCH name=recover.ram0.update unit=us n=10 ")
    m.expect("blkbench|result: PASS 10 live updates, 0 blocks lost, 0 client errors")
    assert m.finish() == 0
    out = m.output()
    assert len(re.findall(r"init\|info: srv/ramdisk(-next)?\.srv pid \d+ replaced by", out)) == 10
    assert "faulted" not in out and "could not be opened again" not in out
    assert_no_slot_lost(out, "disk.ram0:")
