/* blkbench file: what reading a whole file through a file scheme costs
 * (boot:/ served by fat over a block device): warm-up reads, then measured
 * ones, each the whole file from offset 0 through one open handle, timed
 * with rdcycle. The bytes of every read are compared with the first's, so a
 * figure never comes from a read that went wrong. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mica/bench_stats.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/file_client.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/syscall.h>
#include <mica/timebase.h>

#include "blkbench.h"
#include "counter.h"

#define FILE_BENCH_MAX (1u << 20)
#define OPEN_WAIT_MS 5000u
#define NAME_MAX_BYTES 64u

static uint64_t pages_for(uint64_t bytes)
{
    return (bytes + MICA_PAGE_SIZE - 1) / MICA_PAGE_SIZE;
}

/* "file.boot.read.65536" for boot:/... of 65536 bytes. */
static void figure_name(const char *scheme, uint64_t size, char *out, size_t cap)
{
    size_t n = (size_t)(strchr(scheme, ':') - scheme);
    snprintf(out, cap, "file.%.*s.read.%llu", (int)n, scheme, (unsigned long long)size);
}

static int measure(const struct blkbench_opts *o, struct ipc_file *f, uint8_t *first, uint8_t *again,
                   struct bench_samples *samples)
{
    if (ipc_file_read(f, 0, first, f->size) != (long)f->size)
        return -MICA_EIO;
    for (uint32_t i = 0; i < o->warmup + o->rounds; i++) {
        uint64_t start = arch_rdcycle();
        long n = ipc_file_read(f, 0, again, f->size);
        uint64_t end = arch_rdcycle();
        if (n != (long)f->size)
            return n < 0 ? (int)n : -MICA_EIO;
        if (memcmp(first, again, f->size) != 0)
            return -MICA_EBADMSG;
        if (i >= o->warmup)
            bench_add(samples, end - start);
    }
    return 0;
}

int blkbench_file(const struct blkbench_opts *o)
{
    const char *unit = counter_unit();
    struct ipc_file f;
    /* The file system may still be mounting: its scheme is not there yet. */
    uint64_t give_up = arch_rdtime() + timebase_ticks_ms(OPEN_WAIT_MS);
    int r;
    while ((r = ipc_file_open(&f, o->scheme)) == -MICA_EAGAIN && arch_rdtime() < give_up)
        mica_sys_thread_yield();
    if (r < 0)
        return blkbench_verdict(false, "file %s: %s", o->scheme, mica_errno_name(r));
    if (f.kind != FILE_KIND_FILE || f.size == 0 || f.size > FILE_BENCH_MAX) {
        ipc_file_close(&f);
        return blkbench_verdict(false, "file %s: not a file of 1 byte .. 1 MiB", o->scheme);
    }
    uint64_t data_pages = pages_for(f.size), sample_pages = pages_for(o->rounds * sizeof(uint64_t));
    long frames[3], err;
    uint8_t *first = ipc_frame_map_new(data_pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frames[0], &err);
    uint8_t *again = first ? ipc_frame_map_new(data_pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                               &frames[1], &err) : 0;
    uint64_t *storage = again ? ipc_frame_map_new(sample_pages, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                                  &frames[2], &err) : 0;
    if (!storage) {
        ipc_file_close(&f);
        return blkbench_verdict(false, "file %s: no memory: %s", o->scheme, mica_errno_name((int)err));
    }
    struct bench_samples samples;
    bench_samples_init(&samples, storage, o->rounds);
    r = measure(o, &f, first, again, &samples);
    ipc_file_close(&f);
    struct bench_summary summary;
    char name[NAME_MAX_BYTES], line[256];
    bool ok = r == 0 && bench_summarize(&samples, &summary) && !samples.overflowed;
    if (ok) {
        figure_name(o->scheme, f.size, name, sizeof name);
        bench_format_line(line, sizeof line, name, unit, &summary, 0);
        ipc_print("%s\n", line);
    }
    ipc_frame_unmap(storage, sample_pages, frames[2]);
    ipc_frame_unmap(again, data_pages, frames[1]);
    ipc_frame_unmap(first, data_pages, frames[0]);
    if (!ok)
        return blkbench_verdict(false, "file %s: %s", o->scheme, r < 0 ? mica_errno_name(r) : "no samples");
    return blkbench_verdict(true, "file %s: %u reads of %llu bytes, unit %s", o->scheme, o->rounds,
                            (unsigned long long)f.size, unit);
}
