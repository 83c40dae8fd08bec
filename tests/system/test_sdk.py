"""The SDK: `make sdk` into a directory of its own, the example driver
copied out of the tree and built there with a three-line Makefile, the
image checked by srvinfo as init would, then loaded in a boot from an
initrd that holds it (bad parameters refused with their line, blktest's
whole suite against its disks)."""
import os
import shutil
import subprocess

from conftest import BUILD, ROOT, Machine

MAKEFILE = "SDK := {sdk}\nSRCS := nullblk.c\ninclude $(SDK)/driver.mk\n"


def make(*args, cwd):
    r = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def build_outside(tmp_path):
    sdk = tmp_path / "sdk"
    make(f"BUILD={BUILD}", f"SDK_DIR={sdk}", "sdk", cwd=ROOT)
    driver = tmp_path / "mydriver"
    driver.mkdir()
    shutil.copy(os.path.join(ROOT, "servers", "nullblk", "nullblk.c"), driver)
    (driver / "Makefile").write_text(MAKEFILE.format(sdk=sdk))
    out = make(cwd=driver)
    assert "srvinfo|info: build/nullblk.srv: accepted" in out
    return sdk, driver / "build" / "nullblk.srv"


def test_driver_builds_outside_the_tree(tmp_path):
    sdk, image = build_outside(tmp_path)
    srvinfo = os.path.join(BUILD, "tools", "srvinfo")
    check = subprocess.run([srvinfo, "--check", "--key", str(sdk / "keys" / "build.pub"),
                            "--runtime", os.path.join(BUILD, "runtime", "libipc.elf"), str(image)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    listing = subprocess.run([srvinfo, str(image)], capture_output=True, text=True, check=True).stdout
    assert "param:      size=<size> (default 0): memory disk bytes" in listing
    assert "param:      unit=<int 0..255> (default 0)" in listing
    # Signed by the tree's key: a changed byte no longer verifies.
    data = bytearray(image.read_bytes())
    data[200] ^= 1
    bad = image.with_name("flipped.srv")
    bad.write_bytes(bytes(data))
    check = subprocess.run([srvinfo, "--check", "--key", str(sdk / "keys" / "build.pub"),
                            "--runtime", os.path.join(BUILD, "runtime", "libipc.elf"), str(bad)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 1 and "signature does not match" in check.stderr
    # The debug information is kept beside the image to load, not in it.
    assert image.with_name("nullblk.debug.srv").stat().st_size > image.stat().st_size
    # Signed by a key init does not trust: the build's own check refuses it.
    key = tmp_path / "other.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True,
                   capture_output=True)
    other = subprocess.run(["make", "--no-print-directory", f"SIGN_KEY={key}", "OUT=other"],
                           cwd=image.parent.parent, capture_output=True, text=True, check=False)
    assert other.returncode != 0
    assert "other/nullblk.srv: signed by unknown key" in other.stderr


def test_driver_from_the_sdk_loads_and_passes_blktest(tmp_path):
    _, image = build_outside(tmp_path)
    root = tmp_path / "initrd"
    root.mkdir()
    subprocess.run(["cpio", "--quiet", "-id"], cwd=root, check=True,
                   stdin=open(os.path.join(BUILD, "test-initrd.cpio"), "rb"))
    shutil.copy(image, root / "srv" / "mydriver.srv")
    (root / "etc" / "sdk.conf").write_text(
        'srv/mydriver.srv args="size=16Q"\n'
        'srv/mydriver.srv arg=1024\n'
        'srv/mydriver.srv args="size=1M"\n'
        'srv/mydriver.srv args="size=64K unit=1 ro"\n'
        "blktest arg=4 prio=50 quota=8M poweroff\n")
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    (tmp_path / "list").write_text("\n".join(files) + "\n")
    subprocess.run([os.path.join(ROOT, "tools", "pack-initrd.sh"), str(tmp_path / "sdk.cpio"),
                    str(tmp_path / "list"), str(root)], check=True)
    m = Machine(["--initrd", str(tmp_path / "sdk.cpio"), "--append", "init.conf=etc/sdk.conf"],
                timeout=120)
    try:
        m.expect("blktest|result: PASS")
        assert m.finish() == 0
        # The servers run side by side: their lines come in any order.
        assert "nullblk|error: size=16Q: not a size" in m.output()
        assert 'nullblk|error: arg=0x400: not read: give parameters by name, args="..."' in m.output()
        assert "null0: memory disk of 1024 KiB, serving" in m.output()
        assert "null1: memory disk of 64 KiB, read-only, serving" in m.output()
    finally:
        m.kill()
