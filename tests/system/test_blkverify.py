"""blkbench verify in QEMU: the pattern written and checked on a virtio disk
and on a ramdisk; the image it leaves matches the pattern as issue 6 and
docs/blkbench.md define it (computed here independently of libipc/lib/blkpattern.c)
and the host's blkverify agrees; a byte flipped in the image between a
write boot and a check boot, and a wrong generation, are caught and named,
as are read and write errors (injected by QEMU's blkdebug);
the shell's load passes a quoted command line. The default demo (what
`make run` boots) passes, leaves the seed-1 pattern in its disk image, and
fails honestly when one of its steps fails."""
import hashlib
import os
import struct
import subprocess

from conftest import BUILD

SECTOR = 512
BLKVERIFY = os.path.join(BUILD, "tools", "blkverify")
MASK = (1 << 64) - 1


def pattern_sector(lba, seed, gen=1):
    """One sector of the verify pattern, from the issue's definition."""
    x = (seed ^ (lba * 0x9E3779B97F4A7C15)) & MASK
    if x == 0:
        x = 1
    words = []
    for _ in range(60):
        x ^= x >> 12
        x = (x ^ (x << 25)) & MASK
        x ^= x >> 27
        words.append((x * 0x2545F4914F6CDD1D) & MASK)
    return b"MICABLK1" + struct.pack("<3Q", lba, seed, gen) + struct.pack("<60Q", *words)


def pattern(sectors, seed, gen=1):
    return b"".join(pattern_sector(lba, seed, gen) for lba in range(sectors))


def host_verify(image, *args):
    return subprocess.run([BLKVERIFY, str(image)] + list(args), capture_output=True, text=True)


def test_reference_pattern_matches_the_documented_example():
    # docs/blkbench.md: LBA 0, seed 1 starts at x = 1; its first output; and
    # the SHA-256 of the sector for LBA 3, seed 1, generation 1.
    assert pattern_sector(0, 1)[32:40] == bytes.fromhex("1ddd6c894bcee447")
    assert hashlib.sha256(pattern_sector(3, 1)).hexdigest() == \
        "d6fcd68b18dc05986a3d0f35197820f39b7c82bfba2e7cb8e069d7c50e9efeeb"


