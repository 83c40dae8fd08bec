"""The tree's shape holds: the top level is Makefile, kernel/, servers/,
libipc/, platform/, tests/, docs/ and tools/ (plus README and dotfiles),
and the kernel reaches libipc's headers only for the ABI both sides share
(libipc/include/mica/abi/)."""

import os
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


def test_abi_code_needs_only_the_abi():
    """The .c files beside the ABI headers are compiled by the kernel and by
    user space alike, so they may include nothing either side lacks."""
    sources = sorted((ROOT / "libipc/include/mica/abi").glob("*.c"))
    assert sources, "no ABI code"
    include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
    for source in sources:
        for name in include.findall(source.read_text()):
            assert name.startswith("mica/abi/") or name in ("stddef.h", "stdint.h"), \
                f"{source.name} includes {name}"


def test_no_user_program_reads_kernel_or_init_files():
    """No object of a user program (those the build's .inputs lists name,
    and libipc's) was compiled from a kernel source or header, and none but
    init's read init's headers: the dependency files the build wrote say
    what each object really read."""
    build = (ROOT / os.environ.get("MICA_BUILD", "build")).resolve()
    objects = build / "user/obj"
    lists = sorted((build / "user").glob("*.inputs"))
    assert any(path.name == "init.inputs" for path in lists), f"no {build}/user/init.inputs: build first"
    deps = {dep for dep in objects.rglob("*.d") if dep.relative_to(objects).as_posix().startswith("libipc/")}
    for inputs in lists:
        for word in inputs.read_text().split():
            if word.endswith(".o"):
                deps.add((ROOT / word).with_suffix(".d"))
    wrong = []
    for dep in sorted(deps):
        rel = dep.relative_to(objects).as_posix()
        for word in dep.read_text().replace("\\\n", " ").split():
            path = Path(word.rstrip(":"))
            path = (path if path.is_absolute() else ROOT / path).resolve()
            try:
                inside = path.relative_to(ROOT).as_posix()
            except ValueError:
                continue
            if inside.startswith("kernel/") or (inside.startswith("servers/init/")
                                                 and not rel.startswith("servers/init/")):
                wrong.append(f"{rel}: {inside}")
    assert not wrong, "user objects built from kernel or init files: " + ", ".join(sorted(set(wrong)))
