"""blkbench chaos: the driver is crashed five times (a fault injected at a
random point) while one handle writes
and reads back the verify pattern over the message, zero-copy and queued
paths; the block client's recovery hides every crash (no call fails, no
block comes back wrong), the run reports each crash's recovery time, and
the host's blkverify agrees with the virtio disk image it leaves."""
import os
import re
import subprocess

from conftest import BUILD

BLKVERIFY = os.path.join(BUILD, "tools", "blkverify")
SPAN_SECTORS = 4096  # chaos.c's 2 MiB span: the whole disk below


def run_chaos(boot, conf, scheme, *args):
    m = boot(*args, "--append", f"init.conf=etc/{conf}", timeout=120)
    m.expect(f"blkbench|info: command: blkbench chaos {scheme}")
    for _ in range(5):
        m.expect(f"init|info: scheme {scheme[:-1]}: gone with pid")
        m.expect(f"init|info: scheme {scheme[:-1]}: registered by")
    m.expect(f"blkbench|info: chaos {scheme} ")
    m.expect("recoveries; the span holds seed ")
    m.expect(f"BENCH name=recover.{scheme[5:-1]}.crash unit=us n=5 ")
    m.expect("blkbench|result: ")
    return m


def test_chaos_on_virtio_blk_loses_nothing(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = run_chaos(boot, "chaos-vblk.conf", "disk.vblk0:", "--disk", str(disk))
    m.expect("PASS 5 crashes, 0 blocks lost, 0 client errors")
    assert m.finish() == 0
    out = m.output()
    assert "could not be opened again" not in out
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
    m = run_chaos(boot, "chaos-ram.conf", "disk.ram0:")
    m.expect("PASS 5 crashes, 0 blocks lost, 0 client errors")
    assert m.finish() == 0
    assert "could not be opened again" not in m.output()
