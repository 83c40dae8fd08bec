"""The second board: QEMU microchip-icicle-kit (PolarFire SoC) with the
build's own tree. The kernel must run on a U54 (never the E51 monitor core),
drive the PLIC through the boot hart's S-mode context (contexts are not 1:1
with harts there), and the board has no exit device: tools/run-qemu ends the
run at init's power-off line and returns its status. The SD card is served by the sdhci driver."""
import os
import re
import subprocess

from conftest import BUILD

ICICLE = ("--machine", "icicle")


def boot_hart(out):
    return int(re.search(r"kernel\|info: Mica booting on hart (\d+)", out).group(1))


def test_ktest_on_icicle_kit(boot):
    m = boot(*ICICLE, "--append", "init.conf=etc/ktest.conf", timeout=180)
    m.expect("kernel|info: ram 1000000000-1040000000 (1024 MiB)")
    m.expect("kernel|result: PASS boot self-check")
    m.child.expect(r"kernel\|info: plic at c000000: context (\d+) is hart (\d+)'s S-mode")
    context, hart = int(m.child.match.group(1)), int(m.child.match.group(2))
    m.child.expect(r"ktest\|result: (PASS \d+ tests[^\r\n]*|FAIL [^\r\n]*)\r*\n")
    verdict = m.child.match.group(1)
    m.expect("init|info: powering off with status 0")
    status = m.finish()
    out = m.output()
    assert boot_hart(out) == hart and 1 <= hart <= 4, out
    # Hart n's S-mode context is 2n: the E51 has only an M-mode one.
    assert context == 2 * hart
    assert "kernel|info: hart 0\n" not in out.replace("\r", "")
    assert "console snps,dw-apb-uart at 20100000 reg-shift 2 reg-io-width 4 irq 91" in out
    assert verdict.startswith("PASS"), verdict
    assert status == 0


def test_ramdisk_blkbench_on_icicle_kit(boot):
    m = boot(*ICICLE, "--append", "init.conf=etc/icicle-ram.conf", timeout=240)
    m.expect("uart16550|info: snps,dw-apb-uart at 0x20100000 irq 91 reg-shift 2 reg-io-width 4 (console)")
    m.expect("blkbench|info: step 1 of 2: PASS verify disk.ram0: 8192 sectors seed 2 gen 1")
    m.expect("BENCH name=blk.ram0.queue.randread.bs4096.qd32 ")
    m.expect("blkbench|result: PASS all 2 steps")
    assert m.finish() == 0


def test_power_off_status_reaches_the_host(boot):
    # No exit device: the failure status comes from init's line alone.
    m = boot(*ICICLE, "--append", "init.conf=etc/no-such.conf", timeout=120)
    m.expect("init|info: powering off with status 1")
    assert m.finish() == 1


SD_LINE = ("sdhci|info: cdns,sd4hc at 0x20008000 (registers +0x200) irq 88: {kind} card, "
           "{blocks} blocks of 512, RCA 0x")


def blkverify(image, seed):
    return subprocess.run([os.path.join(BUILD, "tools", "blkverify"), str(image), "--seed", str(seed)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_sd_card_all_paths_and_blkverify(boot, tmp_path):
    card = tmp_path / "sd.img"
    card.write_bytes(b"\xa5" * (4 << 20))
    m = boot(*ICICLE, "--sd", str(card), "--append", "init.conf=etc/icicle-sd.conf", timeout=600)
    m.expect(SD_LINE.format(kind="SDSC", blocks=8192))
    m.expect("4-bit bus, high speed (50 MHz)")
    m.expect("init|info: scheme disk.sd0: registered by sdhci pid 2")
    m.expect("blkbench|info: step 1 of 6: PASS verify disk.sd0: 8192 sectors seed 5 gen 1")
    m.expect("BENCH name=blk.sd0.msg.randwrite.bs4096.qd1 ")
    m.expect("BENCH name=blk.sd0.queue.randwrite.bs16384.qd8 ")
    m.expect("BENCH name=blk.sd0.msg.randread.bs8192.qd1 ")
    m.expect("BENCH name=blk.sd0.queue.randread.bs65536.qd8 ")
    m.expect("blkbench|info: step 6 of 6: PASS verify disk.sd0: 8192 sectors seed 5 gen 1")
    m.expect("blkbench|result: PASS all 6 steps")
    assert m.finish() == 0
    assert "sdhci|error" not in m.output()
    # The host reads the card image back: every sector holds the pattern.
    verify = blkverify(card, 5)
    assert verify.returncode == 0, verify.stdout
    assert "blkverify|result: PASS 8192 sectors" in verify.stdout
    # And it can tell: one flipped byte fails it.
    data = bytearray(card.read_bytes())
    data[4096 + 100] ^= 1
    card.write_bytes(bytes(data))
    bad = blkverify(card, 5)
    assert bad.returncode != 0, bad.stdout


def test_sdhc_card_is_block_addressed(boot, tmp_path):
    card = tmp_path / "sdhc.img"
    with open(card, "wb") as f:
        f.truncate(4 << 30)  # above 2 GiB QEMU's card is SDHC
    m = boot(*ICICLE, "--sd", str(card), "--append", "init.conf=etc/icicle-sdhc.conf", timeout=600)
    m.expect(SD_LINE.format(kind="SDHC/SDXC", blocks=(4 << 30) // 512))
    m.expect("blkbench|info: read data: 6144 sectors held the seed-7 pattern and were checked")
    m.expect("blkbench|result: PASS all 2 steps")
    assert m.finish() == 0
    # Block addressing: what the guest wrote to LBA n is at byte n * 512 of
    # the image, so every written sector names its own LBA (bytes 8-15 of
    # the pattern). Byte addressing would have put it 512 times further.
    written = 0
    with open(card, "rb") as f:
        for lba in range(0, 6144 + 128, 128):
            f.seek(lba * 512)
            sector = f.read(512)
            if sector[:8] == b"MICABLK1":
                assert int.from_bytes(sector[8:16], "little") == lba
                assert int.from_bytes(sector[16:24], "little") == 7
                written += 1
    assert written == 6144 // 128


def test_no_card_is_one_clear_error(boot):
    # No --sd: QEMU's slot is empty. The driver says so once and exits; the
    # client's open fails; the run ends with the failure status, no hang.
    m = boot(*ICICLE, "--append", "init.conf=etc/icicle-sd.conf", timeout=180)
    m.expect("sdhci|error: no card in the slot")
    m.expect("init|info: sdhci pid 2 exited with status 1")
    m.expect("init|info: quiesced 0x20008000 held by pid 2 (0 written at +0x228)")
    m.expect("blkbench|result: FAIL")
    assert m.finish() == 1
    assert m.output().count("sdhci|error") == 1
