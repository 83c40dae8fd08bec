"""Server images in QEMU: init checks each image's digest, links it against
the shared libipc runtime and starts it; refused images cost one exact error
line each and the system goes on."""
import hashlib
import os


def initrd_file(path):
    return os.path.join(os.environ["MICA_BUILD"], "initrd-root", path)


def test_init_loads_servers_and_refuses_bad_images(boot):
    with open(initrd_file("srv/tampered.srv"), "rb") as f:
        tampered = hashlib.sha256(f.read()).hexdigest()
    m = boot("--append", "init.conf=etc/servers.conf")
    assert m.finish() == 0
    out = m.output()
    for line in (
        "init|info: loaded hello 1.0.0 from srv/hello.srv pid 1",
        "hello|info: hello from a loaded server (arg 7)",
        f"init|error: srv/tampered.srv: SHA-256 digest {tampered[:16]}... differs from "
        "the one in etc/srv.sha256",
        "init|error: srv/isa_float.srv: ISA extension f not supported "
        "(system runs rv64imac_zicsr_zifencei)",
        "init|info: loaded hello 1.0.0 from srv/hello.srv pid 2",
        "init|info: hello pid 1 exited with status 0",
        "hello|info: hello from a loaded server (arg 8)",
        "init|info: hello pid 2 exited with status 0",
    ):
        assert line in out, line
