"""The boot volume as a scheme (etc/boot-volume.conf): a FAT disk made
here, after the boot image, holding extlinux.conf, server images and a
64 KiB file. fat mounts it as boot:, the shell lists it and checks the
file's SHA-256 against the host's, init loads server images from it (the
same signature check as for the initrd: a copy of an initrd image and an
image built after the boot image, both signed by the build's key, load; a
tampered or unsigned one is refused with its line), and a damaged volume is
refused with one line."""
import hashlib
import os
import re
import struct
import subprocess

BUILD = os.environ.get("MICA_BUILD", "build")
BOOTARGS = "mica.shell=1 init.conf=etc/boot-volume.conf"


def run(m, command, *answers):
    m.child.sendline(command)
    for a in answers:
        m.expect(a)


def make_volume(path, files):
    """A 32 MiB FAT16 volume filling the disk (no partition table), files
    {volume path: bytes} in their directories."""
    subprocess.run(["mformat", "-C", "-i", path, "-T", "65536", "-h", "64", "-s", "32",
                    "-v", "MICABOOT", "::"], check=True)
    dirs = sorted({os.path.dirname(p) for p in files} - {"/"})
    for d in dirs:
        subprocess.run(["mmd", "-D", "s", "-i", path, "::" + d], check=True)
    for name, data in files.items():
        src = path + ".part"
        with open(src, "wb") as f:
            f.write(data)
        subprocess.run(["mcopy", "-i", path, src, "::" + name], check=True)
        os.remove(src)


def initrd_image(name):
    with open(os.path.join(BUILD, "initrd-root", "srv", name), "rb") as f:
        return f.read()


# The signature trailer's size (mica/image_signature.h): an image without it
# is unsigned.
TRAILER_BYTES = 128


