"""blkbench blk and matrix in QEMU with -icount, quick sizes: each path of
the block client against a 4 MiB ramdisk (etc/blkbench-blk-*.conf,
etc/blkbench-matrix-quick.conf), a refused mix, a scheme nobody registers,
and virtio-blk's disk.vblk0, where a read of the verify pattern checks every
sector and finds a byte the host flipped in the disk file."""
import os
import re
import subprocess

from conftest import BUILD

BLKVERIFY = os.path.join(BUILD, "tools", "blkverify")
RATE_LINE = (r"BENCH name=%s unit=instr n=%d min=(\d+) median=(\d+) p99=(\d+) max=(\d+) "
             r"mibps=(\d+\.\d\d) iops=(\d+)\r*\n")
ROW = r"blkbench\|info: %s +%d +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+\.\d\d)\r*\n"


def boot_conf(boot, conf, *extra, timeout=120):
    return boot("--icount", *extra, "--append", "init.conf=etc/%s" % conf, timeout=timeout)


def expect_rate_line(m, name, n):
    """The figures of one BENCH throughput line: min, median, p99, max, MiB/s, IOPS."""
    m.child.expect(RATE_LINE % (re.escape(name), n))
    low, median, p99, high, mibps, iops = m.child.match.groups()
    figures = (int(low), int(median), int(p99), int(high), float(mibps), int(iops))
    assert 0 < figures[0] <= figures[1] <= figures[2] <= figures[3], name
    assert figures[4] > 0 and figures[5] > 0, name
    return figures


def test_msg_path_carries_an_8k_op_in_two_messages(boot):
    m = boot_conf(boot, "blkbench-blk-msg.conf")
    m.expect("blkbench|info: command: blkbench blk disk.ram0: --path msg --rw write --bs 8K")
    m.expect("blkbench|info: disk.ram0: 4194304 bytes, block 512, max transfer 65536")
    m.expect("blkbench|info: blk: path msg, write, bs 8192, qd 1, 1 client(s) x 64 ops, seed 1")
    m.expect("blkbench|info: rates: ops or bytes x 10^9 / elapsed instructions")
    m.expect("blkbench|info: each op of 8192 bytes is 2 requests on the msg path")
    low, median, p99, high, mibps, iops = expect_rate_line(m, "blk.ram0.msg.write.bs8192.qd1", 64)
    m.child.expect(ROW % ("0", 64))
    m.expect("blkbench|result: PASS blk blk.ram0.msg.write.bs8192.qd1: 64 ops, median %d instr, "
             "%d IOPS, %.2f MiB/s" % (median, iops, mibps))
    assert m.finish() == 0
    # A rate is ops over elapsed instructions at 1 ns each: no faster than
    # the fastest op allows, and the MiB/s figure is the same rate in bytes.
    assert iops <= 10**9 // low
    assert abs(mibps - iops * 8192 / 2**20) < 0.02


def test_zerocopy_two_clients_report_each_and_the_total(boot):
    m = boot_conf(boot, "blkbench-blk-zerocopy.conf")
    m.expect("blkbench|info: blk: path zerocopy, randwrite, bs 65536, qd 1, 2 client(s) x 32 ops")
    total = expect_rate_line(m, "blk.ram0.zerocopy.randwrite.bs65536.qd1.c2", 64)
    rows = {}
    for who, n in (("0", 32), ("1", 32), ("total", 64)):
        m.child.expect(ROW % (who, n))
        rows[who] = [int(v) if "." not in v else float(v) for v in m.child.match.groups()]
    m.expect("blkbench|result: PASS blk blk.ram0.zerocopy.randwrite.bs65536.qd1.c2: 64 ops")
    assert m.finish() == 0
    assert rows["total"][4] == total[5]  # the BENCH line is the total
    assert rows["total"][0] == min(rows["0"][0], rows["1"][0])
    assert rows["total"][3] == max(rows["0"][3], rows["1"][3])


