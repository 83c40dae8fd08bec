"""The random-syscall stress test in QEMU: an unprivileged process issues a
million random syscalls while another keeps doing IPC round trips; the
kernel must stay up and every round trip must be answered. With several
harts each process starts on a hart of its own (as far as they go), so the
round trips cross harts, and the fuzzer moves threads between harts."""

import pytest


@pytest.mark.parametrize("smp", [1, 2, 4], ids=["smp1", "smp2", "smp4"])
def test_million_random_syscalls(boot, smp):
    m = boot("--smp", str(smp), "--append", "init.conf=etc/stress.conf", timeout=600)
    m.child.expect(r"stress\|info: seed (\d+) ")
    seed = m.child.match.group(1)
    m.child.expect(r"stress\|info: harts: coordinator (\d+), pong (\d+), fuzzer (\d+)\r*\n")
    coordinator, pong, fuzzer = (int(g) for g in m.child.match.groups())
    if smp > 1:
        assert pong != coordinator, "the round trips cross harts"
    m.expect("stress|info: fuzzer: 1000000 syscalls")
    m.child.expect(r"stress\|result: (PASS 1000000 syscalls|FAIL [^\r\n]*)\r*\n")
    verdict = m.child.match.group(1)
    m.expect("init|info: stress pid 1 exited with status")
    status = m.finish()
    assert verdict.startswith("PASS"), "seed %s, %d harts: %s" % (seed, smp, verdict)
    assert status == 0
