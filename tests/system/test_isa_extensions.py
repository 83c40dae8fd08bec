"""The ISA extensions the kernel reads from QEMU's device tree, and the
SHA-512 block function picked by them: with Zbb (QEMU virt's default CPU) the
Zbb variant, without it (-cpu rv64,zbb=false) the plain one, and image
signatures verify either way. A Zbb instruction on a hart without Zbb is an
illegal instruction: init or sigbench would die instead of passing."""
import pytest


@pytest.mark.parametrize("cpu,extensions,variant", [
    (None, "zba zbb zbc zbs", "zbb"),
    ("rv64,zbb=false", "zba zbc zbs", "plain"),
], ids=["zbb", "no-zbb"])
def test_signature_check_picks_the_block_function_the_harts_run(boot, cpu, extensions, variant):
    args = ["--smp", "2", "--append", "init.conf=etc/sigbench.conf"]
    m = boot(*(args + (["--cpu", cpu] if cpu else [])))
    m.child.expect(r"kernel\|info: 2 harts run threads: (0 1|1 0), extensions ([a-z ]*)\r")
    assert m.child.match.group(2) == extensions
    m.expect("sigbench|info: SHA-512 block function: " + variant)
    m.expect("sigbench|result: PASS 65536-byte payload verified 5 times, tampered copy refused")
    assert m.finish() == 0


def test_init_loads_signed_servers_on_harts_without_zbb(boot, tmp_path):
    """make run's boot: init checks the signature of every server it loads."""
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(4 << 20))
    m = boot("--cpu", "rv64,zbb=false", "--icount-sleep", "--disk", str(disk))
    m.expect("kernel|info: 1 hart runs threads: 0, extensions zba zbc zbs")
    m.expect("init|info: loaded ")
    m.expect("blkbench|result: PASS all 5 steps")
    assert m.finish() == 0


@pytest.mark.parametrize("cpu,source", [
    (None, "stimecmp (Sstc)"),
    ("rv64,sstc=false", "the SBI timer"),
], ids=["sstc", "no-sstc"])
def test_the_tick_comes_from_stimecmp_where_the_harts_have_sstc(boot, cpu, source):
    """Sstc is the kernel's own: the tick's source follows it, and user
    space's list of extensions never shows it. Two harts, so the second
    hart's tick (started on its own) has to come as well: the scheduler
    test's threads run on both."""
    m = boot(*(["--smp", "2", "--append", "init.conf=etc/ktest.conf"] + (["--cpu", cpu] if cpu else [])))
    m.expect("kernel|info: timer: 100 Hz tick from " + source)
    m.child.expect(r"kernel\|info: 2 harts run threads: (0 1|1 0), extensions ([a-z ]*)\r")
    assert m.child.match.group(2) == "zba zbb zbc zbs"
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    verdict = m.child.match.group(1)
    assert m.finish() == 0
    assert verdict.startswith("PASS"), verdict
