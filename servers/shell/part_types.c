/* lsblk's words for a partition: its type by name where it is a common one
 * (else the MBR byte or the GPT type GUID), and GUIDs as text. */
#include <stdio.h>
#include <string.h>

#include "shell.h"

void guid_text(const uint8_t g[16], char out[GUID_TEXT_SIZE])
{
    /* On disk the first three fields are little-endian, the rest bytes. */
    snprintf(out, GUID_TEXT_SIZE,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3], g[2],
             g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14],
             g[15]);
}

static const struct {
    const char *guid;
    const char *name;
} gpt_types[] = {
    { "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "EFI System" },
    { "0fc63daf-8483-4772-8e79-3d69d8477de4", "Linux filesystem" },
    { "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", "Linux swap" },
    { "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", "Microsoft basic data" },
    { "21686148-6449-6e6f-744e-656564454649", "BIOS boot" },
};

static const struct {
    uint8_t type;
    const char *name;
} mbr_types[] = {
    { 0x01, "FAT12" }, { 0x04, "FAT16 <32M" }, { 0x06, "FAT16" }, { 0x07, "NTFS/exFAT" },
    { 0x0b, "FAT32" }, { 0x0c, "FAT32 LBA" },  { 0x0e, "FAT16 LBA" }, { 0x82, "Linux swap" },
    { 0x83, "Linux" }, { 0xef, "EFI System" },
};

void part_type_text(const struct blk_partition *p, char *out, size_t size)
{
    if (p->table == BLK_PART_TABLE_GPT) {
        char guid[GUID_TEXT_SIZE];
        guid_text(p->type_guid, guid);
        for (size_t i = 0; i < sizeof gpt_types / sizeof gpt_types[0]; i++)
            if (strcmp(guid, gpt_types[i].guid) == 0) {
                snprintf(out, size, "GPT %s", gpt_types[i].name);
                return;
            }
        snprintf(out, size, "GPT %s", guid);
        return;
    }
    const char *name = "";
    for (size_t i = 0; i < sizeof mbr_types / sizeof mbr_types[0]; i++)
        if (mbr_types[i].type == p->mbr_type)
            name = mbr_types[i].name;
    snprintf(out, size, "MBR 0x%02x%s%s%s%s", p->mbr_type, *name ? " " : "", name,
             (p->flags & BLK_PART_LOGICAL) ? ", logical" : "",
             (p->flags & BLK_PART_BOOTABLE) ? ", bootable" : "");
}
