"""The second board: QEMU microchip-icicle-kit (PolarFire SoC) with the
build's own tree. The kernel must run on a U54 (never the E51 monitor core),
drive the PLIC through the boot hart's S-mode context (contexts are not 1:1
with harts there), and the board has no exit device: tools/run-qemu ends the
run at init's power-off line and returns its status."""
import re

ICICLE = ("--machine", "icicle")


def boot_hart(out):
    return int(re.search(r"kernel\|info: Mica booting on hart (\d+)", out).group(1))


def test_ktest_on_icicle_kit(boot):
    m = boot(*ICICLE, "--append", "init.conf=etc/ktest.conf", timeout=180)
    m.expect("kernel|info: ram 1000000000-1040000000 (1024 MiB)")
    m.expect("kernel|result: PASS boot self-check")
    m.child.expect(r"kernel\|info: plic at c000000: context (\d+) is hart (\d+)'s S-mode")
    context, hart = int(m.child.match.group(1)), int(m.child.match.group(2))
    m.child.expect(r"ktest\|result: (PASS \d+ tests|FAIL \d+ of \d+)")
    verdict = m.child.match.group(1)
    m.expect("init|info: powering off with status 0")
    status = m.finish()
    out = m.output()
    assert boot_hart(out) == hart and 1 <= hart <= 4, out
    # Hart n's S-mode context is 2n: the E51 has only an M-mode one.
    assert context == 2 * hart
    assert "kernel|info: hart 0\n" not in out.replace("\r", "")
    assert "console snps,dw-apb-uart at 20100000 reg-shift 2 reg-io-width 4 irq 91" in out
    assert verdict.startswith("PASS"), verdict
    assert status == 0


def test_ramdisk_blkbench_on_icicle_kit(boot):
    m = boot(*ICICLE, "--append", "init.conf=etc/icicle-ram.conf", timeout=240)
    m.expect("uart16550|info: snps,dw-apb-uart at 0x20100000 irq 91 reg-shift 2 reg-io-width 4 (console)")
    m.expect("blkbench|info: step 1 of 2: PASS verify disk.ram0: 8192 sectors seed 2 gen 1")
    m.expect("BENCH name=blk.ram0.queue.randread.bs4096.qd32 ")
    m.expect("blkbench|result: PASS all 2 steps")
    assert m.finish() == 0


def test_power_off_status_reaches_the_host(boot):
    # No exit device: the failure status comes from init's line alone.
    m = boot(*ICICLE, "--append", "init.conf=etc/no-such.conf", timeout=120)
    m.expect("init|info: powering off with status 1")
    assert m.finish() == 1
