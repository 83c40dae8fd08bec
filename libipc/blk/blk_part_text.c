/* A damaged table's reason in words, for the one log line a server gives
 * it. Freestanding: the few numbers are formatted here. */
#include "blk_part_private.h"

struct text {
    char *out;
    size_t size, used;
};

static void put(struct text *x, const char *s)
{
    while (*s && x->used + 1u < x->size)
        x->out[x->used++] = *s++;
    x->out[x->used] = 0;
}

static void put_number(struct text *x, uint64_t v)
{
    char digits[21];
    unsigned n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    char s[2] = { 0, 0 };
    while (n) {
        s[0] = digits[--n];
        put(x, s);
    }
}

const char *blk_part_kind_name(enum blk_part_kind kind)
{
    return kind == BLK_PART_KIND_MBR ? "MBR" : kind == BLK_PART_KIND_GPT ? "GPT" : "none";
}

void blk_part_error_text(const struct blk_part_table *t, char *out, size_t size)
{
    struct text x = { out, size, 0 };
    if (size == 0)
        return;
    out[0] = 0;
    const char *table = t->kind == BLK_PART_KIND_GPT ? "GPT entry " : "MBR entry ";
    uint64_t a = t->detail[0], b = t->detail[1];
    switch (t->error) {
    case BLK_PART_OK:
        put(&x, "no error");
        break;
    case BLK_PART_READ_FAILED:
        put(&x, "reading block ");
        put_number(&x, a);
        put(&x, " failed");
        break;
    case BLK_PART_PMBR_MISMATCH:
        put(&x, "protective MBR does not cover the disk (start ");
        put_number(&x, a);
        put(&x, ", ");
        put_number(&x, b);
        put(&x, " blocks)");
        break;
    case BLK_PART_GPT_SIGNATURE:
        put(&x, "protective MBR without a GPT header at block 1");
        break;
    case BLK_PART_GPT_HEADER_CRC:
        put(&x, "GPT header CRC32 mismatch");
        break;
    case BLK_PART_GPT_HEADER:
        put(&x, "GPT header fields out of range");
        break;
    case BLK_PART_GPT_ENTRIES_CRC:
        put(&x, "GPT entry array CRC32 mismatch");
        break;
    case BLK_PART_START_ZERO:
        put(&x, table);
        put_number(&x, a);
        put(&x, " starts at block 0");
        break;
    case BLK_PART_OUT_OF_DISK:
        put(&x, table);
        put_number(&x, a);
        put(&x, t->kind == BLK_PART_KIND_GPT ? " lies outside the usable blocks"
                                             : " lies outside the disk or its extended partition");
        break;
    case BLK_PART_OVERLAP:
        put(&x, table);
        put_number(&x, a);
        put(&x, " overlaps entry ");
        put_number(&x, b);
        break;
    case BLK_PART_TWO_EXTENDED:
        put(&x, "MBR entry ");
        put_number(&x, a);
        put(&x, " is a second extended partition");
        break;
    case BLK_PART_EBR_CHAIN:
        put(&x, "broken chain of logical partitions at block ");
        put_number(&x, a);
        break;
    case BLK_PART_TOO_MANY:
        put(&x, "more than ");
        put_number(&x, a);
        put(&x, " partitions");
        break;
    }
}