def test_verify_virtio_disk_and_host_agrees(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/blkverify-vblk.conf")
    m.expect("blkbench|info: command: blkbench verify disk.vblk0: --seed 7")
    # virtio-blk's serve mode DMAs straight into blkbench's registered buffer.
    m.expect("blkbench|info: verify disk.vblk0: 4096 sectors (block 512 bytes), seed 7 gen 1, "
             "write, check, zero-copy path, 65536 bytes per request")
    m.expect("blkbench|info: verify disk.vblk0: wrote 4096 sectors and flushed in ")
    m.expect("blkbench|info: verify disk.vblk0: checked 4096 sectors in ")
    m.expect("blkbench|result: PASS verify disk.vblk0: 4096 sectors seed 7 gen 1")
    assert m.finish() == 0
    data = disk.read_bytes()
    assert data == pattern(4096, 7)
    r = host_verify(disk, "--seed", "7")
    assert r.returncode == 0 and "blkverify|result: PASS 4096 sectors" in r.stdout, r.stdout
    # The host tool can fail: the same image is not seed 8's or generation 2's.
    assert host_verify(disk, "--seed", "8").returncode == 1
    assert host_verify(disk, "--seed", "7", "--gen", "2").returncode == 1


def test_verify_ramdisk_uses_the_zero_copy_path(boot):
    m = boot("--append", "init.conf=etc/blkverify-ram.conf")
    m.expect("blkbench|info: verify disk.ram0: 1024 sectors (block 512 bytes), seed 3 gen 1, "
             "write, check, zero-copy path, 65536 bytes per request")
    m.expect("blkbench|result: PASS verify disk.ram0: 1024 sectors seed 3 gen 1")
    assert m.finish() == 0
    assert "REGISTER_BUFFER" not in m.output()


def test_verify_catches_a_flipped_byte(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/blkverify-write.conf")
    m.expect("blkbench|result: PASS verify disk.vblk0: 4096 sectors seed 5 gen 2")
    assert m.finish() == 0
    # --gen lands in every sector's generation field, byte for byte.
    assert disk.read_bytes() == pattern(4096, 5, 2)

    image = bytearray(disk.read_bytes())
    image[1000 * SECTOR + 100] ^= 0x01   # data of LBA 1000
    image[3000 * SECTOR + 9] ^= 0x80     # the LBA field of LBA 3000
    disk.write_bytes(bytes(image))
    m = boot("--disk", str(disk), "--append", "init.conf=etc/blkverify-check.conf")
    m.expect("blkbench|info: verify disk.vblk0: 4096 sectors (block 512 bytes), seed 5 gen 2, "
             "check, zero-copy path")
    m.expect("blkbench|error: verify disk.vblk0: lba 1000 offset 100: data mismatch")
    m.expect("blkbench|error: verify disk.vblk0: lba 3000 offset 9: wrong lba "
             "(found %d, expected 3000)" % (3000 ^ 0x8000))
    m.expect("blkbench|result: FAIL verify disk.vblk0: 2 of 4096 sectors bad, first at lba 1000")
    assert m.finish() == 1
    # A check only reads: the image is as the test left it.
    assert disk.read_bytes() == bytes(image)
    r = host_verify(disk, "--seed", "5", "--gen", "2")
    assert "blkverify|error: lba 1000 offset 100: data mismatch" in r.stdout, r.stdout
    assert r.returncode == 1


def blkdebug_disk(tmp_path, image, event, sector):
    """A --disk argument for QEMU's blkdebug driver: every `event`
    ("read_aio" or "write_aio") touching `sector` of the image fails with EIO."""
    rules = tmp_path / ("%s.cfg" % event)
    rules.write_text('[inject-error]\nevent = "%s"\nerrno = "5"\nsector = "%d"\n'
                     % (event, sector))
    return "blkdebug:%s:%s" % (rules, image)


def test_verify_names_the_lba_of_an_io_error(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(pattern(2048, 5, 2))
    m = boot("--disk", blkdebug_disk(tmp_path, disk, "read_aio", 1000),
             "--append", "init.conf=etc/blkverify-check.conf")
    # virtio-blk's zero-copy path: 64 KiB requests, so the one failing is the
    # request holding sector 1000 (896..1023).
    m.expect("blkbench|error: verify disk.vblk0: read at lba 896 (128 sectors): EIO")
    m.expect("blkbench|result: FAIL verify disk.vblk0: read at lba 896: EIO")
    assert m.finish() == 1

    m = boot("--disk", blkdebug_disk(tmp_path, disk, "write_aio", 2000),
             "--append", "init.conf=etc/blkverify-write.conf")
    m.expect("blkbench|error: verify disk.vblk0: write at lba 1920 (128 sectors): EIO")
    m.expect("blkbench|result: FAIL verify disk.vblk0: write at lba 1920: EIO")
    assert m.finish() == 1


def test_shell_load_passes_a_command_line_and_a_wrong_generation_fails(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(pattern(2048, 5))
    m = boot("--disk", str(disk), "--append", "mica.shell=1 init.conf=etc/blkverify-shell.conf")
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("mica> ")
    m.child.sendline('load blkbench initrd args="verify disk.vblk0: --seed 5')
    m.expect("load: args: no closing quote")
    m.expect("mica> ")
    # A line longer than the shell takes is refused whole, not cut and run.
    m.child.sendline('load blkbench initrd args="verify disk.vblk0: --seed 5 %s"' % ("x" * 250))
    m.expect("line too long (at most 255 characters): not run")
    m.expect("mica> ")
    m.child.sendline('load blkbench initrd quota=16M args="verify disk.vblk0: --seed 5 --check"')
    m.expect("blkbench|info: command: blkbench verify disk.vblk0: --seed 5 --check")
    m.expect("blkbench|result: PASS verify disk.vblk0: 2048 sectors seed 5 gen 1")
    m.expect("init|info: blkbench pid 4 exited with status 0")
    m.child.sendline('load blkbench initrd quota=16M poweroff '
                     'args="verify  disk.vblk0:  --check --seed 5 --gen 2"')
    m.expect("blkbench|error: verify disk.vblk0: lba 0 offset 24: wrong generation "
             "(found 1, expected 2)")
    m.expect("blkbench|result: FAIL verify disk.vblk0: 2048 of 2048 sectors bad, first at lba 0")
    assert m.finish() == 1
    assert disk.read_bytes() == pattern(2048, 5)


DEMO_STEPS = ["verify disk.vblk0: --seed 1 --write", "verify disk.vblk0: --seed 1 --check",
              "verify disk.ram0: --seed 1", "ipc --rounds 1000 --warmup 100",
              "blk disk.ram0: --path queue --rw randread --bs 4096 --qd 32 --ops 2000"]


def test_demo_passes_and_leaves_the_pattern(boot, tmp_path):
    # What `make run` boots: the default configuration, the disk attached.
    disk = tmp_path / "demo-disk.img"
    disk.write_bytes(bytes(4 << 20))
    m = boot("--icount-sleep", "--disk", str(disk), timeout=120)
    m.expect("init|info: uart16550 pid 1 ready")
    for i, step in enumerate(DEMO_STEPS, 1):
        m.expect("blkbench|info: step %d of 5: blkbench %s" % (i, step))
        if step.startswith("ipc"):
            m.child.expect(r"BENCH name=ipc\.call_rt unit=instr n=1000 min=\d+ median=\d+")
        if step.startswith("blk"):
            m.child.expect(r"BENCH name=blk\.ram0\.queue\.randread\.bs4096\.qd32 unit=instr "
                           r"n=2000 min=\d+ median=\d+ p99=\d+ max=\d+ mibps=[\d.]+ iops=\d+")
        m.expect("blkbench|info: step %d of 5: PASS " % i)
    m.expect("blkbench|result: PASS all 5 steps")
    m.expect("init|info: powering off with status 0")
    assert m.finish() == 0
    out = m.output()
    # One verdict line for the whole run, and it is the last of blkbench's.
    assert out.count("blkbench|result:") == 1
    assert disk.read_bytes() == pattern(8192, 1)
    assert host_verify(disk, "--seed", "1").returncode == 0


def test_demo_fails_when_a_step_fails(boot, tmp_path):
    # A read-only disk: the write step cannot open for writing and the check
    # finds no pattern; the ramdisk and ipc steps still pass.
    disk = tmp_path / "demo-disk.img"
    disk.write_bytes(bytes(4 << 20))
    m = boot("--icount-sleep", "--disk", "%s,ro" % disk, timeout=120)
    m.expect("blkbench|info: step 1 of 5: FAIL verify disk.vblk0: open: ")
    m.expect("blkbench|error: verify disk.vblk0: lba 0 offset 0: bad magic")
    m.expect("blkbench|info: step 2 of 5: FAIL verify disk.vblk0: 8192 of 8192 sectors bad, "
             "first at lba 0")
    m.expect("blkbench|info: step 3 of 5: PASS verify disk.ram0: 2048 sectors seed 1 gen 1")
    m.expect("blkbench|info: step 4 of 5: PASS ipc: ")
    m.expect("blkbench|info: step 5 of 5: PASS blk ")
    m.expect("blkbench|result: FAIL 2 of 5 steps failed, the first is step 1")
    m.expect("init|info: powering off with status 1")
    assert m.finish() == 1
    assert disk.read_bytes() == bytes(4 << 20)