def run_queue(boot):
    m = boot_conf(boot, "blkbench-blk-queue.conf")
    m.expect("blkbench|info: blk: path queue, randread, bs 4096, qd 32, 1 client(s) x 256 ops")
    figures = expect_rate_line(m, "blk.ram0.queue.randread.bs4096.qd32", 256)
    m.expect("blkbench|info: read data: 0 sectors held the seed-1 pattern and were checked")
    direct = expect_rate_line(m, "blk.ram0.direct.randread.bs4096.qd32", 256)
    m.child.expect(r"blkbench\|info: through IPC / direct \(IOPS\): (\d+) / (\d+) = (\d\.\d{3})")
    iops, direct_iops, ratio = m.child.match.groups()
    assert (int(iops), int(direct_iops)) == (figures[5], direct[5])
    assert float(ratio) == int(int(iops) * 1000 / int(direct_iops)) / 1000
    m.expect("blkbench|result: PASS blk blk.ram0.queue.randread.bs4096.qd32: 256 ops")
    assert m.finish() == 0
    return figures + direct


def test_queue_path_keeps_32_in_flight_and_repeats_exactly(boot):
    first = run_queue(boot)
    low, median, _, _, _, iops = first[:6]
    # 32 ops in flight: an op waits for the ones ahead of it, so its latency
    # is many times the time between two completions.
    assert median > 16 * (10**9 // iops)
    assert run_queue(boot) == first


def test_qd_above_one_on_the_msg_path_is_refused(boot):
    m = boot_conf(boot, "blkbench-blk-refused.conf")
    m.expect("blkbench|error: blk.ram0.msg.read.bs4096.qd4: not possible: every path but queue "
             "keeps one request in flight per handle: --qd > 1 needs --path queue")
    m.expect("blkbench|result: FAIL blk: every path but queue keeps")
    assert m.finish() != 0
    assert "BENCH" not in m.output()


def test_unknown_scheme_fails_at_once_naming_the_registered(boot):
    """Nothing is starting, so the lookup is final at once: init names what
    is registered, blkbench names the scheme once (no doubled colon)."""
    m = boot_conf(boot, "blkbench-blk-noscheme.conf", timeout=60)
    m.expect("init|warn: no server registered disk.none; registered: none")
    m.expect("blkbench|error: cannot open disk.none: ENOENT")
    m.expect("blkbench|result: FAIL blk: cannot open disk.none: ENOENT")
    assert m.finish() != 0
    assert "::" not in m.output()


def test_quick_matrix(boot):
    m = boot_conf(boot, "blkbench-matrix-quick.conf", timeout=180)
    m.expect("blkbench|info: matrix --quick: ops per cell = 16 KiB / bs within [4, 16]")
    m.expect("blkbench|info: IOPS by queue depth:")
    m.child.expect(r"blkbench\|info: msg +write +512 +\d+ +- *\r*\n")
    m.child.expect(r"blkbench\|info: queue +randread +4096 +\d+ +\d+ *\r*\n")
    m.expect("blkbench|info: through IPC / direct (IOPS) by queue depth:")
    m.expect("blkbench|info: IOPS by clients (randread, bs 4096, qd 1, all clients together):")
    m.child.expect(r"blkbench\|result: PASS matrix disk.ram0: (\d+) cells measured, "
                   r"0 not possible, (\d+) read sectors checked, unit instr")
    measured, checked = (int(v) for v in m.child.match.groups())
    assert m.finish() == 0
    names = re.findall(r"^BENCH name=(\S+) unit=instr n=\d+ min=\d+ median=\d+ p99=\d+ max=\d+ "
                       r"mibps=\d+\.\d\d iops=\d+\r*$", m.output(), re.M)
    # 2 sizes x 4 patterns: msg, zerocopy, simple and inplace at qd 1,
    # queue at qd 1 and 8; then 2 clients on each of the 5 paths; then the
    # direct runs at qd 1 and 8.
    assert measured == len(names) == 2 * 4 * (1 + 1 + 2 + 1 + 1) + 5 + 2 * 4 * 2
    assert len(set(names)) == len(names)
    assert "blk.ram0.queue.randread.bs4096.qd8" in names
    assert "blk.ram0.zerocopy.randread.bs4096.qd1.c2" in names
    assert "blk.ram0.simple.read.bs4096.qd1" in names
    assert "blk.ram0.inplace.randread.bs4096.qd1.c2" in names
    assert "blk.ram0.direct.randread.bs4096.qd8" in names
    # Each path's ratio to the direct run of the same mix (the ramdisk's
    # memcpy loop): the IPC adds to every op, so above 0 and below 1.
    ratios = re.findall(r"^blkbench\|info: (msg|zerocopy|queue|simple|inplace) +(\w+) +(\d+) "
                        r"+(\d\.\d{3}) +(\S+)", m.output(), re.M)
    assert len(ratios) == 5 * 2 * 4
    for path, rw, bs, qd1, qd8 in ratios:
        assert 0 < float(qd1) < 1.0, (path, rw, bs)
        assert qd8 == "-" if path != "queue" else 0 < float(qd8) < 1.0
    # The reads after the writes found the pattern and checked it.
    assert checked > 0


def patterned_disk(path, sectors):
    subprocess.run([BLKVERIFY, str(path), "--seed", "1", "--write", "--sectors", str(sectors)],
                   check=True, capture_output=True)


def test_vblk_read_checks_the_pattern(boot, tmp_path):
    disk = tmp_path / "disk.img"
    patterned_disk(disk, 4096)
    m = boot_conf(boot, "blkbench-blk-vblk.conf", "--disk", str(disk))
    m.expect("blkbench|info: disk.vblk0: 2097152 bytes, block 512")
    expect_rate_line(m, "blk.vblk0.msg.read.bs4096.qd1", 64)
    # 64 ops of 8 sectors from lba 0, every one carrying the pattern.
    m.expect("blkbench|info: read data: 512 sectors held the seed-1 pattern and were checked")
    m.expect("blkbench|result: PASS blk blk.vblk0.msg.read.bs4096.qd1: 64 ops")
    assert m.finish() == 0


def test_vblk_read_reports_a_flipped_byte_with_its_lba(boot, tmp_path):
    disk = tmp_path / "disk.img"
    patterned_disk(disk, 4096)
    data = bytearray(disk.read_bytes())
    data[37 * 512 + 100] ^= 0x40
    disk.write_bytes(bytes(data))
    m = boot_conf(boot, "blkbench-blk-vblk.conf", "--disk", str(disk))
    m.expect("blkbench|error: blk.vblk0.msg.read.bs4096.qd1: client 0: data mismatch at lba 37 "
             "(byte %d): EIO" % (37 * 512 + 100))
    m.expect("blkbench|result: FAIL blk: client 0: data mismatch at lba 37")
    assert m.finish() != 0


def test_vblk_queued_writes_leave_the_pattern(boot, tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(2 << 20))
    twin = tmp_path / "twin.img"
    twin.write_bytes(bytes([0xAA]) * (2 << 20))
    m = boot_conf(boot, "blkbench-blk-vblk-queue.conf", "--disk", str(disk), "--disk", str(twin))
    m.expect("blkbench|info: blk: path queue, write, bs 65536, qd 8, 1 client(s) x 16 ops")
    expect_rate_line(m, "blk.vblk0.queue.write.bs65536.qd8", 16)
    expect_rate_line(m, "blk.vblk0.direct.write.bs65536.qd8", 16)
    m.expect("blkbench|result: PASS blk blk.vblk0.queue.write.bs65536.qd8: 16 ops")
    assert m.finish() == 0
    # The twin's figure came from the bench program, which ran the mix.
    assert "vblkdirect|info: direct run: write, 65536 bytes, depth 8, 16 requests: " in m.output()
    # 16 ops of 64 KiB from lba 0: the first 1 MiB holds the pattern, the
    # rest is as it was.
    host = subprocess.run([BLKVERIFY, str(disk), "--seed", "1", "--sectors", "2048"],
                          capture_output=True, text=True)
    assert host.returncode == 0, host.stdout + host.stderr
    assert disk.read_bytes()[1 << 20:] == bytes(1 << 20)
    # The direct run drove the other disk: its zeroed buffers over the
    # first 1 MiB, nothing past it.
    assert twin.read_bytes() == bytes(1 << 20) + bytes([0xAA]) * (1 << 20)


def test_vblk_zerocopy_reads_check_every_sector(boot, tmp_path):
    disk = tmp_path / "disk.img"
    patterned_disk(disk, 4096)
    m = boot_conf(boot, "blkbench-blk-vblk-zerocopy.conf", "--disk", str(disk))
    expect_rate_line(m, "blk.vblk0.zerocopy.randread.bs4096.qd1", 64)
    m.expect("blkbench|info: read data: 512 sectors held the seed-1 pattern and were checked")
    m.expect("blkbench|result: PASS blk blk.vblk0.zerocopy.randread.bs4096.qd1: 64 ops")
    assert m.finish() == 0


def test_vblk_io_error_names_its_lba_and_fails(boot, tmp_path):
    disk = tmp_path / "disk.img"
    patterned_disk(disk, 4096)
    # QEMU's blkdebug driver fails every read touching sector 1000.
    rules = tmp_path / "read_aio.cfg"
    rules.write_text('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "1000"\n')
    m = boot_conf(boot, "blkbench-blk-vblk-ioerror.conf", "--disk", "blkdebug:%s:%s" % (rules, disk))
    # Message path, one request at a time: op 125 covers sectors 1000..1007.
    m.expect("blkbench|error: blk.vblk0.msg.read.bs4096.qd1: client 0: read at lba 1000 "
             "(byte 512000): EIO")
    m.expect("blkbench|info: step 1 of 2: FAIL blk: client 0: read at lba 1000 (byte 512000): EIO")
    # Queued path: QEMU may merge neighbouring requests, and then every one
    # of the merged batch (8 in flight: 64 sectors) fails with it.
    m.child.expect(r"blkbench\|error: blk.vblk0.queue.read.bs4096.qd8: client 0: read at lba (\d+) "
                   r"\(byte (\d+)\): EIO")
    lba, byte = (int(v) for v in m.child.match.groups())
    assert byte == lba * 512 and lba % 8 == 0 and lba <= 1000 < lba + 64
    m.expect("blkbench|result: FAIL 2 of 2 steps failed, the first is step 1")
    assert m.finish() != 0


def test_direct_baseline_from_the_shell(boot, tmp_path):
    # The direct twin of a virtio mix (the same mix on virtio-blk's engine,
    # no IPC) reached from the console: the shell's `load` starts the bench
    # program vblkdirect on the second disk (direct.vblk0), then blkbench,
    # which runs the mix through the zero-copy path, then the direct twin,
    # and reports both BENCH lines and their ratio.
    disk = tmp_path / "disk.img"
    patterned_disk(disk, 4096)
    twin = tmp_path / "twin.img"
    twin.write_bytes(bytes(2 << 20))
    m = boot("--icount", "--disk", str(disk), "--disk", str(twin),
             "--append", "mica.shell=1 init.conf=etc/blkverify-shell.conf", timeout=120)
    m.expect("init|info: uart16550 pid 1 ready")
    m.expect("mica> ")
    m.child.sendline("load srv/vblkdirect.srv arg=0x200000000")
    m.expect("vblkdirect|info: direct runs as direct.vblk0")
    m.child.sendline('load blkbench initrd quota=16M poweroff '
                     'args="blk disk.vblk0: --path zerocopy --rw read --bs 4096 --ops 64"')
    expect_rate_line(m, "blk.vblk0.zerocopy.read.bs4096.qd1", 64)
    expect_rate_line(m, "blk.vblk0.direct.read.bs4096.qd1", 64)
    m.child.expect(r"blkbench\|info: through IPC / direct \(IOPS\): \d+ / \d+ = \d+\.\d+\r*\n")
    m.expect("blkbench|result: PASS blk blk.vblk0.zerocopy.read.bs4096.qd1: 64 ops")
    assert m.finish() == 0


def test_low_priority_growing_steps_and_client_rows_add_up(boot):
    """prio=10: the client threads take the program's priority, not more
    (EPERM before); the second step needs more sample room than the first
    (EBUSY before); and no client's row is slower than its share of the
    total (a row took only its own pattern work out of a span in which the
    others' ran too)."""
    m = boot_conf(boot, "blkbench-blk-steps.conf")
    m.expect("blkbench|info: step 1 of 2: PASS blk blk.ram0.msg.write.bs4096.qd1: 16 ops")
    m.expect("blkbench|info: blk: path zerocopy, randwrite, bs 4096, qd 1, 4 client(s) x 200 ops")
    total = expect_rate_line(m, "blk.ram0.zerocopy.randwrite.bs4096.qd1.c4", 800)
    rows = {}
    for who, n in (("0", 200), ("1", 200), ("2", 200), ("3", 200), ("total", 800)):
        m.child.expect(ROW % (who, n))
        rows[who] = int(m.child.match.group(5))
    m.expect("blkbench|info: step 2 of 2: PASS blk blk.ram0.zerocopy.randwrite.bs4096.qd1.c4: 800 ops")
    m.expect("blkbench|result: PASS all 2 steps")
    assert m.finish() == 0
    assert rows["total"] == total[5]
    # A row's time is its span less the pattern work done in it (by any
    # client): never more than the whole run's, so no client is slower than
    # an equal share of the total.
    for w in "0123":
        assert rows[w] >= rows["total"] // 4, (w, rows)


def test_pattern_work_is_linear_in_sectors(boot):
    """What blkbench leaves out of its figures (filling and checking the
    verify pattern) is a fixed part and the same work for every sector: an
    op of up to 64 sectors is timed whole, a larger one from 32 and 64
    sectors and extended, so that no timed window is as long as a timer
    tick. Under -icount the costs are exact: ops of 8, 16 and 24 sectors,
    each timed whole, must lie on one line, and a 1 MiB op's extended cost
    on that line too."""
    m = boot("--icount", "--append", "mica.shell=1", timeout=240)
    m.expect("init|info: ramdisk pid 2 ready")  # the prompt may come before it
    costs = {}
    for bs in (4096, 8192, 12288, 1048576):
        m.child.sendline('load blkbench initrd quota=16M '
                         'args="blk disk.ram0: --path zerocopy --rw write --bs %d --ops 2"' % bs)
        m.child.expect(r"blkbench\|info: pattern work per op, left out of the figures \(instr\): "
                       r"fill (\d+), check (\d+), skip (\d+)\r*\n", timeout=120)
        costs[bs] = [int(v) for v in m.child.match.groups()]
        m.expect("blkbench|result: PASS blk blk.ram0.zerocopy.write.bs%d.qd1: 2 ops" % bs)
    m.child.sendline("poweroff")
    assert m.finish() == 0
    for kind in range(3):
        c8, c16, c24, c2048 = (costs[bs][kind] for bs in (4096, 8192, 12288, 1048576))
        per_8 = c16 - c8
        assert per_8 > 0, kind
        assert c24 - c16 == per_8, (kind, c8, c16, c24)
        assert c2048 == c8 + per_8 * (2048 - 8) // 8, (kind, c8, c16, c2048)
