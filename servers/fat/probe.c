/* Which device holds the volume: every candidate is mounted (the parser
 * refuses anything that is not a sound FAT boot sector) and, if the
 * configuration names a file, must hold it. The boot volume is "the FAT
 * volume holding /extlinux/extlinux.conf", whether it fills the disk (a
 * superfloppy) or is one of its partitions. */
#include <mica/abi/bootargs.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>

#include "fat_server.h"

#define PARTITIONS_TRIED 8u

/* 1 when the volume at path is FAT and holds find, 0 when it is not the
 * one (said in one line unless quiet), negative when the device cannot be
 * opened at all. */
static int try_device(struct fat_server *s, const char *path, const char *find, bool quiet)
{
    int r = block_source_open(&s->source, path);
    if (r < 0)
        return r;
    r = fat_mount(&s->volume, block_source_read, &s->source, s->source.size);
    struct fat_node node;
    if (r == 0 && find[0] && (r = fat_lookup(&s->volume, find, &node)) < 0) {
        ipc_log_info("%s: FAT%u volume without %s", path, s->volume.type, find);
        s->volume.why[0] = 0; /* said: no refusal left to tell */
    } else if (r < 0) {
        if (!quiet)
            ipc_log_info("%s holds no usable FAT volume: %s", path, s->volume.why);
    } else {
        memcpy(s->device, path, strlen(path) + 1); /* both hold a device path and "pN" */
        return 1;
    }
    block_source_close(&s->source);
    return 0;
}

int fat_probe(struct fat_server *s, const char *args, const char *find)
{
    const char *p = args, *word;
    size_t len;
    while ((word = bootargs_next_word(&p, &len))) {
        char path[sizeof s->device];
        if (word[len - 1] != ':')
            continue; /* scheme= and find= */
        if (len + 4 > sizeof path) {
            ipc_log_error("%.*s: device name too long", (int)(len > 48 ? 48 : len), word);
            return -MICA_EINVAL;
        }
        memcpy(path, word, len);
        path[len] = 0;
        /* A whole disk with a partition table is not FAT, which is news
         * only when no partition is either. */
        int r = try_device(s, path, find, true);
        if (r > 0)
            return 0;
        if (r < 0) {
            ipc_log_info("%s: cannot open: %s", path, mica_errno_name(r));
            continue;
        }
        char whole_why[sizeof s->volume.why];
        memcpy(whole_why, s->volume.why, sizeof whole_why);
        bool partitions = false;
        /* The partitions, once the block server serves them as paths; a
         * server without them answers -MICA_ENOENT, which is no news. */
        for (unsigned n = 1; n <= PARTITIONS_TRIED; n++) {
            snprintf(path + len, sizeof path - len, "p%u", n);
            r = try_device(s, path, find, false);
            if (r > 0)
                return 0;
            partitions = partitions || r == 0;
            if (r < 0 && r != -MICA_ENOENT)
                ipc_log_info("%s: cannot open: %s", path, mica_errno_name(r));
        }
        if (!partitions && whole_why[0]) {
            path[len] = 0;
            ipc_log_info("%s holds no usable FAT volume: %s", path, whole_why);
        }
    }
    return -MICA_ENOENT;
}
