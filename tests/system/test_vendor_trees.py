"""The device-tree quirks of the HiFive Premier P550's vendor firmware, one at
a time, on QEMU virt: QEMU's own tree (dumped with dumpdtb, decompiled with
dtc) plus one quirk, handed to the kernel the way the board's U-Boot does it:
OpenSBI and U-Boot run on QEMU's own tree, and extlinux.conf's `fdt` line makes
`booti` pass ours. Each run must reach ktest's PASS line."""
import os
import re
import subprocess

import pytest

from conftest import BUILD, ROOT

QEMU_MEM = "256M"  # must match run-qemu's default: the dumped tree's /memory is this size


@pytest.fixture(scope="module")
def virt_dts(tmp_path_factory):
    d = tmp_path_factory.mktemp("virt")
    dtb = d / "virt.dtb"
    subprocess.run(["qemu-system-riscv64", "-M", "virt,dumpdtb=%s" % dtb, "-m", QEMU_MEM, "-smp", "1",
                    "-nographic", "-display", "none"], check=True, capture_output=True)
    return subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)], check=True,
                          capture_output=True, text=True).stdout


def edit(dts, old, new):
    assert old in dts, "QEMU's tree no longer has: " + old
    return dts.replace(old, new, 1)


def soc_append(dts, text):
    """Adds nodes at the end of /soc (the last node QEMU's tree closes)."""
    tail = "\t};\n};\n"
    assert dts.endswith(tail)
    return dts[: -len(tail)] + text + tail


def per_cpu_timebase(dts):
    m = re.search(r"\t\ttimebase-frequency = <(0x[0-9a-f]+)>;\n", dts)
    dts = dts.replace(m.group(0), "", 1)
    return edit(dts, '\t\t\tdevice_type = "cpu";\n',
                '\t\t\tdevice_type = "cpu";\n\t\t\ttimebase-frequency = <%s>;\n' % m.group(1))


def second_disabled_plic(dts):
    # The other die's PLIC: disabled, routing hart 0's S-mode to context 1 as
    # the real one does, so a kernel that ignored status would drive it.
    plic = re.search(r"interrupts-extended = <(0x[0-9a-f]+) 0x0b \1 0x09>;\n\t\t\tinterrupt-controller;", dts)
    intc = plic.group(1)
    return soc_append(dts, """
\t\tplic@2c000000 {
\t\t\triscv,ndev = <520>;
\t\t\treg = <0x00 0x2c000000 0x00 0x4000000>;
\t\t\tinterrupts-extended = <%s 0xffffffff %s 0x09>;
\t\t\tinterrupt-controller;
\t\t\tcompatible = "sifive,plic-1.0.0";
\t\t\t#address-cells = <0x00>;
\t\t\t#interrupt-cells = <0x01>;
\t\t\tstatus = "disabled";
\t\t};
""" % (intc, intc))


def synopsys_uart(dts):
    # QEMU's node has no reg-shift already; only the name changes.
    assert "reg-shift" not in dts
    return edit(dts, '\t\t\treg = <0x00 0x10000000 0x00 0x100>;\n\t\t\tcompatible = "ns16550a";',
                '\t\t\treg = <0x00 0x10000000 0x00 0x100>;\n\t\t\tcompatible = "synopsys,uart0";')


def seventy_more_nodes(dts):
    # In QEMU's platform-bus window, which nothing here decodes or touches.
    nodes = "".join('\n\t\textra@%x {\n\t\t\treg = <0x00 0x%x 0x00 0x1000>;\n\t\t\tcompatible = "mica,extra";\n\t\t};\n'
                    % (a, a) for a in range(0x4000000, 0x4000000 + 70 * 0x1000, 0x1000))
    return soc_append(dts, nodes)


def reserved_without_no_map(dts):
    # 1 MiB away from where U-Boot loads the Image, initrd and tree.
    return edit(dts, "\tchosen {", """\treserved-memory {
\t\t#address-cells = <0x02>;
\t\t#size-cells = <0x02>;
\t\tranges;

\t\tfirmware@8a000000 {
\t\t\treg = <0x00 0x8a000000 0x00 0x100000>;
\t\t};
\t};

\tchosen {""")


def node_inside_ram(dts):
    return soc_append(dts, """
\t\tpmp-sec-region@8b000000 {
\t\t\treg = <0x00 0x8b000000 0x00 0x100000>;
\t\t\tcompatible = "mica,pmp-sec-region";
\t\t};
""")


