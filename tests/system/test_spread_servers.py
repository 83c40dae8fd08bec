"""init.spread_servers (tools/profile's boots): each server image is linked
16 MiB further on than the last, none at the base static programs share,
and init logs where; a loaded server still serves, and a fault in one is
reported at the right place in its image (pc less that instance's base)."""
import re


def test_each_image_at_its_own_base(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(4 << 20))
    m = boot("--disk", str(disk), "--append",
             "mica.shell=1 init.conf=etc/recovery.conf init.spread_servers", timeout=90)
    bases = {}
    for name in ("uart16550", "ramdisk", "virtio-blk"):
        m.child.expect(rf"init\|info: srv/{name}\.srv linked at 0x([0-9a-f]+) \(init\.spread_servers\)")
        bases[name] = int(m.child.match.group(1), 16)
    assert sorted(bases.values()) == [0x11000000, 0x12000000, 0x13000000]
    m.child.expect(r"init\|info: virtio-blk pid \d+: heartbeat every 200 ms")
    m.child.sendline('load blkbench initrd quota=32M args="verify disk.ram0: --seed 5 --write"')
    m.child.expect(r"blkbench\|result: PASS verify disk\.ram0: 8192 sectors seed 5")
    m.child.sendline("crash ramdisk dma 1")
    m.child.expect("crash armed: ramdisk pid ")
    m.child.sendline('load blkbench initrd quota=32M args="blk disk.ram0: --path zerocopy --rw randread --ops 16"')
    m.child.expect(r"ramdisk pid \d+ faulted: [a-z ]+ at 0x([0-9a-f]+) \(stval 0x[0-9a-f]+\)"
                   r" in srv/ramdisk\.srv\+0x([0-9a-f]+)")
    pc, offset = (int(g, 16) for g in m.child.match.groups())
    assert pc - offset == bases["ramdisk"]
    # The new instance is linked at the next place, and serves.
    m.child.expect(r"init\|info: srv/ramdisk\.srv linked at 0x14000000 \(init\.spread_servers\)")
    m.child.expect(r"init\|info: ramdisk pid \d+ ready")
    m.child.sendline('load blkbench initrd quota=32M args="verify disk.ram0: --seed 5"')
    m.child.expect(r"blkbench\|result: PASS verify disk\.ram0: 8192 sectors seed 5")
    m.child.sendline("poweroff")
    assert m.finish() == 0
