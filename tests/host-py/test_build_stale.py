"""Host test of the build itself, in a copy of the tree: the first build makes
a signing key and signs the images it ships with it, a server removed from
the build leaves the initrd, a changed object list relinks the image, and an
image init would refuse (its manifest names an entry symbol it lacks) fails
the build instead of the boot."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FRAGMENT = """\
include libipc/loader/images.mk
$(eval $(call server_image,zzstale,{objects},libipc))
$(eval $(call initrd_server,zzstale))
"""
HELLO_OBJ = "$(BUILD)/srv/obj/tests/guest/hello/main.o"
ERRNO_OBJ = "$(BUILD)/lib/target/obj/errno.o"
BAD_MAIN = """\
#include <stdint.h>
#include <mica/server_manifest.h>
MICA_SERVER_MANIFEST(.name = "zzstale", .version = MICA_VERSION(1, 0, 0), .stack_bytes = 16384,
                     .priority = 100, .entry = "no_such_entry");
int zzstale_main(uintptr_t arg);
int zzstale_main(uintptr_t arg) { return (int)arg; }
"""


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    top = tmp_path_factory.mktemp("tree")
    src = top / "src"
    shutil.copytree(ROOT, src, symlinks=True,
                    ignore=shutil.ignore_patterns("build", ".git", "compile_commands.json"))
    return src


def make(tree, *goals):
    # A make of its own, not a part of the `make test-host` that runs this.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-j2", "BUILD=b", *goals], cwd=tree,
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def build_initrd(tree):
    r = make(tree, "b/initrd.cpio")
    assert r.returncode == 0, r.stdout[-3000:]
    return r.stdout


def initrd_names(tree):
    out = subprocess.run(["cpio", "-it", "--quiet"], stdin=open(tree / "b/initrd.cpio", "rb"),
                         stdout=subprocess.PIPE, check=True, text=True).stdout
    return out.split()


def defined_symbols(image):
    out = subprocess.run(["riscv64-unknown-elf-nm", "--defined-only", str(image)],
                         stdout=subprocess.PIPE, check=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def write_fragment(tree, objects):
    d = tree / "servers/zzstale"
    d.mkdir(exist_ok=True)
    (d / "build.mk").write_text(FRAGMENT.format(objects=objects))


def openssl_verifies(key_pem, image, tmp):
    """OpenSSL's own check of an image's trailer signature over its payload."""
    data = image.read_bytes()
    payload, trailer = data[:-128], data[-128:]
    (tmp / "payload").write_bytes(payload)
    (tmp / "sig").write_bytes(trailer[32:96])
    pub = subprocess.run(["openssl", "pkey", "-in", str(key_pem), "-pubout"], check=True,
                         stdout=subprocess.PIPE).stdout
    (tmp / "pub.pem").write_bytes(pub)
    return subprocess.run(["openssl", "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey",
                           str(tmp / "pub.pem"), "-in", str(tmp / "payload"), "-sigfile",
                           str(tmp / "sig")], stdout=subprocess.DEVNULL).returncode == 0


def test_object_list_change_relinks_and_removed_server_leaves_initrd(tree, tmp_path):
    write_fragment(tree, HELLO_OBJ)
    build_initrd(tree)
    assert "srv/zzstale.srv" in initrd_names(tree)
    # Signed with the key the build made, whose public half init trusts.
    image = tree / "b/initrd-root/srv/zzstale.srv"
    assert image.read_bytes().endswith(b"~Mica signature\n")
    assert openssl_verifies(tree / "b/keys/signing.pem", image, tmp_path)
    assert "etc/keys/build.pub" in initrd_names(tree)
    r = subprocess.run([str(tree / "b/tools/srvinfo"), "--check", "--key",
                        str(tree / "b/initrd-root/etc/keys/build.pub"), "--runtime",
                        str(tree / "b/runtime/libipc.elf"), str(image)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert r.returncode == 0, r.stdout
    assert "mica_errno_name" not in defined_symbols(tree / "b/srv/zzstale.srv")

    # One more object in the list: the image is relinked with it.
    write_fragment(tree, HELLO_OBJ + " " + ERRNO_OBJ)
    build_initrd(tree)
    assert "mica_errno_name" in defined_symbols(tree / "b/srv/zzstale.srv")
    # And without it again: relinked without it (no file got newer).
    write_fragment(tree, HELLO_OBJ)
    build_initrd(tree)
    assert "mica_errno_name" not in defined_symbols(tree / "b/srv/zzstale.srv")

    # The server leaves the build: gone from the archive, though its old
    # copy still sits in the staging directory.
    shutil.rmtree(tree / "servers/zzstale")
    build_initrd(tree)
    assert (tree / "b/initrd-root/srv/zzstale.srv").exists()
    assert "srv/zzstale.srv" not in initrd_names(tree)
    assert "srv/hello.srv" in initrd_names(tree)


def test_missing_entry_symbol_fails_the_build(tree):
    stale = tree / "b/initrd-root/srv/zzstale.srv"
    if stale.exists():
        stale.unlink()
    write_fragment(tree, "$(BUILD)/srv/obj/servers/zzstale/main.o")
    (tree / "servers/zzstale/main.c").write_text(BAD_MAIN)
    try:
        r = make(tree, "b/initrd.cpio")
        assert r.returncode != 0, "an image init refuses was packed into the initrd"
        assert "no_such_entry" in r.stdout, r.stdout[-3000:]
        assert "srvinfo" in r.stdout and not stale.exists()
    finally:
        shutil.rmtree(tree / "servers/zzstale")
