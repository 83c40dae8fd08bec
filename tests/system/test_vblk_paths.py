"""virtio-blk serve mode's zero-copy and queued paths on disk.vblk0.
schemetest (arg 4) writes the verify pattern (seed 77) onto sectors 0..511
through both, reads it back, keeps many requests in flight on two handles
at once, shrinks the completion ring to 2, closes a handle with requests in
flight, and fsyncs; after power-off the host finds the pattern in the file.
The server's close lines report requests, requests in flight and the data
bytes it copied per path: the zero-copy and queued paths copy none. On a
read-only disk (arg 5) every path's write is refused."""
import os
import re
import subprocess

from conftest import BUILD

HANDLE_LINE = re.compile(
    r"virtio-blk\|info: vblk0: handle (\d+) closed with (\d+) in flight: requests message (\d+) "
    r"buffer (\d+) ring (\d+), most in flight (\d+) \(server (\d+)\); bytes copied message (\d+) "
    r"buffer (\d+) ring (\d+)")
HANDLE_DEPTH = 8  # VBLK_HANDLE_DEPTH, fstat's queue_depth


def blank_disk(tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    return disk


def pattern_on_disk(disk):
    """blkverify finds the pattern on sectors 0..511; everything after is zero."""
    verify = subprocess.run([os.path.join(BUILD, "tools", "blkverify"), str(disk), "--seed", "77",
                             "--sectors", "512"], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    data = disk.read_bytes()
    assert data[512 * 512:] == bytes(len(data) - 512 * 512)


def throttled_pattern_disk(tmp_path, iops=2):
    """A --disk argument: the pattern written by the host, and QEMU throttling
    the disk to `iops` requests a second so requests stay in flight a while."""
    disk = blank_disk(tmp_path)
    subprocess.run([os.path.join(BUILD, "tools", "blkverify"), str(disk), "--seed", "77",
                    "--sectors", "512", "--write"], check=True, capture_output=True)
    return f"{disk},iops={iops}"


def closes(output):
    return [tuple(int(g) for g in m.groups()) for m in HANDLE_LINE.finditer(output)]


def test_zero_copy_and_queued_paths(boot, tmp_path):
    disk = blank_disk(tmp_path)
    m = boot("--disk", str(disk), "--append", "init.conf=etc/vblk-paths.conf")
    m.expect("schemetest|info: vblk_zero_copy_verify ok")
    m.expect("schemetest|info: vblk_queued_verify ok")
    m.expect("schemetest|info: vblk_two_clients ok")
    m.expect("schemetest|info: vblk_small_completion_ring ok")
    m.expect("schemetest|info: vblk_close_in_flight ok")
    m.expect("virtio-blk|warn: vblk0: handle 0 broke the ring protocol; closed")
    m.expect("schemetest|info: vblk_broken_ring ok")          # and its cap is gone: -EBADF
    m.expect("schemetest|info: vblk_buffer_needs_dma ok")     # no DMA right: -EFAULT
    m.expect("schemetest|result: PASS 12 tests")
    assert m.finish() == 0
    out = m.output()
    assert "virtio-blk|error" not in out and out.count("virtio-blk|warn") == 1
    # Completions came back in the device's order, not the submissions'.
    overtook = int(re.search(r"vblk queued: (\d+) completions overtook", out)[1])
    assert overtook > 0
    lines = closes(out)
    assert len(lines) == 15, lines
    first = lines[0]
    # The writer: zero-copy and ring requests; no bytes copied on either path.
    assert first[3] > 0 and first[4] == 64
    assert first[8] == 0 and first[9] == 0
    # Many requests in flight on one handle (up to its depth), more across two.
    assert 1 < first[5] <= HANDLE_DEPTH
    assert max(line[6] for line in lines) > HANDLE_DEPTH
    # No handle ever held more than its share, though each queued 16 at once.
    assert all(line[5] <= HANDLE_DEPTH for line in lines)
    # Nothing ever copied on the zero-copy or queued paths.
    assert all(line[8] == 0 and line[9] == 0 for line in lines)
    pattern_on_disk(disk)


def test_message_path_copies_are_counted(boot, tmp_path):
    # The counter that stays 0 above can count: the message path's bounce copies.
    disk = blank_disk(tmp_path)
    m = boot("--disk", str(disk), "--append", "init.conf=etc/vblk-serve.conf")
    m.expect("schemetest|result: PASS 10 tests")
    assert m.finish() == 0
    (line,) = closes(m.output())
    # Four 512-byte blocks written and read back (the refused requests copy nothing).
    assert line[7] == 4 * 512 * 2 and line[2] > 0


def test_read_only_refuses_writes_on_every_path(boot, tmp_path):
    disk = tmp_path / "ro.img"
    before = bytes(range(256)) * 4096  # 1 MiB
    disk.write_bytes(before)
    m = boot("--disk", f"{disk},ro", "--append", "init.conf=etc/vblk-paths-ro.conf")
    m.expect("schemetest|info: vblk_ro_write_buffer ok")  # -EBADF on a READ handle
    m.expect("schemetest|info: vblk_ro_ring_write ok")    # completion with -EBADF
    m.expect("schemetest|info: vblk_ro_read_buffer ok")
    m.expect("schemetest|result: PASS 4 tests")
    assert m.finish() == 0
    assert disk.read_bytes() == before


def test_client_gone_with_requests_in_flight(boot, tmp_path):
    # schemetest arg=6 submits ring reads and exits without CLOSE; init
    # revokes its frames (the server's copies too). The server's watch on the
    # handle's sentinel and ring wakeup fires as the client dies, so it closes
    # the handle then, before it touches the rings again and before arg=7
    # opens (and passes the paths' tests).
    disk = blank_disk(tmp_path)
    m = boot("--disk", str(disk), "--append", "init.conf=etc/vblk-client-gone.conf")
    m.expect("schemetest|info: vblk client leaving with requests submitted")
    m.expect("init|info: schemetest pid 2 exited with status 0")
    m.expect("schemetest|info: vblk_buffer_register ok")  # the second client, after
    m.expect("schemetest|result: PASS 12 tests")
    assert m.finish() == 0
    out = m.output()
    died = out.find("virtio-blk|info: vblk0: handle 0: its client died; closed")
    assert 0 <= died < out.index("schemetest|info: vblk_buffer_register ok")
    assert "nobody holds it" not in out
    assert "virtio-blk|error" not in out and "faulted" not in out
    pattern_on_disk(disk)


def test_two_disks_two_schemes(boot, tmp_path):
    # Two virtio-blk instances, disk.vblk0 and disk.vblk1, each on its own
    # disk; the paths' tests run on disk.vblk1 and land on the second file only.
    first = blank_disk(tmp_path)
    second = tmp_path / "second.img"
    second.write_bytes(bytes(4 << 20))
    m = boot("--disk", str(first), "--disk", f"{second},serial=second",
             "--append", "init.conf=etc/vblk-two.conf")
    m.expect("schemetest|result: PASS 12 tests")
    assert m.finish() == 0
    out = m.output()
    assert "init|info: scheme disk.vblk0: registered by virtio-blk" in out
    assert "init|info: scheme disk.vblk1: registered by virtio-blk" in out
    assert "virtio-blk|info: serial second capacity 8192 sectors" in out
    assert "virtio-blk|warn: vblk1: handle 0 broke the ring protocol; closed" in out
    assert "virtio-blk|error" not in out
    pattern_on_disk(second)
    assert first.read_bytes() == bytes(2 << 20)


def test_close_with_requests_in_flight(boot, tmp_path):
    # A disk throttled to 2 requests a second: the CLOSE surely comes while
    # the ring's reads are in flight. The entry drains (its frames go only
    # then) and the next handle reads the pattern the host wrote.
    disk = throttled_pattern_disk(tmp_path)
    m = boot("--disk", disk, "--append", "init.conf=etc/vblk-close-busy.conf")
    m.expect("schemetest|info: vblk_close_in_flight ok")
    m.expect("schemetest|result: PASS 1 tests")
    assert m.finish() == 0
    out = m.output()
    busy, after = closes(out)
    assert busy[0] == 0 and busy[1] > 0 and after[1] == 0
    closed = out.index("handle 0 closed with")
    drained = out.index("virtio-blk|info: vblk0: handle 0 drained: its frames go")
    assert closed < drained < out.index("handle %d closed with" % after[0], closed + 1)


def test_reads_after_closes_wait_for_the_drain(boot, tmp_path):
    # vblk_paths' eight busy closes on a disk slower than the client (QEMU
    # throttled to 20 requests a second; a loaded host's QEMU is slow the
    # same way now and then): four closed handles hold 8 reads each, the
    # client's 32, until the device answers them. The read after them
    # waits for the drain instead of failing with the server's -EAGAIN.
    disk = throttled_pattern_disk(tmp_path, iops=20)
    m = boot("--disk", disk, "--append", "init.conf=etc/vblk-close-many.conf")
    # First a RING_ENTER virtio-blk keeps (its only ring): a FSTAT meanwhile
    # makes the kernel save the kept reply, which the server answers once
    # the read is in the ring; a CLOSE answers a saved one at once.
    m.expect("schemetest|info: vblk kept RING_ENTER: still waiting after a FSTAT: yes; answered kept")
    m.expect("schemetest|info: vblk two RING_ENTERs on one handle: the second answered at once, the first kept")
    m.expect("schemetest|info: vblk kept RING_ENTER at CLOSE: answered")
    m.expect("schemetest|info: vblk_kept_ring_enter ok")
    m.child.expect(r"schemetest\|info: vblk close in flight: requests that waited for the drain: (\d+)")
    waited = int(m.child.match.group(1))
    m.expect("schemetest|info: vblk_close_many_in_flight ok")
    # Eight busy closes again, then a ring that breaks the protocol while
    # the client's 32 requests are all in flight: no tag is free for that
    # ring, and the server closes its handle all the same.
    m.child.expect(r"virtio-blk\|warn: vblk0: handle \d+ broke the ring protocol; closed")
    m.expect("schemetest|info: vblk_broken_ring_at_limit ok")
    # The closes once more, and a read that waits for their drain: past
    # its first millisecond the wait sleeps a timer tick between tries, so
    # threads below the client's priority are not starved meanwhile.
    m.child.expect(r"schemetest\|info: vblk busy wait: (\d+) requests waited, (\d+) timer ticks asleep")
    busy_waits, sleeps = (int(g) for g in m.child.match.groups())
    m.expect("schemetest|info: vblk_busy_wait_sleeps ok")
    m.expect("schemetest|result: PASS 4 tests")
    assert m.finish() == 0
    assert busy_waits > 0 and sleeps > 0
    # The closes left the client's 32 requests in flight (more, if some
    # came back meanwhile), and the read found them there.
    assert sum(line[1] for line in closes(m.output())) >= 32
    assert waited > 0


def test_server_stopped_with_requests_in_flight(boot, tmp_path):
    # `stop virtio-blk` while a client's reads wait on a throttled disk: init
    # quiesces the device (the register write virtio-blk's manifest names) before the server's memory goes, the client's handle
    # fails instead of hanging, and the server loaded again reads the pattern.
    disk = throttled_pattern_disk(tmp_path)
    m = boot("--disk", disk, "--append", "mica.shell=1 init.conf=etc/vblk-stop.conf")
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("schemetest|info: holding disk.vblk0: with requests in flight")
    m.child.sendline("stop virtio-blk")
    m.expect("init|info: quiesced 0x10008000 held by pid 2 (0 written at +0x70)")
    m.expect("init|info: scheme disk.vblk0: gone with pid 2")
    # The client's recovery finds nothing starting that could register the
    # name again: one line, and the call's error (docs/recovery.md).
    m.expect("schemetest|warn: disk.vblk0: the server died and the handle could not be opened "
             "again: ENOENT")
    m.expect("schemetest|info: vblk_handle_after_stop ok")  # the prompt came before it
    m.child.sendline("load srv/virtio-blk.srv")
    m.expect("init|info: scheme disk.vblk0: registered by virtio-blk")
    m.expect("schemetest|info: vblk_after_restart ok")
    m.expect("schemetest|result: PASS 3 tests")
    assert m.finish() == 0
    out = m.output()
    assert "schemetest|error" not in out and "faulted" not in out


def test_pinned_buffer_survives_client_exit_under_dma(boot, tmp_path):
    # A disk of non-zero bytes, throttled so the reads outlive their client:
    # schemetest arg=6 submits 16 whole-buffer ring reads and exits; arg=12
    # then takes the lowest free memory again and again (frames come zeroed,
    # the allocator is first fit, so the exited client's pages would be among
    # them) and counts non-zero words while the device finishes. Without the
    # server's pins the device's reads land in those frames (the count was
    # 16384 when the servers kept derived copies); with them it stays 0.
    disk = tmp_path / "disk.img"
    disk.write_bytes(b"\xa5" * (2 << 20))
    m = boot("--disk", f"{disk},iops=2", "--append", "init.conf=etc/vblk-pin.conf")
    m.expect("schemetest|info: vblk client leaving with requests submitted")
    m.expect("init|info: schemetest pid 2 exited with status 0")
    m.expect("virtio-blk|info: vblk0: handle 0 closed with ")
    m.expect("virtio-blk|info: vblk0: handle 0 drained: its frames go")
    m.child.expect(r"schemetest\|info: pin_probe: (\d+) rounds of at least (\d+) frames of 8 pages, "
                   r"(\d+) non-zero words")
    rounds, frames, nonzero = (int(g) for g in m.child.match.groups())
    m.expect("schemetest|result: PASS 1 tests")
    assert m.finish() == 0
    out = m.output()
    assert nonzero == 0 and frames == 160 and rounds > 1
    # The handle closed (its client gone) with reads still in flight.
    closed = re.search(r"vblk0: handle 0 closed with (\d+) in flight", out)
    assert closed and int(closed.group(1)) > 0
    assert "virtio-blk|info: vblk0: handle 0: its client died; closed" in out
    assert "virtio-blk|error" not in out and "faulted" not in out
