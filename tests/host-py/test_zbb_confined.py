"""Zbb instructions appear in one function only: sha512_block_zbb, which
libmica calls once the kernel says every hart has Zbb. The kernel, the
shared runtime, every user program and every other function of libmica are
RV64IMAC, so they run on harts without Zbb (the P550's harts have it, other
boards' may not)."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("MICA_BUILD", "build")
OBJDUMP = "riscv64-unknown-elf-objdump"
ZBB = {"andn", "orn", "xnor", "clz", "clzw", "ctz", "ctzw", "cpop", "cpopw", "max", "maxu", "min",
       "minu", "sext.b", "sext.h", "zext.h", "rol", "rolw", "ror", "rori", "roriw", "rorw", "orc.b",
       "rev8"}
ALLOWED = "sha512_block_zbb"
FUNCTION = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
INSTRUCTION = re.compile(r"^\s+[0-9a-f]+:\s+(?:[0-9a-f]{4,8}\s+)?([a-z][a-z0-9.]*)")


def zbb_by_function(path):
    """{function: count of Zbb instructions} over the file's code."""
    out = subprocess.run([OBJDUMP, "-d", "--no-show-raw-insn", "-M", "no-aliases", str(path)],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    found, function = {}, None
    for line in out.splitlines():
        m = FUNCTION.match(line)
        if m:
            # Objects keep local labels (.L*) inside functions.
            if not m.group(1).startswith(".L"):
                function = m.group(1)
            continue
        m = INSTRUCTION.match(line)
        if m and m.group(1) in ZBB:
            found[function] = found.get(function, 0) + 1
    return found


def test_only_the_zbb_block_function_has_zbb_instructions():
    files = [BUILD / "lib/target/libmica.a", BUILD / "kernel/mica.elf", BUILD / "runtime/libipc.elf"]
    files += sorted((BUILD / "user").glob("*.elf"))
    stray = {}
    for path in files:
        assert path.exists(), f"{path} is not built"
        for function, count in zbb_by_function(path).items():
            if function != ALLOWED:
                stray[f"{path.relative_to(BUILD)}: {function}"] = count
    assert not stray, stray


def test_the_zbb_block_function_rotates_in_one_instruction():
    """The check above can fail: the Zbb variant is made of these."""
    found = zbb_by_function(BUILD / "lib/target/obj/ed25519/sha512_block_zbb.o")
    assert found.get(ALLOWED, 0) >= 80, found
