"""Grants follow the manifest and the device: the UART server gets the UART's
registers and line; a server that asks for no device holds no device
capability, cannot claim a line, and faults touching the register window;
a server asking for a device that does not exist, or is held, is refused
with one line. A fault report names the image and the offset addr2line
takes as it is."""
import os
import re
import subprocess

from conftest import BUILD


def test_grants_and_confinement(boot):
    m = boot("--append", "init.conf=etc/grants.conf")
    assert m.finish() == 0
    out = m.output()
    for line in (
        "init|info: uart16550 pid 1 holds ns16550a at 0x10000000 "
        "(irq 10, registers at 0x50000000, dma 0 bytes)",
        "uart16550|info: ns16550a at 0x10000000 irq 10 reg-shift 0 reg-io-width 1 (console), "
        "registers at 0x50000000, serving on slot 24",
        "init|info: uart16550 pid 1 ready",
        'probe|info: heap 8192 bytes at 0x60000000, device "", registers at 0x0',
        "probe|info: capabilities: 0 device frames, 0 interrupt handlers, 0 interrupt controls",
        "probe|info: claiming an interrupt line: -9",
        # lsdev's features and lsblk's facts only from whom they concern:
        # -EPERM, -ENOENT, -ENOENT, -EINVAL.
        "probe|info: init refuses: features of a held device -1, of no device -2, facts of "
        "another's scheme -2, a 1000-byte block -22 (registering disk.probe0: 0)",
        'init|error: srv/nodev.srv: no device matches compatible "mica,no-such-device"',
        'init|error: srv/uart16550.srv: every device matching "ns16550a", "snps,dw-apb-uart", "synopsys,uart0" '
        "is held (0x10000000 by pid 1)",
        "hello|info: hello from a loaded server (arg 1)",
    ):
        assert line in out, line
    fault = re.search(r"init\|warn: probe pid 2 faulted: load page fault at 0x[0-9a-f]+ "
                      r"\(stval 0x50000000\) in srv/probe.srv\+(0x[0-9a-f]+)", out)
    assert fault, "no fault report naming srv/probe.srv and an offset"
    # The offset is an address in the image file: addr2line finds the load.
    where = subprocess.run(["riscv64-unknown-elf-addr2line", "-f", "-e",
                            os.path.join(BUILD, "srv", "probe.srv"), fault.group(1)],
                           stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    assert where[0] == "confinement", where
    path, line = where[1].rsplit(":", 1)
    assert path.endswith("tests/guest/probe/main.c"), where
    with open(path) as f:
        assert "*(volatile uint8_t *)fault_address" in f.read().splitlines()[int(line) - 1]
    # One line per refusal, and nothing started for either image.
    assert len(re.findall(r"init\|[^\n]*nodev", out)) == 1
    assert "loaded nodev" not in out


def test_virtio_device_id_decides(boot, tmp_path):
    """vprobe asks for virtio,mmio with device id 2 (block): init reads each
    slot's DeviceID register and grants the slot with the disk behind it,
    its line and a DMA quota; a second vprobe finds it held; without a disk
    there is nothing to match."""
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/virtio.conf")
    assert m.finish() == 0
    out = m.output()
    match = re.search(r"init\|info: device virtio,mmio at (0x[0-9a-f]+) size 0x1000 irq (\d+) "
                      r"slot \d+ virtio device id 2", out)
    assert match, "boot report names the block device's slot"
    phys, irq = match.groups()
    for line in (
        f"init|info: vprobe pid 1 holds virtio,mmio at {phys} (irq {irq}, registers at "
        "0x50000000, dma 65536 bytes)",
        f"vprobe|info: virtio-mmio version 2 device id 2 at {phys}, interrupt handler granted, "
        "DMA quota 65536 bytes",
        f'init|error: srv/vprobe.srv: every device matching "virtio,mmio" with virtio device id 2 '
        f"is held ({phys} by pid 1)",
    ):
        assert line in out, line

    m = boot("--append", "init.conf=etc/virtio.conf")
    assert m.finish() == 0
    assert len(re.findall(r'init\|error: srv/vprobe\.srv: no device matches compatible '
                          r'"virtio,mmio" with virtio device id 2', m.output())) == 2
