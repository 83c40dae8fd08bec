"""The console shell (mica.shell=1) through the uart16550 server: every
command, typed with pexpect, answered with exact lines; a server that
faults on purpose is restarted by its policy up to its limit; restarting
the console's own server gives the shell its console back."""
import re


def run(m, command, *answers):
    """Types a command at the prompt and waits for each answer in order."""
    m.child.sendline(command)
    for a in answers:
        m.expect(a)


def test_shell_commands(boot):
    m = boot("--append", "mica.shell=1")
    m.expect("init|info: scheme serial: registered by uart16550 pid 1")
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("mica> ")
    run(m, "help", "help                     this list",
        "restart <name|pid>       stop it (if running) and load it again",
        "poweroff                 power the machine off", "mica> ")
    run(m, "lssrv", "PID   NAME         STATE     VERSION  SCHEMES        MEMORY RESTARTS")
    m.child.expect(r"1     uart16550    running   1\.0\.0    serial:       +\d+K        0")
    m.expect("mica> ")
    run(m, "lsdev", "DEVICE                   ADDRESS       IRQ VIRTIO  HELD BY",
        "ns16550a                 0x10000000     10      -  uart16550 pid 1 (console)",
        "virtio,mmio              0x10001000      1      -  -", "mica> ")

    # Restart policy: probe arg=1 faults as soon as it is ready.
    run(m, "load srv/probe.srv arg=1 restart=on-fault restart_limit=2", "started probe pid 2",
        "init|info: restarting probe (restart 1 of 2)",
        "init|info: restarting probe (restart 2 of 2)",
        "init|error: probe: restart limit 2 reached; not restarting")
    run(m, "lssrv")
    m.child.expect(r"4     probe        faulted   1\.0\.0    -                   -        2")
    m.expect("mica> ")
    run(m, "stop probe", "stop: probe pid 4 is not running", "mica> ")
    run(m, "load srv/hello.srv arg=5", "started hello pid 5",
        "init|info: hello pid 5 exited with status 0")

    # The console's server, stopped and loaded again by one command.
    run(m, "restart uart16550", "init|info: stopped uart16550 pid 1",
        "init|info: uart16550 pid 6 ready", "restarted uart16550 pid 1 as pid 6", "mica> ")
    run(m, "lssrv")
    m.child.expect(r"6     uart16550    running   1\.0\.0    serial:       +\d+K        1")
    m.expect("mica> ")
    run(m, "stop 42", "stop: no program 42", "mica> ")
    run(m, "load srv/nodev.srv",
        'init|error: srv/nodev.srv: no device matches compatible "mica,no-such-device"',
        "load: srv/nodev.srv not started (see the init|error line)", "mica> ")
    run(m, "frobnicate", "unknown command: frobnicate (try help)", "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    out = m.output()
    assert len(re.findall(r"probe\|info: faulting on purpose", out)) == 3


def test_stopping_the_console_server(boot):
    """The answer to stopping the console's own server comes through the
    kernel's console, since the server it would go through is gone."""
    m = boot("--append", "mica.shell=1")
    m.expect("mica> ")
    run(m, "stop uart16550", "init|info: stopped uart16550 pid 1",
        "stopped uart16550 pid 1 (the shell reads no input until a console server runs again)")
    m.kill()


def test_lsblk_and_lsdev_with_disks(boot, tmp_path):
    """Two virtio disks (the second read-only) and a ramdisk: lsblk shows
    what each server reported when it registered, lsdev the features each
    virtio-blk negotiated (reported to init after negotiation)."""
    a, b = tmp_path / "a.img", tmp_path / "b.img"
    a.write_bytes(bytes(2 << 20))
    b.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(a), "--disk", f"{b},ro",
             "--append", "mica.shell=1 init.conf=etc/shell-disks.conf")
    ready = set()
    while not {2, 3, 4} <= ready:  # in whatever order the servers finish bring-up
        m.child.expect(r"init\|info: \S+ pid (\d) ready")
        ready.add(int(m.child.match.group(1)))
    run(m, "lsblk", "SCHEME                   SIZE  BLOCK  RO  SERVER")
    m.expect("mica> ")
    out = m.child.before  # the rows, in name-table order
    assert re.search(r"disk\.vblk0 +2097152 +512 +no  virtio-blk pid 2\r", out), out
    assert re.search(r"disk\.vblk1 +1048576 +512 +yes  virtio-blk pid 3\r", out), out
    assert re.search(r"disk\.ram0 +262144 +512 +no  ramdisk pid 4\r", out), out
    # lssrv: each server with the names it holds.
    run(m, "lssrv", "PID   NAME         STATE     VERSION  SCHEMES")
    m.expect("mica> ")
    out = m.child.before
    assert re.search(r"2 +virtio-blk +running +\S+ +disk\.vblk0: ", out), out
    assert re.search(r"3 +virtio-blk +running +\S+ +disk\.vblk1: ", out), out
    assert re.search(r"4 +ramdisk +running +\S+ +disk\.ram0: ", out), out
    run(m, "lsdev", "DEVICE                   ADDRESS       IRQ VIRTIO  HELD BY",
        "virtio,mmio              0x10008000      8      2  virtio-blk pid 2",
        "                         features: SEG_MAX BLK_SIZE FLUSH VERSION_1",
        "virtio,mmio              0x10007000      7      2  virtio-blk pid 3",
        "                         features: SEG_MAX RO BLK_SIZE FLUSH VERSION_1",
        "virtio,mmio              0x10006000      6      -  -", "mica> ")
    run(m, "stop virtio-blk", "stopped virtio-blk pid 2", "mica> ")
    # The stopped server's disk, its scheme and its features are gone.
    run(m, "lsdev", "virtio,mmio              0x10008000      8      2  -",
        "virtio,mmio              0x10007000      7      2  virtio-blk pid 3",
        "                         features: SEG_MAX RO BLK_SIZE FLUSH VERSION_1", "mica> ")
    run(m, "lsblk", "SCHEME                   SIZE  BLOCK  RO  SERVER", "mica> ")
    rows = m.child.before
    assert "disk.vblk1 " in rows and "disk.ram0 " in rows and "disk.vblk0" not in rows, rows
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
