/* Cluster chains: one FAT entry at a time, each checked (a free, reserved
 * or bad entry, or a cluster past the volume, ends the walk with a reason),
 * and whole-chain walks that detect loops without memory. */
#include <mica/abi/errno.h>

#include "fat_volume.h"

/* Entries at or above this end a chain (end-of-chain markers); the one
 * below is the bad-cluster marker. */
static uint32_t end_marker(unsigned type)
{
    return type == 12 ? 0xff8u : type == 16 ? 0xfff8u : 0x0ffffff8u;
}

long fat_next_cluster(struct fat_volume *v, uint32_t cluster)
{
    if (cluster < 2 || cluster > v->cluster_count + 1)
        return fat_refuse(v, -MICA_EBADMSG, "cluster %u is past the volume's %u clusters", cluster,
                          v->cluster_count);
    uint64_t at = v->type == 12 ? cluster + cluster / 2 : (uint64_t)cluster * (v->type / 8u);
    uint8_t b[4] = { 0 };
    int r = v->read(v->ctx, v->fat_offset + at, b, v->type == 32 ? 4 : 2);
    if (r < 0)
        return fat_refuse(v, r, "cannot read the FAT entry of cluster %u (error %d)", cluster, r);
    uint32_t entry = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                     (uint32_t)b[3] << 24;
    if (v->type == 12)
        entry = cluster & 1 ? entry >> 4 : entry & 0xfff;
    else if (v->type == 32)
        entry &= 0x0fffffffu; /* the top four bits are reserved */
    if (entry >= end_marker(v->type))
        return 0;
    if (entry == end_marker(v->type) - 1)
        return fat_refuse(v, -MICA_EBADMSG, "cluster %u is in a chain but marked bad", cluster);
    if (entry < 2 || entry > v->cluster_count + 1)
        return fat_refuse(v, -MICA_EBADMSG, "FAT entry of cluster %u is %s%u, past the volume",
                          cluster, entry < 2 ? "free or reserved: " : "", entry);
    return entry;
}

long fat_chain_length(struct fat_volume *v, uint32_t first)
{
    /* Brent's cycle detection: the tortoise jumps to the hare at every
     * power of two, so a loop is met within twice its length plus its
     * distance from the start, and a chain longer than the volume has
     * clusters is a loop too. */
    uint32_t tortoise = first, power = 1, lambda = 0;
    long hare = first;
    uint64_t length = 0;
    while (hare > 0) {
        if (++length > v->cluster_count)
            break;
        hare = fat_next_cluster(v, (uint32_t)hare);
        if (hare < 0)
            return hare;
        if (hare == 0)
            return (long)length;
        if ((uint32_t)hare == tortoise)
            break;
        if (++lambda == power) {
            tortoise = (uint32_t)hare;
            power *= 2;
            lambda = 0;
        }
    }
    return fat_refuse(v, -MICA_EBADMSG, "loop in the FAT chain from cluster %u", first);
}

long fat_chain_seek(struct fat_volume *v, uint32_t first, uint32_t index, struct fat_cursor *cursor)
{
    struct fat_cursor here = { 0, first };
    if (cursor && cursor->cluster && cursor->index <= index)
        here = *cursor;
    while (here.index < index) {
        long next = fat_next_cluster(v, here.cluster);
        if (next < 0)
            return next;
        if (next == 0)
            return fat_refuse(v, -MICA_EBADMSG, "the chain from cluster %u ends before cluster %u",
                              first, index);
        here.cluster = (uint32_t)next;
        here.index++;
    }
    if (cursor)
        *cursor = here;
    return here.cluster;
}
