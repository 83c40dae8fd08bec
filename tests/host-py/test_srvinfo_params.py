"""srvinfo and an image's named parameters (.mica.params): the listing of
nullblk's, and --check refusing declarations that are malformed."""
import os
import struct
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("MICA_BUILD", "build")
SRVINFO = BUILD / "tools/srvinfo"
RUNTIME = BUILD / "runtime/libipc.elf"
IMAGE = BUILD / "srv/nullblk.srv"
PARAM_SIZE = 168


def params_offset(data):
    """The file offset of .mica.params, from the ELF64 section headers."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    names_off = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)[0]
    for i in range(1, shnum):
        h = shoff + i * shentsize
        name, = struct.unpack_from("<I", data, h)
        end = data.index(b"\0", names_off + name)
        if data[names_off + name:end] == b".mica.params":
            return struct.unpack_from("<Q", data, h + 0x18)[0]
    raise AssertionError("no .mica.params")


def srvinfo(*args):
    return subprocess.run([str(SRVINFO), *map(str, args)], capture_output=True, text=True,
                          check=False)


def test_listing_names_every_parameter():
    r = srvinfo(IMAGE)
    assert r.returncode == 0, r.stderr
    assert "params:     6 (args=\"name=value ...\")" in r.stdout
    assert "param:      size=<size> (default 0): memory disk bytes, a multiple of 512" in r.stdout
    assert "param:      unit=<int 0..255> (default 0): n of the scheme disk.null<n>" in r.stdout
    assert "param:      ro=<bool> (default no): read-only: writes are refused" in r.stdout
    assert "param:      client-buffer=<size> (default 0)" in r.stdout


def test_check_refuses_bad_declarations(tmp_path):
    data = IMAGE.read_bytes()
    at = params_offset(data)
    assert srvinfo("--check", "--runtime", RUNTIME, IMAGE).returncode == 0
    cases = {
        "unit: unknown type": (at + PARAM_SIZE + 24, struct.pack("<I", 9)),
        "size: declared twice": (at + PARAM_SIZE, b"size\0"),
        "ro: its default is not a value of its type": (at + 2 * PARAM_SIZE + 32, b"maybe\0"),
        "ro: a max on a type other than int": (at + 2 * PARAM_SIZE + 28, struct.pack("<I", 1)),
    }
    for why, (offset, patch) in cases.items():
        bad = bytearray(data)
        bad[offset:offset + len(patch)] = patch
        path = tmp_path / "bad.srv"
        path.write_bytes(bytes(bad))
        r = srvinfo("--check", "--runtime", RUNTIME, path)
        assert r.returncode == 1, why
        assert r.stderr == f"srvinfo|error: {path}: .mica.params: {why}\n"
        assert "params:     malformed" in srvinfo(path).stdout