def tampered(image):
    """One byte of the signed payload changed."""
    changed = bytearray(image)
    changed[len(changed) // 2] ^= 0x40
    return bytes(changed)


def standard_files():
    random64k = os.urandom(65536)
    nullblk = initrd_image("nullblk.srv")
    files = {
        "/extlinux/extlinux.conf": b"label mica\n",
        "/srv/nullblk.srv": nullblk,
        # The build's copy keeps its debug information: other bytes than the
        # initrd's, signed by the same key.
        "/srv/hello.srv": open(os.path.join(BUILD, "srv", "hello.srv"), "rb").read(),
        "/extra/nullblk.srv": tampered(nullblk),
        "/extra/unsigned.srv": nullblk[:-TRAILER_BYTES],
        "/data/Random-bytes_64KiB.bin": random64k,
    }
    return files, random64k


def test_boot_volume_lists_reads_and_loads(boot, tmp_path):
    disk = str(tmp_path / "boot.img")
    files, random64k = standard_files()
    make_volume(disk, files)
    m = boot("--disk", disk, "--append", BOOTARGS)
    m.expect("fat|info: boot: FAT16 volume MICABOOT on disk.vblk0:, ")
    m.expect("init|info: fat pid 3 ready")
    # Directories in the order they were made (sorted), then the files.
    run(m, "ls boot:/", "       dir  data/", "       dir  extlinux/", "       dir  extra/",
        "       dir  srv/", "mica> ")
    run(m, "ls boot:/srv", f"{len(files['/srv/nullblk.srv']):10d}  nullblk.srv",
        f"{len(files['/srv/hello.srv']):10d}  hello.srv", "mica> ")
    want = hashlib.sha256(random64k).hexdigest()
    run(m, "sum boot:/data/random-bytes_64kib.bin",
        f"{want}  65536  boot:/data/random-bytes_64kib.bin", "mica> ")
    run(m, "ls boot:/nothing", "ls: boot:/nothing: no such file or scheme", "mica> ")

    # A copy of an initrd image: loaded.
    run(m, 'load boot:/srv/nullblk.srv args="unit=5 size=256K"',
        "init|info: loaded nullblk 1.0.0 from boot:/srv/nullblk.srv pid 5",
        "started nullblk pid 5 (1.0.0 from boot:/srv/nullblk.srv)",
        "init|info: scheme disk.null5: registered by nullblk pid 5")
    # Changed bytes, and no signature at all.
    run(m, "load boot:/extra/nullblk.srv",
        "init|error: boot:/extra/nullblk.srv: refused: bad signature by key ",
        "load: boot:/extra/nullblk.srv not started (see the init|error line)", "mica> ")
    run(m, "load boot:/extra/unsigned.srv",
        "init|error: boot:/extra/unsigned.srv: refused: unsigned: no signature trailer",
        "load: boot:/extra/unsigned.srv not started", "mica> ")
    run(m, "load boot:/srv/missing.srv",
        "init|error: boot:/srv/missing.srv: cannot read it: ENOENT", "mica> ")
    run(m, "load nowhere:/srv/nullblk.srv",
        "init|error: nowhere:/srv/nullblk.srv: cannot open scheme nowhere: ENOENT", "mica> ")
    run(m, "load boot:/extlinux/extlinux.conf",
        "init|error: boot:/extlinux/extlinux.conf: only server images (.srv) load from a scheme",
        "mica> ")
    # A restart reads the image from the volume again.
    run(m, "restart nullblk", "init|info: loaded nullblk 1.0.0 from boot:/srv/nullblk.srv pid 6",
        "restarted nullblk pid 5 as pid 6", "init|info: nullblk pid 6 ready")
    run(m, "lssrv")
    m.child.expect(r"6     nullblk      running   1\.0\.0 .* disk\.null5:\r")
    # An image the initrd never held (the build's copy, with its debug
    # information), signed by the build's key: loaded and run.
    run(m, "load boot:/srv/hello.srv arg=7",
        "init|info: loaded hello 1.0.0 from boot:/srv/hello.srv pid 7",
        "hello|info: hello from a loaded server (arg 7)",
        "init|info: hello pid 7 exited with status 0")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert "faulted" not in m.output()


def test_init_conf_line_waits_for_its_scheme(boot, tmp_path):
    """etc/boot-volume-load.conf names boot:/srv/nullblk.srv before the line
    that starts fat: the load waits until boot: is registered."""
    disk = str(tmp_path / "boot.img")
    files, _ = standard_files()
    make_volume(disk, files)
    m = boot("--disk", disk, "--append", "mica.shell=1 init.conf=etc/boot-volume-load.conf")
    m.expect("init|info: loaded fat 1.0.0 from srv/fat.srv pid 3")
    m.expect("init|info: scheme boot: registered by fat pid 3")
    m.expect("init|info: loaded nullblk 1.0.0 from boot:/srv/nullblk.srv pid 5")
    m.expect("init|info: nullblk pid 5 ready")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0


def loop_the_chain(path, short_name):
    """Points the FAT16 entry of the file's first cluster at itself."""
    with open(path, "r+b") as f:
        img = bytearray(f.read())
        sector = struct.unpack_from("<H", img, 11)[0]
        reserved = struct.unpack_from("<H", img, 14)[0]
        at = img.find(short_name)
        assert at >= 0 and at % 32 == 0
        first = struct.unpack_from("<H", img, at + 26)[0]
        struct.pack_into("<H", img, reserved * sector + 2 * first, first)
        f.seek(0)
        f.write(img)


def test_damaged_volumes_are_refused(boot, tmp_path):
    # A disk without a FAT volume: one line for the disk, one for the mount.
    blank = tmp_path / "blank.img"
    blank.write_bytes(bytes(1 << 20))
    m = boot("--disk", str(blank), "--append", BOOTARGS)
    m.expect("fat|info: disk.vblk0: holds no usable FAT volume: bad boot sector: no 55 aa signature")
    m.expect("fat|error: boot: no FAT volume holding /extlinux/extlinux.conf on the devices given")
    m.expect("init|info: fat pid 3 exited with status 1")
    run(m, "ls boot:/", "ls: boot:/: no such file or scheme", "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0

    # A loop in a file's cluster chain: the file is refused, the rest serves.
    disk = str(tmp_path / "loop.img")
    files, _ = standard_files()
    files["/LOOP.BIN"] = bytes(4096)
    make_volume(disk, files)
    loop_the_chain(disk, b"LOOP    BIN")
    m = boot("--disk", disk, "--append", BOOTARGS)
    m.expect("init|info: fat pid 3 ready")
    run(m, "sum boot:/loop.bin", "fat|warn: boot: loop in the FAT chain from cluster",
        "sum: boot:/loop.bin: bad message", "mica> ")
    run(m, "ls boot:/", "bad message", "mica> ")
    run(m, "sum boot:/extlinux/extlinux.conf",
        f"{hashlib.sha256(b'label mica' + bytes([10])).hexdigest()}  11  boot:/extlinux/extlinux.conf",
        "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert "fat pid 3 faulted" not in m.output()


def test_fat_serves_again_once_its_disk_server_is_back(boot, tmp_path):
    """virtio-blk stopped under fat: fat's handle gives up (nothing comes
    back within the wait); a later restart of virtio-blk by hand and fat's
    next read opens the handle again, without a restart of fat."""
    disk = str(tmp_path / "boot.img")
    files, _ = standard_files()
    make_volume(disk, files)
    m = boot("--disk", disk, "--append", BOOTARGS)
    m.expect("init|info: fat pid 3 ready")
    run(m, "ls boot:/srv", "  nullblk.srv", "mica> ")
    run(m, "stop virtio-blk", "init|info: stopped virtio-blk pid 2", "mica> ")
    run(m, "ls boot:/srv", "fat|warn: disk.vblk0: the server died and the handle could not be opened "
        "again: ENOENT", "ls: boot:/srv: ", "mica> ")
    run(m, "restart virtio-blk", "init|info: virtio-blk pid ", "mica> ")
    m.child.expect(r"init\|info: virtio-blk pid \d+ ready")
    run(m, "ls boot:/srv", "fat|info: disk.vblk0: is served again: the handle is open on it",
        "  nullblk.srv", "mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert "faulted" not in m.output()
