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
    m.expect("init|info: ramdisk pid 2 ready")  # the prompt may come before it
    run(m, "help", "help                     this list",
        "lsimg                    images in the initrd that load can start",
        "restart <name|pid> [image] stop it (if running) and load it again; with an image, replace the running server by it",
        "poweroff                 power the machine off", "mica> ")
    run(m, "lssrv", "PID   NAME         STATE     VERSION    MEMORY RESTARTS  SCHEMES")
    m.child.expect(r"1     uart16550    running   1\.0\.0    +\d+K        0  serial:\r")
    m.child.expect(r"2     ramdisk      running   1\.0\.0    +\d+K        0  disk\.ram0:\r")
    m.expect("mica> ")
    # An arrow key sends ESC [ A: ignored, not an unknown command.
    m.child.send("\x1b[A\x1b[Blsblk\r")
    m.expect("SCHEME                   SIZE  BLOCK  RO  SERVER")
    m.child.expect(r"disk\.ram0 +4 MiB +512 +no  ramdisk pid 2\r")
    m.expect("mica> ")
    assert "unknown command" not in m.output()
    run(m, "lsimg", "IMAGE                              SIZE  KIND")
    m.child.expect(r"blkbench +[\d.]+ KiB  program\r")
    m.child.expect(r"srv/ramdisk\.srv +[\d.]+ KiB  server image\r")
    m.expect("mica> ")
    run(m, "load srv/hello.srv colour=blue", "load: unknown option: colour=blue", "mica> ")
    run(m, "load srv/hello.srv arg=5x", "load: bad number: arg=5x", "mica> ")
    run(m, "load srv/hello.srv quota=8M quota=16M", "load: given twice: quota=16M", "mica> ")
    run(m, "load srv/hello.srv poweroff poweroff", "load: given twice: poweroff", "mica> ")
    run(m, "load srv/hello.srv quota=0", "load: quota of 0 bytes: a program needs memory", "mica> ")
    run(m, "lsdev", "DEVICE                   ADDRESS       IRQ VIRTIO  HELD BY",
        "ns16550a                 0x10000000     10      -  uart16550 pid 1 (console)",
        "virtio,mmio              0x10001000      1      -  -", "mica> ")

    # Restart policy: probe arg=1 faults as soon as it is ready.
    run(m, "load srv/probe.srv arg=1 restart=on-fault restarts=2", "started probe pid 4",
        "init|info: restarting probe (restart 1 of 2)",
        "init|info: restarting probe (restart 2 of 2)",
        "init|error: probe: restart limit 2 reached; not restarting")
    run(m, "lssrv")
    m.child.expect(r"6     probe        faulted   1\.0\.0           -        2  -\r")
    m.expect("mica> ")
    run(m, "stop probe", "stop: probe pid 6 is not running", "mica> ")
    run(m, "load srv/hello.srv arg=5", "started hello pid 7",
        "init|info: hello pid 7 exited with status 0")

    # The console's server, stopped and loaded again by one command.
    run(m, "restart uart16550", "init|info: stopped uart16550 pid 1",
        "init|info: uart16550 pid 8 ready", "restarted uart16550 pid 1 as pid 8", "mica> ")
    run(m, "lssrv")
    m.child.expect(r"8     uart16550    running   1\.0\.0    +\d+K        1  serial:\r")
    m.expect("mica> ")
    # Two live ramdisks: a name is not enough to pick one.
    run(m, "load srv/ramdisk.srv args=\"size=64K unit=1 ro\"", "started ramdisk pid 9",
        "init|info: ramdisk pid 9 ready")
    run(m, "restart ramdisk", "restart: 2 programs named ramdisk (pids 2, 9): give the pid",
        "mica> ")
    run(m, "stop 9", "stopped ramdisk pid 9", "mica> ")
    run(m, "stop 42", "stop: no program 42", "mica> ")
    run(m, "load srv/nodev.srv",
        'init|error: srv/nodev.srv: no device matches compatible "mica,no-such-device"',
        "load: srv/nodev.srv not started (see the init|error line)", "mica> ")
    run(m, "frobnicate", "unknown command: frobnicate (try help)", "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    out = m.output()
    assert len(re.findall(r"probe\|info: faulting on purpose", out)) == 3


def test_stopping_the_console_server_or_the_shell_is_refused(boot):
    """The shell's only input goes through the console's server, and the
    shell is the only way to power off: stopping either is refused (the
    shell by name and by pid, also after `restart shell` gave it a new pid),
    and the shell still answers."""
    m = boot("--append", "mica.shell=1")
    m.expect("mica> ")
    run(m, "stop uart16550", "stop: uart16550 pid 1 serves the console the shell reads; not "
        "stopped (restart replaces it)", "mica> ")
    refused = "stop: shell pid {} is this shell; not stopped (poweroff powers off, restart replaces it)"
    run(m, "stop shell", refused.format(3), "mica> ")
    run(m, "stop 3", refused.format(3), "mica> ")
    run(m, "restart shell", "init|info: stopped shell pid 3")
    m.child.expect(r"init\|info: started shell pid (\d+)")
    pid = int(m.child.match.group(1))
    m.expect("mica> ")
    run(m, f"stop {pid}", refused.format(pid), "mica> ")
    run(m, "stop shell", refused.format(pid), "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert "stopped uart16550" not in m.output()
    assert "init|info: stopped shell pid 3" in m.output()
    assert f"stopped shell pid {pid}" not in m.output()


def test_the_line_editor_runs_what_the_screen_shows(boot):
    """A TAB is a blank; a control character shows as ^X and refuses the
    line (a backspace takes it out again); UTF-8 goes into the line whole
    and a backspace takes a whole character; bytes past the longest line
    ring the bell and refuse it, until a backspace makes the screen the
    line again."""
    m = boot("--append", "mica.shell=1")
    m.expect("mica> ")
    run(m, "ls\tboot:/", "ls: boot:/: no such file or scheme", "mica> ")
    m.child.send("l\x01s\r")
    m.expect("l^As")
    m.expect("control character ^A in the line: not run")
    m.expect("mica> ")
    m.child.send("l\x01\x7fs boot:/x\r")
    m.expect("ls: boot:/x: no such file or scheme")
    m.expect("mica> ")
    run(m, "frobnic\u00e9", "unknown command: frobnic\u00e9 (try help)", "mica> ")
    run(m, "frobnic\u00e9\x7fe", "unknown command: frobnice (try help)", "mica> ")
    # Typed, then erased: the line is what is left.
    m.child.send("x" * 300)
    m.child.send("\x7f" * 300)
    m.child.send("lssrv\r")
    m.expect("PID   NAME         STATE     VERSION    MEMORY RESTARTS  SCHEMES")
    m.expect("mica> ")
    # Sent whole, with its Enter: not cut and run.
    m.child.send("x" * 300 + "\r")
    m.expect("line too long (at most 255 characters): not run")
    m.expect("mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    out = m.output()
    assert "unknown command: lsboot" not in out and "usage: ls" not in out, out
    assert out.count("\a") == 2 * 45


def test_crash_counts_and_answers(boot):
    """crash's count is a whole number: negative, too large and trailing
    garbage are refused before anything is armed; a kill says it killed, a
    random order names its seed (init's line names what it picked)."""
    m = boot("--append", "mica.shell=1")
    m.expect("init|info: ramdisk pid 2 ready")
    run(m, "crash ramdisk decode -1", "crash: count -1 is negative", "mica> ")
    run(m, "crash 2 decode 99999999999999999999",
        "crash: count 99999999999999999999 is too large (at most 18446744073709551615)", "mica> ")
    run(m, "crash ramdisk decode 5x", "crash: count 5x is not a number", "mica> ")
    run(m, "crash ramdisk decode 0x", "crash: count 0x is not a number", "mica> ")
    assert "fault armed" not in m.output()
    run(m, "crash ramdisk decode 0x10", "init|info: ramdisk pid 2: fault armed at decode, pass 16",
        "crash armed: ramdisk pid 2 at decode, count 16", "mica> ")
    run(m, "crash ramdisk random 5")
    m.child.expect(r"init\|info: ramdisk pid 2: fault armed at (decode|dma|ring-batch), pass [1-4]")
    m.expect("crash armed: ramdisk pid 2 at random (seed 5)")
    m.expect("mica> ")
    run(m, "crash 2 now", "killed by a crash order", "killed ramdisk pid 2 as a fault", "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert "at now, count 0" not in m.output()
    assert "at random, count" not in m.output()


def test_sum_and_ls_on_a_volume(boot, tmp_path):
    """sum refuses a directory (it hashed it as an empty file); a UTF-8
    name, typed at the shell, is listed and read."""
    import hashlib
    import os
    import subprocess

    from test_boot_volume import BOOTARGS, make_volume
    disk = str(tmp_path / "boot.img")
    make_volume(disk, {"/extlinux/extlinux.conf": b"label mica\n", "/data/plain.bin": b"x"})
    name = "R\u00e9sum\u00e9.txt"
    data = "r\u00e9sum\u00e9\n".encode()
    src = tmp_path / "resume"
    src.write_bytes(data)
    # mtools turns the name from the locale's charset into the volume's UTF-16.
    subprocess.run(["mcopy", "-i", disk, str(src), "::/data/" + name], check=True,
                   env=dict(os.environ, LC_ALL="C.UTF-8"))
    m = boot("--disk", disk, "--append", BOOTARGS)
    m.expect("init|info: fat pid 3 ready")
    run(m, "sum boot:/", "sum: boot:/: is a directory", "mica> ")
    run(m, "sum boot:/extlinux", "sum: boot:/extlinux: is a directory", "mica> ")
    run(m, "sum boot:/extlinux/", "sum: boot:/extlinux/: is a directory", "mica> ")
    run(m, "sum boot:/extlinux/extlinux.conf",
        f"{hashlib.sha256(b'label mica' + bytes([10])).hexdigest()}  11  boot:/extlinux/extlinux.conf",
        "mica> ")
    run(m, "ls boot:/data", f"{len(data):10d}  {name}", "mica> ")
    run(m, f"sum boot:/data/{name}",
        f"{hashlib.sha256(data).hexdigest()}  {len(data)}  boot:/data/{name}", "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" not in m.output()


def test_readme_example_works_as_printed(boot):
    """README's `make shell` example: the shell configuration starts
    disk.ram0, so blkbench verifies it."""
    m = boot("--append", "mica.shell=1", timeout=120)
    m.expect("init|info: ramdisk pid 2 ready")  # the prompt may come before it
    run(m, 'load blkbench initrd quota=16M args="verify disk.ram0: --seed 1"',
        "started blkbench pid 4")
    m.expect("blkbench|result: PASS verify")
    m.expect("init|info: blkbench pid 4 exited with status 0")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0


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
    assert re.search(r"disk\.vblk0 +2 MiB +512 +no  virtio-blk pid 2\r", out), out
    assert re.search(r"disk\.vblk1 +1 MiB +512 +yes  virtio-blk pid 3\r", out), out
    assert re.search(r"disk\.ram0 +256 KiB +512 +no  ramdisk pid 4\r", out), out
    # lssrv: each server with the names it holds, last.
    run(m, "lssrv", "PID   NAME         STATE     VERSION    MEMORY RESTARTS  SCHEMES")
    m.expect("mica> ")
    out = m.child.before
    assert re.search(r"\b2 +virtio-blk +running .* disk\.vblk0:", out), out
    assert re.search(r"\b3 +virtio-blk +running .* disk\.vblk1:", out), out
    assert re.search(r"\b4 +ramdisk +running .* disk\.ram0:", out), out
    run(m, "lsdev", "DEVICE                   ADDRESS       IRQ VIRTIO  HELD BY",
        "virtio,mmio              0x10008000      8      2  virtio-blk pid 2",
        "                         features: SEG_MAX BLK_SIZE FLUSH VERSION_1",
        "virtio,mmio              0x10007000      7      2  virtio-blk pid 3",
        "                         features: SEG_MAX RO BLK_SIZE FLUSH VERSION_1",
        "virtio,mmio              0x10006000      6      -  -", "mica> ")
    run(m, "stop virtio-blk", "stop: 2 programs named virtio-blk (pids 2, 3): give the pid",
        "mica> ")
    run(m, "stop 2", "stopped virtio-blk pid 2", "mica> ")
    # The stopped server's disk, its scheme and its features are gone.
    run(m, "lsdev", "virtio,mmio              0x10008000      8      2  -",
        "virtio,mmio              0x10007000      7      2  virtio-blk pid 3",
        "                         features: SEG_MAX RO BLK_SIZE FLUSH VERSION_1", "mica> ")
    run(m, "lsblk", "SCHEME                   SIZE  BLOCK  RO  SERVER", "mica> ")
    rows = m.child.before
    assert "disk.vblk1 " in rows and "disk.ram0 " in rows and "disk.vblk0" not in rows, rows
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0


def test_lsblk_partitions(boot, tmp_path):
    """lsblk lists each disk's partitions, from its server: a GPT disk
    written by part_images.py (types by name, GPT names and unique GUIDs)
    and an MBR disk with logical partitions written by sfdisk."""
    import subprocess
    import uuid

    import part_images
    gpt = bytearray(4 << 20)
    part_images.write_gpt(gpt, [
        (0, part_images.EFI_SYSTEM, uuid.UUID("6d696361-0000-4000-8000-0000000000b1"),
         2048, 4095, "boot"),
        (2, uuid.UUID("6d696361-7479-7065-0000-000000000001"),
         uuid.UUID("6d696361-0000-4000-8000-0000000000b3"), 4096, 8158, "data \u00e9t\u00e9"),
    ])
    a, b = tmp_path / "gpt.img", tmp_path / "mbr.img"
    a.write_bytes(bytes(gpt))
    b.write_bytes(bytes(2 << 20))
    layout = ("label: dos\nstart=64, size=960, type=c, bootable\nstart=1024, type=5\n"
              "start=1088, size=256, type=82\nstart=1600, size=256, type=83\n")
    subprocess.run(["/sbin/sfdisk", "--quiet", str(b)], input=layout, text=True, check=True)
    m = boot("--disk", str(a), "--disk", f"{b},ro",
             "--append", "mica.shell=1 init.conf=etc/shell-disks.conf")
    ready = set()
    while not {2, 3, 4} <= ready:
        m.child.expect(r"init\|info: \S+ pid (\d) ready")
        ready.add(int(m.child.match.group(1)))
    run(m, "lsblk", "SCHEME                   SIZE  BLOCK  RO  SERVER")
    m.expect("mica> ")
    # The rows without the servers' log lines between them (virtio-blk
    # reports each handle's close).
    rows = [r for r in m.child.before.replace("\r", "").split("\n") if "|info: " not in r]
    def partition_rows(disk):
        """The indented rows below the disk's row (the disks come in
        registration order, which varies)."""
        at = rows.index(next(r for r in rows if r.startswith(disk + " ")))
        below = []
        for r in rows[at + 1:]:
            if not r.startswith("  "):
                break
            below.append(r)
        return below

    assert partition_rows("disk.vblk0") == [
        '  disk.vblk0:p1                 1 MiB  start 2048  GPT EFI System  name "boot"  '
        'uuid 6d696361-0000-4000-8000-0000000000b1',
        '  disk.vblk0:p3               1.9 MiB  start 4096  GPT 6d696361-7479-7065-0000-000000000001'
        '  name "data \u00e9t\u00e9"  uuid 6d696361-0000-4000-8000-0000000000b3',
    ], rows
    assert "disk.vblk1              2 MiB    512 yes  virtio-blk pid 3" in rows, rows
    assert partition_rows("disk.vblk1") == [
        "  disk.vblk1:p1               480 KiB  start 64  MBR 0x0c FAT32 LBA, bootable",
        "  disk.vblk1:p5               128 KiB  start 1088  MBR 0x82 Linux swap, logical",
        "  disk.vblk1:p6               128 KiB  start 1600  MBR 0x83 Linux, logical",
    ], rows
    # A disk without a table has no partition rows.
    assert partition_rows("disk.ram0") == [], rows
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
