"""ktest in QEMU: init starts two programs that fault on purpose (and must
report them and carry on), then ktest, whose verdict decides the exit status.
It runs on one hart and on four (the kernel starts every hart the device tree
allows and each runs the scheduler under the big kernel lock)."""
import re

import pytest


@pytest.mark.parametrize("smp", [1, 4], ids=["smp1", "smp4"])
def test_init_reports_faults_and_ktest_passes(boot, smp):
    m = boot("--smp", str(smp), "--append", "init.conf=etc/ktest.conf", timeout=180)
    # Every hart runs threads; the boot hart (OpenSBI picks it) is listed first.
    m.child.expect(r"kernel\|info: %d harts? runs? threads: ([0-9 ]+), extensions " % smp)
    assert sorted(m.child.match.group(1).split()) == [str(h) for h in range(smp)]
    m.expect("init|info: free memory ")
    m.expect("init|info: started ktest pid 3")
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    verdict = m.child.match.group(1)
    m.expect("init|info: ktest pid 3 exited with status")
    status = m.finish()
    out = m.output()
    # The two faulting programs run concurrently: their reports may come in
    # either order, so they are checked in the transcript, not in sequence.
    assert re.search(r"init\|warn: kfault pid 1 faulted: load page fault at 0x[0-9a-f]+ \(stval 0x1000\)", out)
    assert re.search(r"init\|warn: kfault pid 2 faulted: illegal instruction at 0x[0-9a-f]+", out)
    assert "ktest|info: proc.revoke-across-processes ok" in out
    assert "ktest|info: proc.preemption ok" in out
    assert "ktest|info: ipc.4k-message ok" in out
    assert "ktest|info: ipc.oversized-message ok" in out
    assert "ktest|info: ipc.notification-label-refused ok" in out
    for case in ("outlives-source-revoke", "of-deleted-source", "refusals", "pinner-quota-revoke"):
        assert f"ktest|info: pin.{case} ok" in out, case
    assert "ktest|info: mem.slab-pages-return ok" in out
    assert "ktest|info: proc.death-ends-blocked-threads ok" in out
    for case in ("delete-revoke", "cspace-death", "refusals"):
        assert f"ktest|info: cap.watch-{case} ok" in out, case
    for case in ("derived", "derived-quota-revoke", "mint-needs-admin"):
        assert f"ktest|info: cap.{case} ok" in out, case
    assert "ktest|info: mem.wx-across-mappings ok" in out
    assert "ktest|info: smp.placement ok" in out
    assert "ktest|info: smp.time-slices-on-every-hart ok" in out
    for case in ("ipc-across-harts", "blocked-thread-moved", "stop-and-delete-running-elsewhere",
                 "unmap-in-use-elsewhere", "server-stopped-mid-call", "fastpath-after-lock-wait"):
        if smp == 1:
            assert f"ktest|info: smp.{case} not run: one hart" in out, case
        else:
            assert f"ktest|info: smp.{case} ok" in out, case
    assert verdict.startswith("PASS"), verdict
    assert int(re.search(r"\d+", verdict).group(0)) >= 32
    assert status == 0
