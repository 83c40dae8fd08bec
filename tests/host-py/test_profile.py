"""Host test for tools/profile: the trace parser (each instruction counted
for the runs of the host code that holds it, a retranslation with fewer
instructions counted as such), the per-op subtraction and symbol
attribution, the attribution by source line (--lines), and its refusals."""

import importlib.machinery
import importlib.util
import subprocess
from pathlib import Path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "profile"


def load_tool():
    loader = importlib.machinery.SourceFileLoader("profile_tool", str(TOOL))
    spec = importlib.util.spec_from_loader("profile_tool", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# QEMU 7.2's in_asm and exec (nochain) lines: the block at 0x80000000 is
# translated with three instructions, run twice, translated again with one
# (an icount deadline) and run once, and the first translation runs again.
TRACE = """\
IN: entry
0x0000000080000000:  00000013          nop
0x0000000080000004:  00000013          nop
0x0000000080000008:  00000013          nop

Trace 0: 0x7f1000000100 [00000000/0000000080000000/00000000/ff020000] entry
Trace 0: 0x7f1000000100 [00000000/0000000080000000/00000000/ff020000] entry
IN: entry
0x0000000080000000:  00000013          nop

Trace 0: 0x7f1000000200 [00000000/0000000080000000/00000000/ff020001] entry
IN: other
0x0000000080000100:  00000013          nop
0x0000000080000104:  00000013          nop

Trace 0: 0x7f1000000300 [00000000/0000000080000100/00000000/ff020000] other
Trace 0: 0x7f1000000100 [00000000/0000000080000000/00000000/ff020000] entry
"""


def test_each_instruction_counts_the_runs_of_the_host_code_that_holds_it():
    counts = load_tool().instructions_by_pc(TRACE.splitlines(keepends=True))
    # Three runs of the three-instruction translation, one of the shorter one.
    assert counts[0x80000000] == 4
    assert counts[0x80000004] == 3 and counts[0x80000008] == 3
    assert counts[0x80000100] == 1 and counts[0x80000104] == 1
    assert sum(counts.values()) == 3 + 3 + 1 + 2 + 3


# The same host code translated again for the same address (QEMU flushed
# its cache): runs before count the old instructions, runs after the new.
REUSED = """\
IN: f
0x0000000080000000:  00000013          nop
0x0000000080000004:  00000013          nop

Trace 0: 0x7f1000000100 [00000000/0000000080000000/00000000/ff020000] f
IN: f
0x0000000080000000:  00000013          nop

Trace 0: 0x7f1000000100 [00000000/0000000080000000/00000000/ff020000] f
Trace 0: 0x7f1000000100 [00000000/0000000080000000/00000000/ff020000] f
"""


def test_host_code_translated_again_counts_each_translation_for_its_runs():
    counts = load_tool().instructions_by_pc(REUSED.splitlines(keepends=True))
    assert counts[0x80000000] == 3
    assert counts[0x80000004] == 1


# objdump -d -l of a function with a header's code inlined into it: one
# file of the tree (named as the tree names it), one outside it.
DISASSEMBLY = """\
0000000011002c10 <serve>:
serve():
{root}/libipc/blkserver/rings.c:10
    11002c10:\taddi\tsp,sp,-16
/usr/include/inline.h:3 (discriminator 1)
    11002c14:\tld\ta5,0(a0)
    11002c16:\tbeqz\ta5,11002c20 <serve+0x10>
{root}/libipc/blkserver/rings.c:12
    11002c1a:\tret
"""


def test_lines_of_a_disassembly_and_per_op_by_line():
    tool = load_tool()
    where = tool.lines_of(DISASSEMBLY.format(root=tool.ROOT))
    assert where == {0x11002c10: "libipc/blkserver/rings.c:10", 0x11002c14: "/usr/include/inline.h:3",
                     0x11002c16: "/usr/include/inline.h:3", 0x11002c1a: "libipc/blkserver/rings.c:12"}
    first = {0x11002c10: 100, 0x11002c14: 100, 0x11002c16: 100, 0x11002c1a: 100}
    second = {0x11002c10: 300, 0x11002c14: 500, 0x11002c16: 500, 0x11002c1a: 300}
    by_line = tool.per_line(first, second, 100, where)
    assert by_line == {"libipc/blkserver/rings.c:10": 2.0, "/usr/include/inline.h:3": 8.0,
                       "libipc/blkserver/rings.c:12": 2.0}
    assert tool.source_text("libipc/blkserver/rings.c:1").startswith("/*")


def test_per_op_takes_the_first_run_from_the_second():
    tool = load_tool()
    table = [(0x1000, "K:trap"), (0x1100, "K:switch"), (0x2000, "srv:serve")]
    first = {0x1000: 500, 0x1104: 100, 0x2000: 40}
    second = {0x1000: 700, 0x1104: 300, 0x2010: 240, 0x2000: 40}
    by_image, by_function = tool.per_op(first, second, 100, table)
    assert by_function["K:trap"] == 2.0
    assert by_function["K:switch"] == 2.0
    assert by_function["srv:serve"] == 2.4
    assert by_image["K"] == 4.0 and by_image["srv"] == 2.4


def test_programs_and_servers_of_a_configuration():
    tool = load_tool()
    conf = ('# comment\nsrv/ramdisk.srv args="size=16M"\n\n'
            'blkbench initrd system args="blk disk.ram0: --ops {ops}"\n')
    assert tool.programs_of(conf) == (["blkbench"], ["ramdisk.srv"])


def test_a_configuration_without_ops_is_refused(tmp_path):
    conf = tmp_path / "q.conf"
    conf.write_text("blkbench initrd poweroff\n")
    r = subprocess.run([str(TOOL), "--conf", str(conf)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "no {ops}" in r.stderr


def test_op_counts_must_grow(tmp_path):
    conf = tmp_path / "q.conf"
    conf.write_text("blkbench initrd args=\"--ops {ops}\"\n")
    r = subprocess.run([str(TOOL), "--conf", str(conf), "--ops", "4000,2000"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "0 < A < B" in r.stderr


def test_lines_must_name_image_and_function(tmp_path):
    conf = tmp_path / "q.conf"
    conf.write_text("blkbench initrd args=\"--ops {ops}\"\n")
    r = subprocess.run([str(TOOL), "--conf", str(conf), "--lines", "blk_server_ring_serve"],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert "image:function" in r.stderr


def test_iops_wants_disks_and_a_positive_count(tmp_path):
    conf = tmp_path / "q.conf"
    conf.write_text("blkbench initrd args=\"--ops {ops}\"\n")
    for extra in (["--iops", "20"], ["--disks", "1", "--iops", "-5"]):
        r = subprocess.run([str(TOOL), "--conf", str(conf), *extra], capture_output=True, text=True)
        assert r.returncode == 2
        assert "--iops: a positive count, and only with --disks" in r.stderr


def boot_without_qemu(tool, monkeypatch, pinned):
    """tool.boot with run-qemu and QEMU stood in for: the run-qemu command
    lines it asked for (each boot's), pins appended to `pinned`."""
    seen = []

    class Done:
        stdout = "qemu-system-riscv64 -M virt"

    def fake_run(cmd, **kwargs):
        seen.append(cmd)
        return Done()

    monkeypatch.setattr(tool.subprocess, "run", fake_run)
    monkeypatch.setattr(tool.subprocess, "Popen", lambda *a, **k: "qemu")
    monkeypatch.setattr(tool, "pin", pinned.append)
    return seen


def test_iops_throttles_each_disk(tmp_path, monkeypatch):
    tool = load_tool()
    seen = boot_without_qemu(tool, monkeypatch, [])
    args = type("Args", (), {"disks": 2, "iops": 20, "sleep": True, "build": tmp_path, "timeout": 5})
    tool.boot(args, tmp_path, tmp_path / "initrd.cpio", "etc/x.conf", "a")
    disks = [seen[0][i + 1] for i, word in enumerate(seen[0]) if word == "--disk"]
    assert len(disks) == 2 and all(d.endswith(",iops=20") for d in disks)


def test_a_sleep_boot_is_pinned_and_an_exact_one_is_not(tmp_path, monkeypatch):
    tool = load_tool()
    pinned = []
    seen = boot_without_qemu(tool, monkeypatch, pinned)
    for sleep in (True, False):
        args = type("Args", (), {"disks": 0, "iops": 0, "sleep": sleep, "build": tmp_path, "timeout": 5})
        tool.boot(args, tmp_path, tmp_path / "initrd.cpio", "etc/x.conf", "a")
    assert "--pin" in seen[0] and "--icount-sleep" in seen[0]
    assert "--pin" not in seen[1] and "--icount" in seen[1]
    assert pinned == ["qemu"]


def test_code_no_image_holds_is_outside(tmp_path):
    """Addresses past an image's last sized function (the M-mode firmware
    sits below the kernel, after the user images) count as outside."""
    tool = load_tool()
    src = tmp_path / "two.c"
    src.write_text("int first(int x) { return x + 1; }\nint second(int x) { return x * 3; }\n")
    obj = tmp_path / "two.o"
    subprocess.run(["gcc", "-O2", "-c", str(src), "-o", str(obj)], check=True)
    table = tool.symbols(obj, "img", 0x1000)
    starts = {name: a for a, name in table if name != tool.OUTSIDE}
    end = max(a for a, name in table if name == tool.OUTSIDE)
    second = {starts["img:first"]: 10, starts["img:second"]: 20, end: 30, end + 0x1000: 40}
    _, by_function = tool.per_op({}, second, 10, table)
    assert by_function["img:first"] == 1.0 and by_function["img:second"] == 2.0
    assert by_function[tool.OUTSIDE] == 7.0
