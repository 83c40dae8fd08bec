"""Server images in QEMU: init checks each image's signature against the
keys the initrd trusts, links it against the shared libipc runtime and starts
it; refused images cost one exact error line each and the system goes on."""
import hashlib
import os
import re

TRAILER = 128


def initrd_file(path):
    return os.path.join(os.environ["MICA_BUILD"], "initrd-root", path)


def signer_key_id(path):
    """The key id (libipc/include/mica/image_signature.h) of a signed image."""
    with open(initrd_file(path), "rb") as f:
        key = f.read()[-TRAILER:][:32]
    return hashlib.sha256(key).hexdigest()[:16]


def test_init_loads_servers_and_refuses_bad_images(boot):
    build_key = signer_key_id("srv/hello.srv")
    with open(initrd_file("etc/keys/build.pub"), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest()[:16] == build_key
    other_key = signer_key_id("srv/otherkey.srv")
    assert other_key != build_key
    m = boot("--append", "init.conf=etc/servers.conf")
    assert m.finish() == 0
    out = m.output()
    for line in (
        "init|info: loaded hello 1.0.0 from srv/hello.srv pid 1",
        "hello|info: hello from a loaded server (arg 7)",
        f"init|error: srv/tampered.srv: refused: bad signature by key {build_key}: "
        "signature does not match",
        "init|error: srv/unsigned.srv: refused: unsigned: no signature trailer",
        f"init|error: srv/otherkey.srv: refused: signed by unknown key {other_key}",
        "init|error: srv/isa_float.srv: ISA extension f not supported "
        "(system runs rv64imac_zicsr_zifencei)",
        "init|info: loaded hello 1.0.0 from srv/hello.srv pid 2",
        "init|info: hello pid 1 exited with status 0",
        "hello|info: hello from a loaded server (arg 8)",
        "init|info: hello pid 2 exited with status 0",
    ):
        assert line in out, line


def test_lines_init_cannot_read_are_skipped(boot):
    m = boot("--append", "init.conf=etc/config-errors.conf")
    m.expect("init|error: etc/config-errors.conf line 3: unknown option: bogus\r")
    m.expect("init|error: etc/config-errors.conf line 4: args: no closing quote\r")
    m.expect("hello|info: hello from a loaded server (arg 8)")
    m.expect("init|info: powering off with status 0")
    assert m.finish() == 0
    assert "(arg 7)" not in m.output()


def test_a_line_init_cannot_read_that_says_poweroff_ends_the_boot(boot):
    m = boot("--append", "init.conf=etc/config-error-poweroff.conf")
    m.expect("init|info: loaded hello 1.0.0 from srv/hello.srv pid 1")
    m.expect("init|error: etc/config-error-poweroff.conf line 5: args: text after the closing quote; "
             "the line says poweroff: powering off\r")
    m.expect("init|info: powering off with status 1")
    assert m.finish() == 1
    assert "pid 2" not in m.output()


def test_memory_held_for_a_line_that_never_served_is_freed(boot):
    m = boot("--append", "init.conf=etc/held-never-ready.conf")
    # Either instance may win the name: the other exits, never ready.
    m.child.expect(r"init\|info: ramdisk pid (\d+) exited with status 1")
    failed = m.child.match.group(1)
    m.expect("init|info: ramdisk: never ready; the 4096 KiB held for it freed")
    m.expect("init|info: powering off with status 0")
    assert m.finish() == 0
    out = m.output()
    served = re.search(r"init\|info: ramdisk pid (\d+) ready", out).group(1)
    assert failed != served
    assert out.count("never ready") == 1
