"""The tree's shape holds: the top level is Makefile, kernel/, servers/,
libipc/, platform/, tests/, docs/ and tools/ (plus README and dotfiles),
and the kernel reaches libipc's headers only for the ABI both sides share
(libipc/include/mica/abi/)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = {"Makefile", "README.md", "kernel", "servers", "libipc", "platform", "tests", "docs",
             "tools"}
MICA_INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](mica/[^>"]+)[>"]', re.M)


def tracked():
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files"], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    return [line for line in out.splitlines() if line]


def test_top_level_is_the_card():
    tops = {path.split("/", 1)[0] for path in tracked() if not path.startswith(".")}
    assert tops == TOP_LEVEL, f"unexpected: {sorted(tops - TOP_LEVEL)}, missing: {sorted(TOP_LEVEL - tops)}"


def test_kernel_includes_only_the_abi():
    wrong = []
    for path in tracked():
        if path.startswith("kernel/") and path.endswith((".c", ".h", ".S")):
            for header in MICA_INCLUDE.findall((ROOT / path).read_text()):
                if not header.startswith("mica/abi/"):
                    wrong.append(f"{path}: {header}")
    assert not wrong, "the kernel includes user-space headers: " + ", ".join(wrong)


def test_abi_headers_include_only_the_abi():
    abi = ROOT / "libipc/include/mica/abi"
    headers = sorted(abi.glob("*.h"))
    assert headers, "no ABI headers"
    for header in headers:
        for name in MICA_INCLUDE.findall(header.read_text()):
            assert name.startswith("mica/abi/"), f"{header.name} includes {name}"