# quirk -> (edit, lines that show the quirk was met and handled[, text that must not appear])
QUIRKS = {
    "per-cpu-timebase": (per_cpu_timebase, [
        "kernel|info: timebase 10000000 Hz",
        "kernel|info: timebase from a cpu node: /cpus has no timebase-frequency"]),
    "second-disabled-plic": (second_disabled_plic, [
        "kernel|info: plic at c000000, 96 sources (1 enabled plic nodes)",
        "1 disabled and 0 inside RAM left out",
        "kernel|info: plic at c000000: context 1 is hart 0's S-mode"]),
    # QEMU's 16550 has a 1-byte stride and decodes 8 bytes, so the P550's
    # defaults (reg-shift 2, 32-bit) cannot drive it: what shows here is that
    # the kernel recognises the node, takes the defaults from the table, and
    # gives the UART up for SBI instead of faulting or hanging.
    "synopsys-uart-without-reg-shift": (synopsys_uart, [
        "kernel|warn: console synopsys,uart0 at 10000000: its status register faults with reg-shift 2 "
        "reg-io-width 4: output goes through SBI",
        "kernel|info: console synopsys,uart0 at 10000000 reg-shift 2 reg-io-width 4 irq 10 "
        "(layout defaults from platform/uart-compat.def)"]),
    "seventy-more-nodes": (seventy_more_nodes, [
        "kernel|info: 86 device nodes listed, 0 disabled and 0 inside RAM left out",
        "init|info: device mica,extra at 0x4045000 size 0x1000 irq 0 slot"]),
    "reserved-without-no-map": (reserved_without_no_map, [
        "kernel|info: reserved 8a000000-8a100000\r",
        "kernel|info: self-check: 10 checks ok: initrd-cpio allocator-all-pages "]),
    "node-inside-ram": (node_inside_ram, [
        "kernel|info: 16 device nodes listed, 0 disabled and 1 inside RAM left out"],
        ["init|info: device mica,pmp-sec-region"]),
}


def boot_tree(boot, tmp_path, dts_text, *run_qemu_args):
    """Boots dts_text through U-Boot booti (extlinux's fdt line); returns the run."""
    dts = tmp_path / "virt-quirk.dts"
    dts.write_text(dts_text)
    dtb = tmp_path / "virt-quirk.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb), str(dts)], check=True)
    conf = tmp_path / "extlinux.conf"
    conf.write_text("default mica\ntimeout 0\nlabel mica\n    kernel /Image\n    initrd /initrd.cpio\n"
                    "    fdt /virt-quirk.dtb\n    append init.conf=etc/ktest.conf\n")
    disk = tmp_path / "boot-disk.img"
    subprocess.run([os.path.join(ROOT, "tools", "make-boot-disk.sh"), str(disk),
                    os.path.join(BUILD, "kernel", "Image"), os.path.join(BUILD, "initrd.cpio"),
                    str(conf), str(dtb)], check=True)
    m = boot("--mode", "uboot", "--mem", QEMU_MEM, "--boot-disk", str(disk), *run_qemu_args, timeout=240)
    m.expect("Retrieving file: /virt-quirk.dtb")
    m.expect("kernel|info: Mica booting on hart 0")
    return m


@pytest.mark.parametrize("quirk", list(QUIRKS))
def test_vendor_tree_quirk_through_booti(boot, virt_dts, tmp_path, quirk):
    change, lines, *absent = QUIRKS[quirk]
    m = boot_tree(boot, tmp_path, change(virt_dts))
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    verdict = m.child.match.group(1)
    status = m.finish()
    out = m.output()
    for line in lines:
        assert line in out, line
    for text in absent[0] if absent else []:
        assert text not in out, text
    assert "PANIC" not in out
    assert verdict.startswith("PASS"), verdict
    assert status == 0


def test_no_timebase_anywhere_is_a_clear_panic(boot, virt_dts, tmp_path):
    # Per-cpu timebase, then that one removed too: nothing to time ticks by.
    dts = re.sub(r"\t+timebase-frequency = <0x[0-9a-f]+>;\n", "", per_cpu_timebase(virt_dts))
    assert "timebase-frequency" not in dts
    m = boot_tree(boot, tmp_path, dts)
    m.expect("kernel|error: PANIC: timebase-frequency 0 Hz (from nowhere) is below the 100 Hz tick: "
             "the device tree needs one in /cpus or in the cpu nodes")
    assert m.finish(timeout=60) == 3


def test_sstc_the_hart_lacks_is_probed_and_the_tick_goes_through_sbi(boot, virt_dts, tmp_path):
    """The tree declares Sstc (QEMU's default CPU has it) but the hart has
    none (-cpu rv64,sstc=false), as on a board whose firmware keeps stimecmp
    from S-mode: the kernel's probe is refused and the tick is set through
    SBI instead of an illegal instruction at the first tick."""
    assert "_sstc" in virt_dts
    m = boot_tree(boot, tmp_path, virt_dts, "--cpu", "rv64,sstc=false")
    m.expect("kernel|warn: hart 0: its cpu node declares Sstc but the firmware keeps stimecmp from S-mode: "
             "its tick goes through SBI")
    m.expect("kernel|info: timer: 100 Hz tick from the SBI timer")
    m.child.expect(r"kernel\|info: self-check: 10 checks ok: [a-z -]* timer-interrupts\r")
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    verdict = m.child.match.group(1)
    assert m.finish() == 0
    assert verdict.startswith("PASS"), verdict
