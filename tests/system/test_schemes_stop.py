"""A scheme's server stopped under a client: schemetest holds a disk.ram0:
handle, `stop ramdisk` at the shell revokes it, and the client gets an
error (not a hang) on the handle and ENOENT for the name. lsblk lists
the scheme (with the size, block size and read-only flag ramdisk.srv
reported) before the stop."""


def test_server_stopped_under_a_client(boot):
    m = boot("--append", "mica.shell=1 init.conf=etc/schemes-stop.conf", timeout=60)
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("schemetest|info: holding disk.ram0:, waiting for its server to stop")
    m.child.sendline("lsblk")
    m.expect("SCHEME                   SIZE  BLOCK  RO  SERVER")
    m.expect("disk.ram0             256 KiB    512  no  ramdisk pid 2")
    m.child.sendline("stop ramdisk")
    m.expect("init|info: scheme disk.ram0: gone with pid 2")
    m.expect("schemetest|result: PASS 10 tests")
    assert m.finish() == 0
    out = m.output()
    assert "schemetest|error" not in out
    for name in ("open_before_stop", "handle_after_stop", "name_after_stop"):
        assert f"schemetest|info: {name} ok" in out, name
