"""Boot tests: both boot chains reach the kernel's self-check and power off
with the right status; a deliberate kernel fault ends in a panic report and a
failing exit status."""


def expect_machine_report(m):
    # Every fact here came from QEMU's device tree, not from the kernel.
    m.expect("kernel|info: ram 80000000-90000000 (256 MiB)")
    m.expect("kernel|info: console ns16550a at 10000000 reg-shift 0 reg-io-width 1 irq 10")
    m.expect("kernel|info: timebase 10000000 Hz")
    m.expect("kernel|info: plic at c000000")
    m.expect("kernel|info: virtio-mmio at 10001000 irq 1")


def test_direct_boot_through_opensbi(boot):
    m = boot("--mode", "direct", "--append", "mica.check=direct init.conf=etc/ktest.conf")
    m.expect("kernel|info: Mica booting on hart 0, loaded at 80200000")
    expect_machine_report(m)
    m.expect('kernel|info: bootargs "mica.check=direct init.conf=etc/ktest.conf"')
    m.expect("kernel|info: initrd file etc/mica-release")
    m.expect("kernel|info: check allocator-all-pages ok")
    m.expect("kernel|info: check frame-pin-sources ok")
    m.expect("kernel|info: check timer-interrupts ok")
    m.expect("kernel|result: PASS boot self-check")
    assert m.finish() == 0


def test_uboot_distro_boot(boot):
    m = boot("--mode", "uboot", timeout=120)
    m.expect("Retrieving file: /extlinux/extlinux.conf")
    m.expect("kernel|info: Mica booting on hart 0, loaded at 80200000")
    expect_machine_report(m)
    m.expect('kernel|info: bootargs "mica.boot=uboot init.conf=etc/ktest.conf"')
    m.expect("kernel|info: initrd file etc/mica-release")
    m.expect("kernel|result: PASS boot self-check")
    assert m.finish() == 0


def test_more_harts_and_memory_come_from_the_device_tree(boot):
    m = boot("--smp", "2", "--mem", "512M", "--append", "init.conf=etc/ktest.conf")
    m.expect("kernel|info: ram 80000000-a0000000 (512 MiB)")
    m.expect("kernel|info: hart 0")
    m.expect("kernel|info: hart 1")
    m.expect("kernel|result: PASS boot self-check")
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
