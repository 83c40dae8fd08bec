/* lsblk's partition rows: the shell opens the disk read-only and asks its
 * server for each partition (PARTITION, docs/block-protocol.md). Unlike
 * init, which never asks a server, the shell may: a server that does not
 * answer holds up the shell, not the supervisor. */
#include <stdio.h>

#include <mica/blk_client.h>
#include <mica/scheme.h>

#include "shell.h"

void lsblk_partitions(const char *scheme, uint32_t block_size)
{
    char name[MICA_SCHEME_NAME_MAX + 2];
    snprintf(name, sizeof name, "%s:", scheme);
    struct ipc_blk_handle h;
    if (ipc_scheme_open(&h, name, BLK_OPEN_READ) < 0)
        return;
    struct blk_partition p;
    for (unsigned i = 0; ipc_blk_partition(&h, i, &p) == 0; i++) {
        char path[MICA_SCHEME_NAME_MAX + 8], size[48], type[64], uuid[GUID_TEXT_SIZE];
        snprintf(path, sizeof path, "%s:p%u", scheme, p.number);
        size_text(p.block_count * block_size, size, sizeof size);
        part_type_text(&p, type, sizeof type);
        shell_printf("  %-22s %12s  start %llu  %s", path, size, (unsigned long long)p.first_block,
                     type);
        if (p.table == BLK_PART_TABLE_GPT) {
            guid_text(p.uuid, uuid);
            shell_printf("  name \"%s\"  uuid %s", p.name, uuid);
        }
        shell_printf("\n");
    }
    ipc_blk_close(&h);
}
