"""The Ed25519 verifier against OpenSSL on the host: signatures OpenSSL's
command line makes (fresh keys, random messages of many lengths) verify,
any single bit flip of key, signature or message is refused, SHA-512 agrees
with `openssl dgst`, and the trailer tools/sign-image appends carries a
signature OpenSSL itself verifies."""

import os
import random
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / os.environ.get("MICA_BUILD", "build")
CHECK = BUILD / "tools/ed25519-check"
# OpenSSL 3.0's pkeyutl cannot sign an empty input; RFC 8032 TEST 1
# (ed25519_test) covers the empty message.
LENGTHS = [1, 2, 63, 64, 111, 112, 127, 128, 129, 255, 1000, 4096, 65536]


def openssl(*args, **kw):
    return subprocess.run(["openssl", *args], check=True, stdout=subprocess.PIPE, **kw).stdout


def new_key(tmp, name):
    pem = tmp / f"{name}.pem"
    openssl("genpkey", "-algorithm", "ed25519", "-out", str(pem))
    der = openssl("pkey", "-in", str(pem), "-pubout", "-outform", "DER")
    assert len(der) == 44
    raw = tmp / f"{name}.pub"
    raw.write_bytes(der[12:])
    return pem, raw


def sign(tmp, pem, message):
    msg = tmp / "msg"
    msg.write_bytes(message)
    return openssl("pkeyutl", "-sign", "-rawin", "-inkey", str(pem), "-in", str(msg))


def check(tmp, key, sig, message):
    (tmp / "k").write_bytes(key)
    (tmp / "s").write_bytes(sig)
    (tmp / "m").write_bytes(message)
    r = subprocess.run([str(CHECK), str(tmp / "k"), str(tmp / "s"), str(tmp / "m")],
                       stdout=subprocess.PIPE, text=True)
    assert r.returncode in (0, 1), r
    return r.returncode == 0, r.stdout.strip()


@pytest.fixture(scope="module")
def rng():
    seed = int(os.environ.get("ED25519_TEST_SEED", random.randrange(1 << 32)))
    print(f"seed {seed}")
    return random.Random(seed)


def test_openssl_signatures_verify_and_bit_flips_are_refused(tmp_path, rng):
    for i, length in enumerate(LENGTHS):
        pem, pub = new_key(tmp_path, f"key{i}")
        key = pub.read_bytes()
        message = rng.randbytes(length)
        sig = sign(tmp_path, pem, message)
        assert len(sig) == 64
        ok, why = check(tmp_path, key, sig, message)
        assert ok, (length, why)
        for field in ("key", "sig", "msg"):
            parts = {"key": bytearray(key), "sig": bytearray(sig), "msg": bytearray(message)}
            if not parts[field]:
                continue
            bit = rng.randrange(8 * len(parts[field]))
            parts[field][bit // 8] ^= 1 << (bit % 8)
            ok, why = check(tmp_path, bytes(parts["key"]), bytes(parts["sig"]), bytes(parts["msg"]))
            assert not ok, (length, field, bit)


def test_signature_by_another_key_is_refused(tmp_path, rng):
    pem, _ = new_key(tmp_path, "signer")
    _, other = new_key(tmp_path, "other")
    message = rng.randbytes(300)
    ok, why = check(tmp_path, other.read_bytes(), sign(tmp_path, pem, message), message)
    assert not ok and why == "signature does not match"


def test_sha512_agrees_with_openssl(tmp_path, rng):
    for length in [0] + LENGTHS + [rng.randrange(1, 200000)]:
        f = tmp_path / "data"
        f.write_bytes(rng.randbytes(length))
        want = openssl("dgst", "-sha512", "-r", str(f), text=True).split()[0]
        got = subprocess.run([str(CHECK), "--sha512", str(f)], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        assert got == want, length


def test_sign_image_trailer_verifies_with_openssl_and_here(tmp_path, rng):
    pem, pub = new_key(tmp_path, "build")
    image, signed = tmp_path / "image", tmp_path / "image.signed"
    payload = rng.randbytes(5000)
    image.write_bytes(payload)
    subprocess.run([str(ROOT / "tools/sign-image"), str(pem), str(image), str(signed)], check=True)
    data = signed.read_bytes()
    assert data[:len(payload)] == payload and len(data) == len(payload) + 128
    trailer = data[len(payload):]
    assert trailer[:32] == pub.read_bytes()
    assert int.from_bytes(trailer[96:104], "little") == len(payload)
    assert int.from_bytes(trailer[104:108], "little") == 1
    assert int.from_bytes(trailer[108:112], "little") == 128
    assert trailer[112:] == b"~Mica signature\n"
    (tmp_path / "sig").write_bytes(trailer[32:96])
    pub_pem = tmp_path / "pub.pem"
    pub_pem.write_bytes(openssl("pkey", "-in", str(pem), "-pubout"))
    openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", str(pub_pem), "-in", str(image),
            "-sigfile", str(tmp_path / "sig"))
    ok, why = check(tmp_path, trailer[:32], trailer[32:96], payload)
    assert ok, why
    # The second form writes the raw public key init trusts.
    raw = tmp_path / "raw.pub"
    subprocess.run([str(ROOT / "tools/sign-image"), "--public", str(pem), str(raw)], check=True)
    assert raw.read_bytes() == pub.read_bytes()


def test_sign_image_refuses_a_key_that_is_not_ed25519(tmp_path):
    ec = tmp_path / "ec.pem"
    openssl("genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(ec))
    (tmp_path / "img").write_bytes(b"x" * 10)
    r = subprocess.run([str(ROOT / "tools/sign-image"), str(ec), str(tmp_path / "img"),
                        str(tmp_path / "out")], stderr=subprocess.PIPE, text=True)
    assert r.returncode != 0 and "not an Ed25519 private key" in r.stderr
    assert not (tmp_path / "out").exists()
