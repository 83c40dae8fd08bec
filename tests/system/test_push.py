"""make push against a running make shell (its configuration, its disk and
its console relay, on a disk and socket of the test's own): the tree's
nullblk loaded from boot:, then a copy built with the SDK with its version
changed on one line replacing it (the other servers, their pids and the
ramdisk's blocks untouched), a tampered image refused with init's line and
the running instance left alone, and a push with no shell running refused
with one line. The host wall time of each push is printed as a BENCH line
(push.loop.built: an image already built; push.loop.edit: a one-line source
change, so a compile, link, sign and check, then the push)."""
import os
import re
import shutil
import subprocess
import sys
import time

import pexpect

from conftest import BUILD, ROOT, _Tee

MAKEFILE = "SDK := {sdk}\nSRCS := nullblk.c\ninclude $(SDK)/driver.mk\n"


def make(*args, cwd=ROOT):
    return subprocess.run(["make", "--no-print-directory", f"BUILD={BUILD}", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def timed_push(places, *args):
    began = time.monotonic()
    r = make("push", *places, *args)
    return r, time.monotonic() - began


def bench(name, seconds):
    print(f"\nBENCH name={name} unit=ms n=1 median={seconds * 1000:.0f}")


def shell_cmd(child, command, *answers):
    child.sendline(command)
    for a in answers:
        child.expect(a)
    child.expect_exact("mica> ")


def run_program(child, command, result):
    """A program the shell starts prints after the shell's next prompt, or
    before it: its result and exit are waited for, not the prompt."""
    child.sendline(command)
    # Up to the line's end: pid 10 read in two pieces would match as 1.
    child.expect(r"started blkbench pid (\d+)\r*\n")
    pid = child.match.group(1)
    child.expect(result)
    child.expect_exact(f"init|info: blkbench pid {pid} exited with status 0")


def test_push_loop(tmp_path):
    volume, sock = tmp_path / "shell-volume.img", tmp_path / "shell.sock"
    places = [f"SHELL_VOLUME={volume}", f"SHELL_SOCKET={sock}"]

    # Nothing listens yet: one line, status 2.
    r, _ = timed_push(places, "SRV=servers/nullblk")
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"push|error: no make shell is running: nothing listens on {sock}" in r.stdout

    # The copy with a new version, built once before the shell starts.
    sdk, driver = tmp_path / "sdk", tmp_path / "mydriver"
    assert make(f"SDK_DIR={sdk}", "sdk").returncode == 0
    driver.mkdir()
    shutil.copy(os.path.join(ROOT, "servers", "nullblk", "nullblk.c"), driver)
    (driver / "Makefile").write_text(MAKEFILE.format(sdk=sdk))
    built = subprocess.run(["make", "--no-print-directory"], cwd=driver, capture_output=True,
                           text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr

    child = pexpect.spawn("make", ["--no-print-directory", f"BUILD={BUILD}", "shell", *places],
                          cwd=ROOT, encoding="utf-8", timeout=60, codec_errors="replace")
    child.logfile_read = _Tee(sys.stdout)
    try:
        child.expect(r"fat\|info: boot: FAT1[26] volume MICASHELL on disk\.vblk0:p1")
        child.expect_exact("init|info: fat pid 4 ready")
        run_program(child, 'load blkbench initrd quota=16M args="verify disk.ram0: --seed 5"',
                  r"blkbench\|result: PASS verify disk\.ram0: 8192 sectors seed 5 gen 1")

        # A second relay on the same socket is refused before QEMU starts.
        other = make("shell", *places)
        assert other.returncode != 0
        assert f"shell-relay|error: {sock}: another make shell listens there" in other.stderr

        # First push: nothing named nullblk runs, so the shell loads it.
        r, took = timed_push(places, "SRV=servers/nullblk", "ARGS=size=1M")
        assert r.returncode == 0, r.stdout + r.stderr
        # pids are init's to give (the next free one): read, not assumed.
        started = re.search(r"push\|info: started nullblk pid (\d+) \(1\.0\.0 from "
                            r"boot:/srv/nullblk\.srv\)", r.stdout)
        assert started, r.stdout
        first = started.group(1)
        bench("push.loop.built", took)
        child.expect_exact(f"init|info: nullblk pid {first} ready")

        # A one-line change (the version), then a push: a live update.
        source = driver / "nullblk.c"
        text = source.read_text()
        assert "MICA_VERSION(1, 0, 0)" in text
        source.write_text(text.replace("MICA_VERSION(1, 0, 0)", "MICA_VERSION(1, 0, 1)", 1))
        r, took = timed_push(places, f"SRV={driver}")
        assert r.returncode == 0, r.stdout + r.stderr
        replaced = re.search(rf"push\|info: replaced nullblk pid {first} by nullblk pid (\d+) "
                             r"\(1\.0\.1 from boot:/srv/nullblk\.srv\)", r.stdout)
        assert replaced, r.stdout
        second = replaced.group(1)
        assert second != first
        bench("push.loop.edit", took)
        child.expect_exact(f"init|info: nullblk pid {second} ready")

        # A tampered image: refused by signature, the running one goes on.
        # One letter of a log message: the image still reads as a server
        # image (srvinfo passes it on), only its signature no longer holds.
        data = bytearray((driver / "build" / "nullblk.srv").read_bytes())
        where = data.find(b"not a multiple of")
        assert where > 0
        data[where] ^= 0x20
        tampered = tmp_path / "tampered.srv"
        tampered.write_bytes(bytes(data))
        r = subprocess.run([os.path.join(ROOT, "tools", "push"), "--socket", str(sock),
                            "--srvinfo", os.path.join(BUILD, "tools", "srvinfo"), str(tampered)],
                           capture_output=True, text=True, check=False)
        assert r.returncode == 1, r.stdout + r.stderr
        assert re.search(r"push\|error: init\|error: boot:/srv/nullblk\.srv: refused: bad "
                         r"signature by key [0-9a-f]+\.*: signature does not match; nullblk pid "
                         rf"{second} runs on", r.stdout), r.stdout
        assert ("push|error: restart: nullblk not replaced by boot:/srv/nullblk.srv: EIO"
                in r.stdout), r.stdout

        # The others kept their pids; the replaced driver serves; the
        # ramdisk's blocks are what they were.
        shell_cmd(child, "lssrv", r"1     uart16550    running", r"2     ramdisk      running",
                  r"3     virtio-blk   running", r"4     fat          running",
                  r"5     shell        running",
                  rf"{second:<5} nullblk      running   1\.0\.1 ")
        run_program(child, 'load blkbench initrd quota=16M args="verify disk.null0: --seed 1"',
                    r"blkbench\|result: PASS verify disk\.null0: 2048 sectors seed 1 gen 1")
        run_program(child,
                    'load blkbench initrd quota=16M args="verify disk.ram0: --seed 5 --check"',
                    r"blkbench\|result: PASS verify disk\.ram0: 8192 sectors seed 5 gen 1")
        # Each step its own wait, so a hang says where it stopped: the
        # shell's echo (the line reached it), init's line, QEMU's exit.
        child.sendline("poweroff")
        child.expect_exact("poweroff")
        child.expect_exact("init|info: powering off with status 0")
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.terminate(force=True)
    # The relay took its socket away with it.
    assert not sock.exists()
