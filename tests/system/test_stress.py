"""The random-syscall stress test in QEMU: an unprivileged process issues a
million random syscalls while another keeps doing IPC round trips; the
kernel must stay up and every round trip must be answered."""


def test_million_random_syscalls(boot):
    m = boot("--append", "init.conf=etc/stress.conf", timeout=600)
    m.child.expect(r"stress\|info: seed (\d+)")
    seed = m.child.match.group(1)
    m.expect("stress|info: fuzzer: 1000000 syscalls")
    m.child.expect(r"stress\|result: (PASS 1000000 syscalls|FAIL .*)")
    verdict = m.child.match.group(1)
    m.expect("init|info: stress pid 1 exited with status")
    status = m.finish()
    assert verdict.startswith("PASS"), "seed %s: %s" % (seed, verdict)
    assert status == 0
