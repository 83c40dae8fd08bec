"""Host test for tools/bench-smp-report: a make bench-smp log of three boots,
checked for each ratio (two figures of one boot), and a log missing a boot's
figures, which must fail."""

import subprocess
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "bench-smp-report"

Q = "BENCH name=blk.ram0.queue.randread.bs4096.qd32"
LOG = f"""\
bench-smp|info: host has 6 cores; QEMU runs 4 harts, multi-threaded, no -icount
bench-smp|info: boot etc/smpbench.conf
BENCH name=ipc.call_rt.same_hart_wall unit=ns n=200 min=700 median=800 p99=900 max=1000
BENCH name=ipc.call_rt.cross_hart unit=ns n=200 min=1500 median=2000 p99=3000 max=4000
bench-smp|info: boot etc/smpbench-blk4.conf
{Q} unit=cycles n=20000 min=1 median=2 p99=3 max=4 mibps=400.00 iops=100000
BENCH name=blk.ram0.direct.randread.bs4096.qd32 unit=cycles n=20000 min=1 median=2 p99=3 max=4 mibps=800.00 iops=200000
{Q}.c2 unit=cycles n=40000 min=1 median=2 p99=3 max=4 mibps=400.00 iops=110000
{Q}.c2.h2 unit=cycles n=40000 min=1 median=2 p99=3 max=4 mibps=700.00 iops=165000
{Q}.c4 unit=cycles n=80000 min=1 median=2 p99=3 max=4 mibps=400.00 iops=120000
{Q}.c4.h4 unit=cycles n=80000 min=1 median=2 p99=3 max=4 mibps=900.00 iops=300000
bench-smp|info: boot etc/smpbench-cross.conf
{Q} unit=cycles n=20000 min=1 median=2 p99=3 max=4 mibps=500.00 iops=150000
BENCH name=blk.ram0.direct.randread.bs4096.qd32 unit=cycles n=20000 min=1 median=2 p99=3 max=4 mibps=800.00 iops=200000
"""


def run(tmp_path, text):
    log = tmp_path / "bench-smp.log"
    log.write_text(text)
    return subprocess.run([str(TOOL), str(log)], capture_output=True, text=True, timeout=60)


def test_ratios_within_each_boot(tmp_path):
    result = run(tmp_path, LOG)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Host cores: 6." in out
    assert "| etc/smpbench.conf | 800 | 2000 | 2.50 |" in out
    assert "| etc/smpbench-blk4.conf | 1 | 1 | 100000 | 1.00 | 1.00 |" in out
    assert "| etc/smpbench-blk4.conf | 2 | 2 | 165000 | 1.50 | 1.65 |" in out
    assert "| etc/smpbench-blk4.conf | 4 | 4 | 300000 | 2.50 | 3.00 |" in out
    # The cross-hart boot's queued figure against its own direct twin, not
    # against the other boot's.
    assert "| 150000 | 200000 | 0.75 |" in out
    assert "etc/smpbench-cross.conf | 1 | 1" not in out


def test_missing_boot_fails(tmp_path):
    text = LOG[:LOG.index("bench-smp|info: boot etc/smpbench-cross.conf")]
    result = run(tmp_path, text)
    assert result.returncode == 1
    assert "no figures for: Client and server on different harts" in result.stderr


def test_unreadable_log(tmp_path):
    result = subprocess.run([str(TOOL), str(tmp_path / "absent.log")], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "bench-smp-report|error: cannot read" in result.stderr
