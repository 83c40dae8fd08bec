/* Byte reads over a block handle, through a small cache of aligned lines. */
#include "block_source.h"

#include <mica/abi/errno.h>
#include <mica/rt_string.h>
#include <mica/timebase.h>

/* How long to wait for the disk's server to register its scheme. */
#define SCHEME_WAIT_MS 5000u

int block_source_open(struct block_source *s, const char *name)
{
    memset(s, 0, sizeof *s);
    int r = ipc_scheme_open_waiting(&s->handle, name, BLK_OPEN_READ, SCHEME_WAIT_MS);
    if (r < 0)
        return r;
    struct blk_stat st;
    if ((r = ipc_blk_fstat(&s->handle, &st)) < 0 ||
        (st.block_size > BLOCK_SOURCE_LINE && (r = -MICA_ENOTSUP))) {
        ipc_blk_close(&s->handle);
        return r;
    }
    s->size = st.size_bytes;
    s->block_size = st.block_size;
    return 0;
}

void block_source_close(struct block_source *s)
{
    if (s->handle.ep)
        ipc_blk_close(&s->handle);
}

void block_source_forget(struct block_source *s)
{
    for (unsigned i = 0; i < BLOCK_SOURCE_LINES; i++)
        s->lines[i].valid = false;
}

/* The line holding byte `at`, read from the device if it is not cached. */
static int line_for(struct block_source *s, uint64_t at, unsigned *index)
{
    uint64_t start = at - at % BLOCK_SOURCE_LINE;
    for (unsigned i = 0; i < BLOCK_SOURCE_LINES; i++) {
        if (s->lines[i].valid && s->lines[i].at == start) {
            *index = i;
            return 0;
        }
    }
    unsigned i = s->next_victim;
    s->next_victim = (i + 1) % BLOCK_SOURCE_LINES;
    /* The device's size is whole blocks and a line whole blocks, so the
     * last line is cut at the device's end on a block boundary. */
    uint32_t bytes = s->size - start < BLOCK_SOURCE_LINE ? (uint32_t)(s->size - start)
                                                         : BLOCK_SOURCE_LINE;
    s->lines[i].valid = false;
    long r = ipc_blk_read(&s->handle, start, s->lines[i].data, bytes);
    if (r < 0)
        return (int)r;
    if ((uint32_t)r != bytes)
        return -MICA_EIO;
    s->lines[i].valid = true;
    s->lines[i].at = start;
    s->lines[i].bytes = bytes;
    *index = i;
    return 0;
}

int block_source_read(void *ctx, uint64_t offset, void *data, uint32_t length)
{
    struct block_source *s = ctx;
    if (offset > s->size || length > s->size - offset)
        return -MICA_ENXIO;
    uint8_t *out = data;
    while (length > 0) {
        unsigned i = 0;
        int r = line_for(s, offset, &i);
        if (r < 0)
            return r;
        uint32_t within = (uint32_t)(offset - s->lines[i].at);
        uint32_t n = s->lines[i].bytes - within < length ? s->lines[i].bytes - within : length;
        memcpy(out, s->lines[i].data + within, n);
        out += n;
        offset += n;
        length -= n;
    }
    return 0;
}
