"""Boot tests: both boot chains reach the kernel's self-check and power off
with the right status; a deliberate kernel fault ends in a panic report and a
failing exit status; the boot initrd holds no test fixtures and its boot
report is short."""
import os
import re
import subprocess

import pytest

from conftest import BUILD


def expect_machine_report(m):
    # Every fact here came from QEMU's device tree, not from the kernel.
    m.expect("kernel|info: ram 80000000-90000000 (256 MiB)")
    m.expect("kernel|info: console ns16550a at 10000000 reg-shift 0 reg-io-width 1 irq 10")
    m.expect("kernel|info: timebase 10000000 Hz")
    m.expect("kernel|info: plic at c000000")
    m.expect("kernel|info: virtio-mmio: 8 slots at 10001000..10008000, irqs 1..8")


# Every check of the boot self-check, passed, on one line.
SELF_CHECKS_OK = ("kernel|info: self-check: 10 checks ok: initrd-cpio allocator-all-pages allocator-free-all "
                  "allocator-double-free allocator-contiguous kernel-text-rx kernel-rodata-ro user-half-empty "
                  "frame-pin-sources timer-interrupts\r")


def test_direct_boot_through_opensbi(boot):
    m = boot("--mode", "direct", "--append", "mica.check=direct init.conf=etc/ktest.conf")
    m.expect("kernel|info: Mica booting on hart 0, loaded at 80200000")
    expect_machine_report(m)
    m.expect('kernel|info: bootargs "mica.check=direct init.conf=etc/ktest.conf"')
    m.expect("kernel|info: initrd: ")
    m.expect(SELF_CHECKS_OK)
    m.expect("kernel|result: PASS boot self-check")
    assert m.finish() == 0


def test_uboot_distro_boot(boot):
    m = boot("--mode", "uboot", timeout=120)
    m.expect("Retrieving file: /extlinux/extlinux.conf")
    m.expect("kernel|info: Mica booting on hart 0, loaded at 80200000")
    expect_machine_report(m)
    m.expect('kernel|info: bootargs "mica.boot=uboot init.conf=etc/ktest.conf"')
    m.expect("kernel|info: initrd: ")
    m.expect("kernel|result: PASS boot self-check")
    assert m.finish() == 0


def test_more_harts_and_memory_come_from_the_device_tree(boot):
    m = boot("--smp", "2", "--mem", "512M", "--append", "init.conf=etc/ktest.conf")
    m.expect("kernel|info: ram 80000000-a0000000 (512 MiB)")
    m.expect("kernel|info: hart 0")
    m.expect("kernel|info: hart 1")
    m.expect("kernel|result: PASS boot self-check")
    # The second hart is started and runs the scheduler beside the first.
    # The boot hart (listed first) is whichever OpenSBI's start lottery chose.
    m.child.expect(r"kernel\|info: 2 harts run threads: (0 1|1 0), extensions zba zbb zbc zbs\r")
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    assert m.child.match.group(1).startswith("PASS")
    assert m.finish() == 0


@pytest.mark.parametrize("smp", [2, 4])
def test_a_hart_started_at_the_boot_entry_joins_as_a_secondary(boot, smp):
    """OpenSBI 1.1's hart_start marks a hart START_PENDING before it stores
    the address to start it at, so a hart can leave for the kernel's first
    entry instead (seen on the icicle kit: a second "Mica booting" line and
    a panic, the boot path clearing .bss under the running kernel).
    mica.hart_entry=boot starts every hart there on purpose: each must find
    the boot claimed and join as a secondary (with the claim check removed
    this boot panics). The whole of ktest runs, so it gets test_ktest's
    time: its SMP cases wait on every hart, each a host thread, and on a
    busy host a four-hart run took 23 to 36 s where it takes 5 alone."""
    m = boot("--smp", str(smp), "--append", "init.conf=etc/ktest.conf mica.hart_entry=boot", timeout=180)
    m.child.expect(r"kernel\|info: %d harts run threads: " % smp)
    # Each of the others says how it came (entry.S marks it on that path).
    came = re.findall(r"kernel\|warn: hart \d came in at the kernel's first entry "
                      r"\(mica.hart_entry=boot\): it joined as a secondary", m.output())
    assert len(came) == smp - 1, m.output()
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    assert m.child.match.group(1).startswith("PASS")
    assert m.finish() == 0
    out = m.output()
    assert out.count("Mica booting on hart") == 1, out
    assert "PANIC" not in out


