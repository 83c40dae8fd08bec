/* The checks every blktest file uses: a failure names the test, the step and
 * both values; pattern checks name the first wrong byte and why. */
#include <stdarg.h>
#include <stdio.h>

#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/scheme.h>

#include "blktest.h"

extern const char *blktest_current;

int blktest_fail(const char *fmt, ...)
{
    char text[MICA_LOG_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ipc_log_error("%s: %s", blktest_current, text);
    return -1;
}

int blktest_expect(long got, long want, const char *what)
{
    if (got == want)
        return 0;
    /* Negative values are error codes: print their names too. */
    return blktest_fail("%s: got %ld%s%s, want %ld%s%s", what, got, got < 0 ? " " : "",
                        got < 0 ? mica_errno_name((int)got) : "", want, want < 0 ? " " : "",
                        want < 0 ? mica_errno_name((int)want) : "");
}

int blktest_open_path(const struct blktest *t, struct ipc_blk_handle *h, bool read_only_disk,
                      const char *path, unsigned flags)
{
    if (blktest_in_process(t))
        return ipc_blk_open(h, read_only_disk ? t->ro_ep : t->rw_ep, path, flags);
    char name[MICA_SCHEME_NAME_MAX + BLK_PATH_MAX + 2];
    snprintf(name, sizeof name, "%s%s",
             read_only_disk ? t->target->ro_scheme : t->target->rw_scheme, path);
    return ipc_scheme_open(h, name, flags);
}

int blktest_open_with_buffer(const struct blktest *t, struct ipc_blk_handle *h)
{
    EXPECT(blktest_open(t, h, false, BLK_OPEN_READ | BLK_OPEN_WRITE), 0, "open the read-write disk");
    EXPECT(ipc_blk_buffer_create(h, BLKTEST_BUFFER_PAGES, BLKTEST_BUFFER_FRAMES),
           BLKTEST_BUFFER_BYTES, "register buffer");
    return 0;
}

int blktest_check(const void *data, uint64_t blocks, uint64_t lba, uint64_t seed,
                  uint64_t generation, const char *what)
{
    struct blkpattern_mismatch bad;
    if (blkpattern_check(data, blocks, lba, seed, generation, &bad) == BLKPATTERN_OK)
        return 0;
    return blktest_fail("%s: block %llu byte %u: %s", what, (unsigned long long)bad.lba,
                        bad.offset, blkpattern_result_name(bad.reason));
}

int blktest_write_blocks(struct ipc_blk_handle *h, uint64_t lba, uint64_t blocks, uint64_t seed,
                         uint64_t generation)
{
    uint8_t block[BLKTEST_BLOCK];
    for (uint64_t i = 0; i < blocks; i++) {
        blkpattern_fill(block, 1, lba + i, seed, generation);
        EXPECT(ipc_blk_write_message(h, (lba + i) * BLKTEST_BLOCK, block, sizeof block), BLKTEST_BLOCK,
               "message write");
    }
    return 0;
}

int blktest_verify_blocks(struct ipc_blk_handle *h, uint64_t lba, uint64_t blocks, uint64_t seed,
                          uint64_t generation, const char *what)
{
    uint8_t block[BLKTEST_BLOCK];
    for (uint64_t i = 0; i < blocks; i++) {
        EXPECT(ipc_blk_read_message(h, (lba + i) * BLKTEST_BLOCK, block, sizeof block), BLKTEST_BLOCK,
               "message read");
        if (blktest_check(block, 1, lba + i, seed, generation, what))
            return -1;
    }
    return 0;
}
