"""blkbench ipc in QEMU with -icount (a short run: 200 rounds, the command
line from etc/blkbench-ipc-quick.conf): every figure is one BENCH line in the
contract's exact shape, 4 KiB messages through the IPC buffer included, the
verdict is PASS, and two boots print the same figures."""
import re

QUICK = ("--icount", "--append", "init.conf=etc/blkbench-ipc-quick.conf")
ROUNDS = 200
# In the order blkbench measures them (docs/blkbench.md, "BENCH metric names").
FIGURES = ["ipc.call_rt", "ipc.call_rt.same_as", "ipc.msg.0", "ipc.msg.32", "ipc.msg.64",
           "ipc.msg.256", "ipc.msg.1024", "ipc.msg.4096", "ipc.cap1", "ipc.ntfn_wake"]
LINE = r"BENCH name=%s unit=instr n=%d min=(\d+) median=(\d+) p99=(\d+) max=(\d+)\r*\n"


def run_quick(boot):
    """The figures of one quick run, as {name: (min, median, p99, max)}."""
    m = boot(*QUICK, timeout=120)
    m.expect("blkbench|info: command: blkbench ipc --rounds %d --warmup 20" % ROUNDS)
    m.expect("blkbench|info: timing with rdcycle: counts instructions "
             "(QEMU -icount shift=0), unit instr")
    figures = {}
    for name in FIGURES:
        m.child.expect(LINE % (re.escape(name), ROUNDS))
        figures[name] = tuple(int(v) for v in m.child.match.groups())
    m.expect("blkbench|result: PASS ipc: %d figures of %d rounds, unit instr"
             % (len(FIGURES), ROUNDS))
    assert m.finish() == 0
    return figures, m.output()


def test_every_figure_has_the_contract_shape(boot):
    figures, output = run_quick(boot)
    for name, (low, median, p99, high) in figures.items():
        assert 0 < low <= median <= p99 <= high, name
    # One line per figure, and no size left out.
    assert len(re.findall(r"^BENCH ", output, re.M)) == len(FIGURES)
    assert "not supported" not in output
    # A longer message never costs less; a capability costs more than none.
    sizes = [figures[n][1] for n in FIGURES if n.startswith("ipc.msg.")]
    assert sizes == sorted(sizes)
    assert figures["ipc.cap1"][1] > figures["ipc.msg.0"][1]


def test_figures_repeat_exactly(boot):
    first, _ = run_quick(boot)
    second, _ = run_quick(boot)
    assert first == second
