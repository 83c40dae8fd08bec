/* The block servers' handle table: free-entry search, generations and
 * badge lookup over entries of any size (docs/block-protocol.md "Handles"). */
#include <mica/blk_handle_badge.h>
#include <mica/blk_handle_table.h>
#include <mica/abi/errno.h>

void blk_handle_table_init(struct blk_handle_table *t, void *entries, size_t stride,
                           unsigned count, long endpoint, const struct blk_handle_caps *caps)
{
    t->entries = entries;
    t->stride = stride;
    t->count = count;
    t->endpoint = endpoint;
    t->caps = caps;
    for (size_t i = 0; i < stride * count; i++)
        t->entries[i] = 0;
}

struct blk_handle *blk_handle_at(const struct blk_handle_table *t, unsigned index)
{
    return (struct blk_handle *)(void *)(t->entries + (size_t)index * t->stride);
}

unsigned blk_handle_index(const struct blk_handle_table *t, const struct blk_handle *h)
{
    return (unsigned)(((const uint8_t *)h - t->entries) / t->stride);
}

uint64_t blk_handle_badge_of(const struct blk_handle_table *t, const struct blk_handle *h)
{
    return blk_handle_badge(h->generation, blk_handle_index(t, h));
}

struct blk_handle *blk_handle_lookup(const struct blk_handle_table *t, uint64_t badge)
{
    unsigned index = blk_handle_badge_index(badge);
    if (index >= t->count)
        return 0;
    struct blk_handle *h = blk_handle_at(t, index);
    /* The entry's badge, its index the one just used (blk_handle_badge_of
     * would work it out again from the address). */
    return h->open && blk_handle_badge(h->generation, index) == badge ? h : 0;
}

int blk_handle_open(struct blk_handle_table *t, bool writable, struct blk_handle **opened)
{
    struct blk_handle *h = 0;
    for (unsigned i = 0; i < t->count && !h; i++) {
        struct blk_handle *e = blk_handle_at(t, i);
        if (!e->open && !e->draining)
            h = e;
    }
    if (!h)
        return -MICA_EMFILE;
    uint64_t generation = h->generation % BLK_BADGE_GENERATION_MAX + 1u;
    long slot = t->caps->mint(t->endpoint, blk_handle_badge(generation, blk_handle_index(t, h)));
    if (slot < 0)
        return (int)slot;
    uint8_t *bytes = (uint8_t *)h;
    for (size_t i = 0; i < t->stride; i++)
        bytes[i] = 0;
    *h = (struct blk_handle){ .open = true, .writable = writable, .generation = generation,
                              .endpoint = slot };
    *opened = h;
    return 0;
}

struct blk_handle *blk_handle_next_unheld(const struct blk_handle_table *t, unsigned *from)
{
    while (*from < t->count) {
        struct blk_handle *h = blk_handle_at(t, (*from)++);
        if (h->open && h->endpoint && !t->caps->held(h->endpoint))
            return h;
    }
    return 0;
}

void blk_handle_close(struct blk_handle_table *t, struct blk_handle *h)
{
    if (h->endpoint)
        t->caps->revoke_and_drop(h->endpoint);
    h->open = false;
    h->endpoint = 0;
}
