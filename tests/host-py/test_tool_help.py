"""Host test of the tools' command lines as a user meets them: --help prints
the usage and exits 0 without doing anything else, and an option a tool does
not know is refused (non-zero) with a message that names it, instead of
being taken for a package, a make goal, an output file or a disk option.

install-deps.sh and test-fresh.sh run apt-get, unshare and chroot for real
(as root): they run here with stand-ins for those first on PATH, which
record being called, so a tool that failed to stop early would show it and
change nothing."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("MICA_BUILD", "build")
TOOLS = ROOT / "tools"
# Built by make (tests/host-py/build.mk lists them for make test-host).
C_TOOLS = {"syscalldoc": BUILD / "tools/syscalldoc", "srvinfo": BUILD / "tools/srvinfo"}
# What the shell scripts must not reach when they should have stopped.
GUARDED = ["apt-get", "sudo", "dpkg-query", "unshare", "chroot", "mount", "git", "mcopy",
           "mformat", "sfdisk", "openssl", "dd"]


@pytest.fixture
def run(tmp_path):
    """Runs a command in an empty directory with the GUARDED commands
    replaced; returns (result, the GUARDED commands it called)."""
    stand_ins = tmp_path / "stand_ins"
    stand_ins.mkdir()
    calls = tmp_path / "calls"
    for name in GUARDED:
        stand_in = stand_ins / name
        stand_in.write_text('#!/bin/sh\necho "%s $*" >> %s\nexit 1\n' % (name, calls))
        stand_in.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PATH="%s:%s" % (stand_ins, os.environ.get("PATH", "/usr/bin:/bin")))

    def go(*cmd):
        r = subprocess.run([str(c) for c in cmd], cwd=work, env=env, capture_output=True,
                           text=True, timeout=60, check=False)
        called = calls.read_text().splitlines() if calls.exists() else []
        # Nothing written where it ran: no output file named after an option.
        assert not list(work.iterdir()), (cmd, list(work.iterdir()))
        return r, called

    return go


def c_tool(name):
    path = C_TOOLS[name]
    assert path.exists(), f"{path} is not built: run make {path.relative_to(ROOT)}"
    return path


# (command, what its usage line starts with)
HELP = [
    (["sh", TOOLS / "install-deps.sh"], "usage: tools/install-deps.sh PACKAGE..."),
    (["sh", TOOLS / "test-fresh.sh"], "usage: tools/test-fresh.sh [--rev REV] [GOAL...]"),
    ([TOOLS / "make-boot-disk.sh"], "usage: make-boot-disk.sh <out.img> <Image> <initrd>"),
    ([TOOLS / "sign-image"], "usage: tools/sign-image <private key .pem> <image> <signed image>"),
    ([TOOLS / "shell-relay"], "usage: shell-relay --socket PATH [--volume IMG] -- COMMAND..."),
    ([TOOLS / "run-qemu"], "usage: run-qemu "),
    (["syscalldoc"], "usage: syscalldoc <output.md>"),
    (["srvinfo"], "usage: srvinfo [options] <image>"),
]


def resolve(cmd):
    return [c_tool(cmd[0])] + cmd[1:] if cmd[0] in C_TOOLS else cmd


def ids(cases):
    return [Path(str(c[0][-1])).name for c in cases]


@pytest.mark.parametrize("cmd,usage", HELP, ids=ids(HELP))
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_prints_the_usage_and_exits_0(run, cmd, usage, flag):
    r, called = run(*resolve(cmd), flag)
    assert r.returncode == 0, (flag, r.stdout, r.stderr)
    assert any(line.startswith(usage) for line in r.stdout.splitlines()), r.stdout
    # Asked for, so not an error: nothing on stderr.
    assert r.stderr == "", r.stderr
    assert called == [], called


# (command with a bad option somewhere, its exit status, the text the refusal
# must hold). Bad usage exits 2 where the tool says so (the C tools' usage,
# argparse); sign-image and run-qemu exit 1 for every error.
BAD = [
    (["sh", TOOLS / "install-deps.sh", "--bogus"], 2, "deps|error: unknown option '--bogus'"),
    (["sh", TOOLS / "install-deps.sh", "make", "--bogus"], 2,
     "deps|error: unknown option '--bogus'"),
    (["sh", TOOLS / "test-fresh.sh", "--bogus"], 2, "test-fresh|error: unknown option '--bogus'"),
    (["sh", TOOLS / "test-fresh.sh", "--rev", "HEAD", "run", "-x"], 2,
     "test-fresh|error: unknown option '-x'"),
    (["sh", TOOLS / "test-fresh.sh", "--rev"], 2, "test-fresh|error: --rev needs a revision"),
    ([TOOLS / "make-boot-disk.sh", "--bogus"], 2, "make-boot-disk.sh: unknown option '--bogus'"),
    ([TOOLS / "make-boot-disk.sh"], 2,
     "make-boot-disk.sh: needs <out.img> <Image> <initrd> <extlinux.conf> (0 given)\nusage: "),
    ([TOOLS / "make-boot-disk.sh", "out.img", "Image"], 2, "(2 given)"),
    ([TOOLS / "sign-image", "--bogus", "a", "b"], 1, "sign-image|error: unknown option '--bogus'"),
    ([TOOLS / "sign-image"], 1, "sign-image|error: usage: "),
    ([TOOLS / "shell-relay", "--bogus", "--", "true"], 2, "unrecognized arguments: --bogus"),
    ([TOOLS / "shell-relay", "--socket", "s"], 2, "shell-relay: error: no -- COMMAND"),
    ([TOOLS / "shell-relay", "--", "true"], 2, "shell-relay: error: --socket PATH is required"),
    ([TOOLS / "run-qemu", "--disk", "d.img,bogus", "--dry-run"], 1,
     "run-qemu: --disk d.img,bogus: unknown option 'bogus' (ro, serial=TEXT, iops=N, shared)"),
    ([TOOLS / "run-qemu", "--disk", "d.img,ro,,shared", "--dry-run"], 1, "unknown option ''"),
    ([TOOLS / "run-qemu", "--disk", "d.img,serial", "--dry-run"], 1, "unknown option 'serial'"),
    ([TOOLS / "run-qemu", "--disk", "d.img,iops=0", "--dry-run"], 1,
     "run-qemu: --disk d.img,iops=0: iops=N takes a positive number of requests a second, "
     "not '0'"),
    ([TOOLS / "run-qemu", "--disk", "d.img,iops=fast", "--dry-run"], 1, "not 'fast'"),
    ([TOOLS / "run-qemu", "--disk", "d.img,iops=-5", "--dry-run"], 1, "not '-5'"),
    (["syscalldoc", "--bogus"], 2, "syscalldoc|error: unknown option '--bogus'"),
    (["syscalldoc"], 2, "usage: syscalldoc <output.md>"),
    (["srvinfo", "--bogus", "x"], 2, "srvinfo|error: unknown option '--bogus'"),
    (["srvinfo", "--check", "--key"], 2, "srvinfo|error: --key needs a value"),
    (["srvinfo", "--link-at", "high", "x"], 2,
     "srvinfo|error: --link-at: 'high' is not an address"),
    (["srvinfo", "a", "b"], 2, "srvinfo|error: one image at a time: 'a' and 'b'"),
    (["srvinfo", "-o", "out", "x"], 2, "srvinfo|error: -o needs --link-at"),
]


@pytest.mark.parametrize("cmd,status,message", BAD,
                         ids=[" ".join(Path(str(c)).name for c in b[0]) for b in BAD])
def test_bad_usage_is_refused_and_named(run, cmd, status, message):
    r, called = run(*resolve(cmd))
    assert r.returncode == status, (r.returncode, r.stdout, r.stderr)
    assert message in r.stderr, r.stderr
    assert called == [], called


def test_run_qemu_still_takes_every_disk_option(run):
    r, _ = run(TOOLS / "run-qemu", "--disk", "a.img,ro,serial=abc,iops=5,shared", "--disk",
               "b.img", "--disk", "blkdebug:rules:c.img,ro", "--disk", "d.img,", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert ("-drive file=a.img,format=raw,if=none,id=disk0,readonly=on,throttling.iops-total=5,"
            "cache=writethrough -device virtio-blk-device,drive=disk0,serial=abc") in r.stdout
    assert "-drive file=b.img,format=raw,if=none,id=disk1 " in r.stdout
    assert "-drive file=blkdebug:rules:c.img,format=raw,if=none,id=disk2,readonly=on " in r.stdout
    assert "-drive file=d.img,format=raw,if=none,id=disk3 " in r.stdout


def test_run_qemu_pin_fixes_the_io_thread_pool(run):
    """--pin's boots (make bench's host-timed ones) run with a fixed pool of
    I/O workers; other boots keep QEMU's own."""
    pool = "-object main-loop,id=main-loop,thread-pool-min=4,thread-pool-max=4"
    r, _ = run(TOOLS / "run-qemu", "--icount-sleep", "--pin", "--disk", "a.img", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert pool in r.stdout
    r, _ = run(TOOLS / "run-qemu", "--icount-sleep", "--disk", "a.img", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "thread-pool" not in r.stdout


def test_syscalldoc_still_writes_the_file(tmp_path):
    out = tmp_path / "syscalls.md"
    r = subprocess.run([str(c_tool("syscalldoc")), str(out)], capture_output=True, text=True,
                       timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("# Mica system calls\n")
