"""Load, stop, load again, 100 times, by the reload bench program over init's
process-control protocol: the UART server (its registers, interrupt line and
device are taken by each new instance) and a server that exits by itself.
Nothing may leak: init's quota, the free pages and the kernel's object count
after the last stop equal those after the first. The load times come out as
BENCH lines under -icount."""
import re

LOADS = 100
FIGURES = (r"reload\|info: (\S+): after (\d+) loads: quota (\d+) bytes, "
           r"free pages (\d+), kernel objects (\d+)")
BENCH = (r"BENCH name=srv\.load\.(\S+) unit=instr n=(\d+) min=(\d+) median=(\d+) "
         r"p99=(\d+) max=(\d+)\r*$")


def test_reload_frees_everything(boot):
    m = boot("--icount", "--append", "init.conf=etc/reload.conf", timeout=120)
    assert m.finish() == 0
    out = m.output()
    figures = {}
    for name, loads, *values in re.findall(FIGURES, out):
        figures.setdefault(name, {})[int(loads)] = tuple(int(v) for v in values)
    for name in ("uart16550", "hello"):
        print(name, figures[name])
        assert sorted(figures[name]) == [1, LOADS]
        assert figures[name][1] == figures[name][LOADS], f"{name} leaks"
    # Every instance got the UART and its line, and each one came up.
    assert len(re.findall(r"init\|info: uart16550 pid \d+ holds ns16550a at 0x10000000 "
                          r"\(irq 10,", out)) == LOADS
    assert len(re.findall(r"uart16550\|info: ns16550a at 0x10000000 irq 10 ", out)) == LOADS
    assert len(re.findall(r"hello\|info: hello from a loaded server", out)) == LOADS
    assert "init|error" not in out


def test_load_time_bench_lines(boot):
    m = boot("--icount", "--append", "init.conf=etc/reload.conf", timeout=120)
    assert m.finish() == 0
    lines = {b[0]: [int(v) for v in b[1:]]
             for b in re.findall(BENCH, m.output(), flags=re.MULTILINE)}
    assert sorted(lines) == ["hello", "uart16550"]
    for name, (n, lo, median, p99, hi) in lines.items():
        assert n == LOADS
        assert 0 < lo <= median <= p99 <= hi, name
