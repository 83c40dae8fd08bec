"""Host test of the top-level make interface: `make help` lists the test
targets and the options, and DISK= reaches the QEMU runner once per file for
`make run` and `make shell` (after make shell's own volume; checked with
make -n: nothing boots)."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)


def runner_line(out):
    """The command that boots QEMU (make shell's runs it under its console
    relay), its continuation lines joined."""
    joined = out.replace("\\\n", " ").splitlines()
    return next(line for line in joined
                if line.startswith(("tools/run-qemu ", "tools/shell-relay ")))


def test_help_lists_test_targets_and_options():
    out = make("help").stdout
    for word in ("make test-host", "make test-system", "make test-fresh", "BUILD=dir", "DISK=file",
                 "PYTEST_ARGS", "make bench", "make compile_commands.json"):
        assert word in out, word


def test_disk_attaches_each_file_to_run_and_shell():
    run = runner_line(make("-n", "run", "DISK=a.img b.img,ro").stdout)
    assert "--disk build/demo-disk.img --disk a.img --disk b.img,ro " in run, run
    shell = runner_line(make("-n", "shell", "DISK=a.img b.img,serial=X").stdout)
    assert "--disk a.img --disk b.img,serial=X " in shell and "mica.shell=1" in shell, shell
    assert shell.index("--disk build/shell-volume.img,shared ") < shell.index("--disk a.img "), shell
    # Without DISK= the shell attaches its own volume only.
    plain = runner_line(make("-n", "shell").stdout)
    assert plain.count("--disk") == 1 and "--disk build/shell-volume.img,shared " in plain, plain


def test_icicle_kit_run_boots_its_machine_with_an_sd_card():
    run = runner_line(make("-n", "run", "PLATFORM=microchip-icicle-kit").stdout)
    assert "--machine icicle " in run and "--mem 2G --smp 5 " in run, run
    assert "--sd build/demo-sd.img " in run and "--disk" not in run, run
    virt = runner_line(make("-n", "run").stdout)
    assert "--machine virt " in virt and "--sd" not in virt, virt


def test_run_uses_icount_with_one_hart_only():
    # Under -icount QEMU runs the harts in turns: a started hart may never
    # reach the kernel, so make run leaves it out with several harts...
    assert "--icount-sleep" in runner_line(make("-n", "run").stdout)
    for extra in (("SMP=2",), ("PLATFORM=microchip-icicle-kit",)):
        run = runner_line(make("-n", "run", *extra).stdout)
        assert "--icount" not in run, (extra, run)
    # ...and the runner refuses it there, saying why.
    for args in (["--smp", "2", "--icount"], ["--smp", "4", "--icount-sleep"],
                 ["--machine", "icicle", "--icount"]):
        r = subprocess.run([str(ROOT / "tools" / "run-qemu"), *args, "--dry-run"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
        assert r.returncode != 0 and "need one hart" in r.stderr, (args, r.stderr)
    one = subprocess.run([str(ROOT / "tools" / "run-qemu"), "--icount", "--dry-run"],
                         stdout=subprocess.PIPE, text=True, timeout=30, check=True)
    assert "-icount shift=0,sleep=off" in one.stdout and "-smp 1" in one.stdout


def test_configurations_the_make_targets_boot_are_in_their_initrd():
    # make run, bench, bench-smp and fuzz-proto boot the boot initrd (the
    # one without the tests' own configurations) unless the line names
    # --initrd: each init.conf they name must be in that archive's list.
    assert make("build/initrd.list").returncode == 0
    listed = set((ROOT / "build" / "initrd.list").read_text().split())
    out = make("-n", "-B", "run", "bench", "bench-smp", "fuzz-proto", "SMP_BENCH=2").stdout
    lines = out.replace("\\\n", " ").splitlines()
    confs = set()
    for line in lines:
        if "tools/run-qemu" not in line or "--initrd" in line:
            continue
        confs.update(re.findall(r"init\.conf=(etc/[\w.-]+\.conf)", line))
        for loop in re.findall(r"for conf in ([^;]*);", line):
            confs.update(loop.split())
    assert confs, out
    missing = sorted(c for c in confs if c not in listed)
    assert not missing, missing
