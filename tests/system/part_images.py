"""Disk images with partition tables, written here after the layouts of
the MBR (with an extended partition's EBR chain) and of GPT (UEFI chapter
5: protective MBR, header at LBA 1 with its CRC32, the entry array from
LBA 2 with its CRC32, and the backup array and header at the end), so the
system tests need no partitioning tool."""
import struct
import uuid
import zlib

SECTOR = 512
GPT_ENTRIES = 128
GPT_ENTRY_SIZE = 128
GPT_ARRAY_SECTORS = GPT_ENTRIES * GPT_ENTRY_SIZE // SECTOR

LINUX_DATA = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4")
EFI_SYSTEM = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")


def mbr_entry(status, kind, start, count):
    """One 16-byte entry; the CHS fields hold the "use LBA" value."""
    return struct.pack("<B3sB3sII", status, b"\xfe\xff\xff", kind, b"\xfe\xff\xff", start, count)


def boot_record(entries):
    """A 512-byte MBR or EBR: up to four entries and the signature."""
    table = b"".join(entries).ljust(64, b"\0")
    return bytes(446) + table + b"\x55\xaa"


def write_mbr(data, primaries, logical=()):
    """primaries: (slot 0..3, status, type, start, count); an entry of type
    0x05 is the extended partition, holding `logical`: (type, start, count)
    in order, the first one's EBR at the extended partition's start, each
    other's in the block before it."""
    entries = [bytes(16)] * 4
    extended = None
    for slot, status, kind, start, count in primaries:
        entries[slot] = mbr_entry(status, kind, start, count)
        if kind == 0x05:
            extended = start
    data[0:SECTOR] = boot_record(entries)
    ebrs = [extended] + [start - 1 for _, start, _ in logical[1:]]
    for i, (kind, start, count) in enumerate(logical):
        links = [mbr_entry(0, kind, start - ebrs[i], count)]
        if i + 1 < len(logical):
            _, nstart, ncount = logical[i + 1]
            links.append(mbr_entry(0, 0x05, ebrs[i + 1] - extended, nstart + ncount - ebrs[i + 1]))
        data[ebrs[i] * SECTOR:(ebrs[i] + 1) * SECTOR] = boot_record(links)


def gpt_header(sectors, mine, other, array_lba, array_crc, disk_guid):
    first_usable = 2 + GPT_ARRAY_SECTORS
    last_usable = sectors - 2 - GPT_ARRAY_SECTORS
    fields = struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x00010000, 92, 0, 0, mine, other,
                         first_usable, last_usable, disk_guid.bytes_le, array_lba, GPT_ENTRIES,
                         GPT_ENTRY_SIZE, array_crc)
    crc = zlib.crc32(fields) & 0xffffffff
    fields = fields[:16] + struct.pack("<I", crc) + fields[20:]
    return fields.ljust(SECTOR, b"\0")


def write_gpt(data, parts, disk_guid=uuid.UUID("6d696361-0000-4000-8000-000000000001")):
    """parts: (index, type uuid, unique uuid, first, last, name)."""
    sectors = len(data) // SECTOR
    data[0:SECTOR] = boot_record([mbr_entry(0, 0xee, 1, min(sectors - 1, 0xffffffff))])
    array = bytearray(GPT_ENTRIES * GPT_ENTRY_SIZE)
    for index, kind, unique, first, last, name in parts:
        entry = struct.pack("<16s16sQQQ72s", kind.bytes_le, unique.bytes_le, first, last, 0,
                            name.encode("utf-16-le"))
        array[index * GPT_ENTRY_SIZE:(index + 1) * GPT_ENTRY_SIZE] = entry
    array_crc = zlib.crc32(array) & 0xffffffff
    backup_array = sectors - 1 - GPT_ARRAY_SECTORS
    data[SECTOR:2 * SECTOR] = gpt_header(sectors, 1, sectors - 1, 2, array_crc, disk_guid)
    data[2 * SECTOR:(2 + GPT_ARRAY_SECTORS) * SECTOR] = array
    data[backup_array * SECTOR:(sectors - 1) * SECTOR] = array
    data[(sectors - 1) * SECTOR:] = gpt_header(sectors, sectors - 1, 1, backup_array, array_crc,
                                               disk_guid)
