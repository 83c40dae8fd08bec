/* The light client: opens next to the heavy one while it floods, times
 * FAIR_LIGHT_READS one-block reads, yielding before each so that the
 * heavy client has a round queued at the server ahead of it (the p99 is
 * the bench figure), marks
 * block 0 to stop it, and watches the free page count (it is granted
 * `system`) for the heavy client's pinned buffers to come back with no
 * OPEN of anyone's in between; then times the same reads alone. */
#include <stdio.h>
#include <string.h>

#include <mica/bench_stats.h>
#include <mica/abi/bootinfo.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include <mica/blk_server.h>

#include "../../bench/blkbench/counter.h"
#include "fairness.h"

#define EXTRA_OPENS 3u
/* Every read finishes within this, next to the heavy client. */
#define READ_BOUND_MS 1000u
/* The heavy client's pins are back within this after the stop mark. */
#define RETURN_BOUND_MS 2000u
/* What the heavy client pins at the least: its buffers on the default share. */
#define HEAVY_PAGES ((uint64_t)BLK_SERVER_CLIENT_HANDLES * FAIR_HEAVY_PAGES)

static uint64_t samples_storage[FAIR_LIGHT_READS];

static long free_pages(void)
{
    return mica_sys_system_info(MICA_SLOT_SYSTEM, MICA_INFO_FREE_PAGES);
}

/* Times the reads; the summary into *sum, the slowest in timebase ticks into *worst. */
static int time_reads(struct ipc_blk_handle *h, uint64_t blocks, struct bench_summary *sum,
                      uint64_t *worst)
{
    struct bench_samples samples;
    uint8_t data[FAIR_BLOCK];
    bench_samples_init(&samples, samples_storage, FAIR_LIGHT_READS);
    *worst = 0;
    for (unsigned i = 0; i < FAIR_LIGHT_READS; i++) {
        uint64_t block = 1u + (i * 104729ull) % (blocks - 1u);
        mica_sys_thread_yield();
        uint64_t t0 = arch_rdtime(), c0 = arch_rdcycle();
        long r = ipc_blk_read(h, block * FAIR_BLOCK, data, FAIR_BLOCK);
        uint64_t c1 = arch_rdcycle(), t1 = arch_rdtime();
        if (r != FAIR_BLOCK)
            return r < 0 ? (int)r : -MICA_EIO;
        bench_add(&samples, c1 - c0);
        if (t1 - t0 > *worst)
            *worst = t1 - t0;
    }
    return bench_summarize(&samples, sum) ? 0 : -MICA_EINVAL;
}

/* fair.<disk>.light_read_512.<which>: the disk is the scheme's name
 * without "disk." and the colon ("disk.vblk0:" -> vblk0), so the ramdisk's
 * and virtio-blk's figures of one make bench stay apart. */
static void print_bench(const char *scheme, const char *which, const struct bench_summary *sum)
{
    const char *disk = strncmp(scheme, "disk.", 5) == 0 ? scheme + 5 : scheme;
    int disk_len = (int)strcspn(disk, ":");
    char name[96], line[192];
    snprintf(name, sizeof name, "fair.%.*s.light_read_512.%s", disk_len, disk, which);
    bench_format_line(line, sizeof line, name, counter_unit(), sum, 0);
    ipc_print("%s\n", line);
}

static int fail(const char *why, long code)
{
    ipc_log_error("light: %s (%s)", why, code < 0 ? mica_errno_name((int)code) : "-");
    ipc_log_result("FAIL %s", why);
    return 1;
}

int fair_light(const char *scheme)
{
    struct ipc_blk_handle h, extra[EXTRA_OPENS];
    int r = ipc_scheme_open_waiting(&h, scheme, BLK_OPEN_READ | BLK_OPEN_WRITE, 10000);
    if (r < 0)
        return fail("cannot open the disk", r);
    struct blk_stat st;
    if ((r = ipc_blk_fstat(&h, &st)) < 0)
        return fail("fstat", r);
    if ((r = fair_wait_mark(&h, FAIR_MAGIC_FLOODING, 60000)) < 0)
        return fail("the heavy client never started flooding", r);
    for (unsigned i = 0; i < EXTRA_OPENS; i++)
        if ((r = ipc_scheme_open(&extra[i], scheme, BLK_OPEN_READ)) < 0)
            return fail("an open next to the heavy client was refused", r);
    for (unsigned i = 0; i < EXTRA_OPENS; i++)
        ipc_blk_close(&extra[i]);
    ipc_log_info("light: %u more opens next to the heavy client succeeded", EXTRA_OPENS);

    struct bench_summary busy, alone;
    uint64_t worst = 0, blocks = st.size_bytes / FAIR_BLOCK;
    if ((r = time_reads(&h, blocks, &busy, &worst)) < 0)
        return fail("a read next to the heavy client failed", r);
    print_bench(scheme, "heavy", &busy);
    uint64_t worst_ms = worst * 1000u / timebase_hz();
    ipc_log_info("light: slowest read next to the heavy client took %llu ms (bound %u ms)",
                 (unsigned long long)worst_ms, READ_BOUND_MS);
    if (worst_ms > READ_BOUND_MS)
        return fail("a read next to the heavy client took longer than the bound", 0);

    long before = free_pages();
    if (before < 0)
        return fail("no free page count (start with `system`)", before);
    if ((r = fair_put_mark(&h, FAIR_MAGIC_STOP)) < 0)
        return fail("cannot mark the stop", r);
    uint64_t start = arch_rdtime(), limit = timebase_ticks_ms(RETURN_BOUND_MS);
    long now = before;
    while ((uint64_t)(now - before) < HEAVY_PAGES && arch_rdtime() - start < limit) {
        mica_sys_thread_yield();
        now = free_pages();
    }
    uint64_t took_ms = (arch_rdtime() - start) * 1000u / timebase_hz();
    ipc_log_info("light: %ld pages came back %llu ms after the stop mark, with no open since "
                 "(the heavy client pinned %llu)", now - before, (unsigned long long)took_ms,
                 (unsigned long long)HEAVY_PAGES);
    if ((uint64_t)(now - before) < HEAVY_PAGES)
        return fail("the heavy client's pinned buffers did not come back when it died", now - before);

    if ((r = time_reads(&h, blocks, &alone, &worst)) < 0)
        return fail("a read alone failed", r);
    print_bench(scheme, "alone", &alone);
    ipc_blk_close(&h);
    ipc_log_result("PASS light reads next to a heavy client: p99 %llu %s (alone %llu), "
                   "%ld pages back in %llu ms", (unsigned long long)busy.p99, counter_unit(),
                   (unsigned long long)alone.p99, now - before, (unsigned long long)took_ms);
    return 0;
}