def test_a_hart_given_up_stays_out(boot):
    """mica.hart_wait_ms=0 gives every started hart up at once: the boot
    hart says so and runs alone, and the hart that arrives late settles its
    arrival against the boot hart's and stops through SBI HSM instead of
    entering the scheduler (that it stopped is not visible from the guest;
    a boot that went wrong there would show here as a panic or a hang). A
    value out of range is named and the default wait kept."""
    m = boot("--smp", "2", "--append", "init.conf=etc/ktest.conf mica.hart_wait_ms=0")
    m.child.expect(r"kernel\|warn: hart ([01]) skipped: started but did not reach the kernel\r")
    m.child.expect(r"kernel\|info: 1 hart runs threads: ([01]), extensions ")
    m.expect("ktest|info: smp.ipc-across-harts not run: one hart")
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    assert m.child.match.group(1).startswith("PASS")
    assert m.finish() == 0
    assert "PANIC" not in m.output()
    m = boot("--smp", "2", "--append", "init.conf=etc/ktest.conf mica.hart_wait_ms=10001")
    m.expect("kernel|warn: mica.hart_wait_ms=10001: not 0..10000; waiting 100 ms")
    m.child.expect(r"kernel\|info: 2 harts run threads: (0 1|1 0), extensions ")
    assert m.finish() == 0


def test_kernel_page_fault_panics_with_report(boot):
    m = boot("--append", "mica.fault=load")
    m.expect("kernel|warn: deliberate load fault requested by mica.fault")
    m.expect("kernel|error: PANIC: load page fault")
    m.expect("stval=ffffffd000000000")
    m.expect("kernel|error:  pc=ffffffff8")
    m.expect("kernel|error: backtrace:")
    m.expect("kernel|error:   #1 0xffffffff8")
    m.expect("kernel|error: system halted, powering off")
    assert m.finish() == 3


def test_kernel_panic_call_fails_the_run(boot):
    m = boot("--append", "mica.fault=panic")
    m.expect("kernel|error: PANIC: deliberate panic requested by mica.fault=panic")
    m.expect("kernel|error: backtrace:")
    assert m.finish() == 3


def test_boot_initrd_has_no_test_fixtures_and_a_short_boot_report(boot, tmp_path):
    """What make run boots: no images init must refuse, no test
    configurations; the kernel's and init's report up to the first program
    fits on one screen (one initrd line, not one per file)."""
    initrd = os.path.join(BUILD, "initrd.cpio")
    names = subprocess.run(["cpio", "-it", "--quiet"], stdin=open(initrd, "rb"),
                           capture_output=True, text=True, check=True).stdout.split()
    assert "srv/tampered.srv" not in names and "srv/isa_float.srv" not in names, names
    assert "etc/init.conf" in names and "etc/grants.conf" not in names, names
    with open(os.path.join(BUILD, "test-initrd.cpio"), "rb") as f:
        test_names = subprocess.run(["cpio", "-it", "--quiet"], stdin=f, capture_output=True,
                                    text=True, check=True).stdout.split()
    assert set(names) < set(test_names) and "srv/tampered.srv" in test_names

    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(4 << 20))
    m = boot("--initrd", initrd, "--icount-sleep", "--disk", str(disk))
    assert m.finish() == 0
    out = m.output().splitlines()
    start = next(i for i, l in enumerate(out) if l.startswith("kernel|info: Mica booting"))
    end = next(i for i, l in enumerate(out) if l.startswith("init|info: loaded "))
    report = [l for l in out[start:end] if l.startswith(("kernel|", "init|"))]
    assert len(report) <= 40, "\n".join(report)
    assert not any("initrd file" in l for l in report)


def test_a_missing_configuration_ends_the_run_with_a_failing_status(boot):
    """A typo in init.conf= must not leave a machine that idles forever."""
    m = boot("--append", "init.conf=etc/no-such.conf")
    m.expect("init|error: no etc/no-such.conf in the initrd: nothing to start; powering off")
    assert m.finish() == 1
