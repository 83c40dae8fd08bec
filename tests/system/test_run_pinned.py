"""tools/run-qemu --pin (make bench's sleep=on boots): QEMU's vCPU thread
runs on one host core and every other QEMU thread on another, checked in
/proc while the guest runs; the boot itself is unchanged."""
import os
import re

import pytest


def thread_names_and_cores(pid):
    tasks = "/proc/%d/task" % pid
    out = {}
    for tid in os.listdir(tasks):
        with open(os.path.join(tasks, tid, "comm")) as f:
            out[int(tid)] = (f.read().strip(), os.sched_getaffinity(int(tid)))
    return out


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="--pin needs two host cores")
def test_pin_puts_the_vcpu_on_its_own_core(boot):
    m = boot("--icount-sleep", "--pin", "--append", "init.conf=etc/ktest.conf")
    m.child.expect(r"run-qemu: pinned QEMU (\d+): its vCPU thread to host core (\d+), "
                   r"the others to core (\d+)")
    pid, vcpu_core, other_core = (int(g) for g in m.child.match.groups())
    assert vcpu_core != other_core
    m.expect("kernel|info: Mica booting on hart 0")
    threads = thread_names_and_cores(pid)
    vcpus = [tid for tid, (name, _) in threads.items() if name.endswith("/TCG")]
    assert len(vcpus) == 1, threads
    for tid, (name, cores) in threads.items():
        want = {vcpu_core} if tid in vcpus else {other_core}
        assert cores == want, (tid, name, cores)
    m.expect("ktest|result: PASS ")
    assert m.finish() == 0


def test_pin_refuses_more_than_one_hart(boot):
    m = boot("--pin", "--smp", "2", "--append", "init.conf=etc/ktest.conf")
    m.expect("run-qemu: --pin places one vCPU thread; 2 harts asked")
    assert m.finish() != 0
