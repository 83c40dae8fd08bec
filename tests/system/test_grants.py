"""Grants follow the manifest and the device: the UART server gets the UART's
registers and line; a server that asks for no device holds no device
capability, cannot claim a line, and faults touching the register window;
a server asking for a device that does not exist, or is held, is refused
with one line."""
import re


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
        'init|error: srv/nodev.srv: no device matches compatible "mica,no-such-device"',
        'init|error: srv/uart16550.srv: every device matching "ns16550a", "snps,dw-apb-uart" '
        "is held (0x10000000 by pid 1)",
        "hello|info: hello from a loaded server (arg 1)",
    ):
        assert line in out, line
    assert re.search(r"init\|warn: probe pid 2 faulted: load page fault at 0x[0-9a-f]+ "
                     r"\(stval 0x50000000\)", out)
    # One line per refusal, and nothing started for either image.
    assert len(re.findall(r"init\|[^\n]*nodev", out)) == 1
    assert "loaded nodev" not in out
