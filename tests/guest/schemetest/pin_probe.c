/* arg 12: after the arg 6 client has exited with whole-buffer reads still
 * in flight on a throttled disk (filled with non-zero bytes by the test),
 * take frames the way any process would and watch them. Frames come zeroed
 * and the page allocator is first fit, so the lowest free pages, where the
 * exited client's memory went back, are handed out first: had the server
 * kept only copies of the client's buffer frames, its pages would be among
 * ours while the device still reads the disk into them, and the disk's bytes
 * would show up here. With the server's pins they stay allocated until the
 * device is done, and every word we see stays zero. */
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/timebase.h>
#include <mica/syscall.h>

#include "schemetest.h"

/* The client's buffer frames are this size (vblk_paths.c's BUFFER_PAGES in
 * BUFFER_FRAMES frames): the holes they leave fit one each. */
#define PROBE_FRAME_PAGES 8u
#define PROBE_MAX_FRAMES 160u /* 5 MiB: more than the client's whole 4 MiB quota */
/* Longer than 16 reads of 64 KiB take at the test's iops. */
#define WATCH_MS 8000u

static const uint64_t *probe[PROBE_MAX_FRAMES];
static long probe_slots[PROBE_MAX_FRAMES];

static unsigned take_frames(void)
{
    unsigned n = 0;
    for (; n < PROBE_MAX_FRAMES; n++) {
        long err;
        probe[n] = ipc_frame_map_new(PROBE_FRAME_PAGES, MICA_RIGHT_READ, &probe_slots[n], &err);
        if (!probe[n])
            break;
    }
    return n;
}

static void give_back(unsigned frames)
{
    for (unsigned f = 0; f < frames; f++)
        ipc_frame_unmap((void *)probe[f], PROBE_FRAME_PAGES, probe_slots[f]);
}

static uint64_t nonzero_words(unsigned frames)
{
    uint64_t found = 0;
    for (unsigned f = 0; f < frames; f++)
        for (unsigned i = 0; i < PROBE_FRAME_PAGES * MICA_PAGE_SIZE / 8; i++)
            found += probe[f][i] != 0;
    return found;
}

/* Rounds of take, look twice, give back, for as long as the reads can take:
 * pages the client's exit freed are taken by the first round after it, and
 * a device write into them lands while we hold them. */
void vblk_pin_probe(void)
{
    uint64_t found = 0, rounds = 0, fewest = PROBE_MAX_FRAMES;
    uint64_t start = arch_rdtime(), watch = timebase_ticks_ms(WATCH_MS);
    while (arch_rdtime() - start < watch) {
        unsigned frames = take_frames();
        fewest = frames < fewest ? frames : fewest;
        found += nonzero_words(frames);
        mica_sys_thread_yield();
        found += nonzero_words(frames);
        give_back(frames);
        rounds++;
    }
    ipc_log_info("pin_probe: %llu rounds of at least %llu frames of %u pages, %llu non-zero words",
                 (unsigned long long)rounds, (unsigned long long)fewest, PROBE_FRAME_PAGES,
                 (unsigned long long)found);
    check(found == 0 && fewest == PROBE_MAX_FRAMES, "vblk_pin_probe",
          "the device wrote into memory handed out again (or too few frames)",
          found ? (long)found : (long)fewest);
}
