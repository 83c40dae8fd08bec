"""ipcbench in QEMU with -icount: the null round trip between two address
spaces produces one BENCH line in the contract's shape."""


def test_ipcbench_prints_the_round_trip_figure(boot):
    m = boot("--icount", "--append", "init.conf=etc/ipcbench.conf", timeout=120)
    m.child.expect(r"BENCH name=ipc\.call_rt unit=instr n=10000 min=(\d+) median=(\d+) "
                   r"p99=(\d+) max=(\d+)\r*\n")
    low, median, p99, high = (int(v) for v in m.child.match.groups())
    assert 0 < low <= median <= p99 <= high
    m.expect("ipcbench|result: PASS 10000 round trips")
    assert m.finish() == 0
