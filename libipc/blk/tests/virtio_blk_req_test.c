/* Host tests for libipc/blk/virtio_blk_req.c against a RAM-backed fake virtio-blk
 * device that executes the chains (completing them in reverse order):
 * splitting by SEG_MAX/SIZE_MAX, data round trips, flush, GET_ID, status
 * mapping and lsdev feature names. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>
#include <mica/virtio_blk_req.h>

#include "fake_device.h"

#define DISK_SECTORS 256u
#define QSIZE 64u

struct fake_vblk {
    struct virtq q;
    struct fake_device dev;
    struct virtq_slot slots[QSIZE];
    void *region;
    uint8_t disk[DISK_SECTORS * VBLK_SECTOR_SIZE];
    unsigned flushes;
    unsigned max_data_segs;
    uint32_t max_seg_len;
};

static struct fake_vblk *make_vblk(void)
{
    struct fake_vblk *f = calloc(1, sizeof(*f));
    struct virtq_layout layout;

    assert_non_null(f);
    assert_true(virtq_layout(QSIZE, &layout));
    f->region = aligned_alloc(VIRTQ_DESC_ALIGN, (layout.total + 15u) & ~(size_t)15u);
    assert_non_null(f->region);
    assert_int_equal(virtq_init(&f->q, QSIZE, false, f->region, (uintptr_t)f->region, f->slots), 0);
    fake_device_attach(&f->dev, &f->q);
    return f;
}

static void free_vblk(struct fake_vblk *f)
{
    free(f->region);
    free(f);
}

/* Executes one chain as virtio-blk would; returns bytes written to the driver. */
static uint32_t execute(struct fake_vblk *f, uint16_t head)
{
    struct virtq_buf chain[QSIZE];
    unsigned n = fake_device_chain(&f->dev, head, chain, QSIZE);
    struct vblk_header hdr;
    uint8_t *status = fake_phys_to_ptr(chain[n - 1].phys);
    uint64_t pos;
    uint32_t written = 1;

    assert_true(n >= 2);
    assert_int_equal(chain[0].len, sizeof(hdr));
    assert_false(chain[0].device_writes);
    assert_true(chain[n - 1].device_writes);
    memcpy(&hdr, fake_phys_to_ptr(chain[0].phys), sizeof(hdr));
    if (n - 2 > f->max_data_segs)
        f->max_data_segs = n - 2;
    pos = hdr.sector * VBLK_SECTOR_SIZE;
    if (hdr.type == VBLK_T_IN || hdr.type == VBLK_T_OUT) {
        uint64_t total = 0;

        for (unsigned i = 1; i + 1 < n; i++)
            total += chain[i].len;
        if (hdr.sector > DISK_SECTORS || total > (DISK_SECTORS - hdr.sector) * VBLK_SECTOR_SIZE) {
            *status = VBLK_S_IOERR;
            return written;
        }
        for (unsigned i = 1; i + 1 < n; i++) {
            assert_int_equal(chain[i].device_writes, hdr.type == VBLK_T_IN);
            if (chain[i].len > f->max_seg_len)
                f->max_seg_len = chain[i].len;
            if (hdr.type == VBLK_T_IN) {
                memcpy(fake_phys_to_ptr(chain[i].phys), f->disk + pos, chain[i].len);
                written += chain[i].len;
            } else {
                memcpy(f->disk + pos, fake_phys_to_ptr(chain[i].phys), chain[i].len);
            }
            pos += chain[i].len;
        }
        *status = VBLK_S_OK;
    } else if (hdr.type == VBLK_T_FLUSH) {
        f->flushes++;
        *status = VBLK_S_OK;
    } else if (hdr.type == VBLK_T_GET_ID) {
        memcpy(fake_phys_to_ptr(chain[1].phys), "mica-fake-serial-001", VBLK_ID_BYTES);
        written += VBLK_ID_BYTES;
        *status = VBLK_S_OK;
    } else {
        *status = VBLK_S_UNSUPP;
    }
    return written;
}

/* Takes everything available and completes it newest first. */
static void device_run(struct fake_vblk *f)
{
    uint16_t heads[QSIZE];
    unsigned n = 0;

    while (n < QSIZE && fake_device_next_avail(&f->dev, &heads[n]) == 1)
        n++;
    while (n > 0) {
        n--;
        fake_device_complete(&f->dev, heads[n], execute(f, heads[n]));
    }
}

/* Submits a whole transfer, request by request, all in flight at once. */
static int transfer(struct fake_vblk *f, uint32_t type, uint64_t sector, const struct blk_extent *ext,
                    unsigned count, const struct vblk_limits *limits, unsigned *requests)
{
    static struct vblk_header headers[QSIZE];
    static uint8_t status[QSIZE];
    struct vblk_cursor cursor;
    struct virtq_buf chain[QSIZE];
    uint32_t bytes;
    int n, result = 0;
    unsigned issued = 0;

    vblk_cursor_init(&cursor, type, sector, ext, count);
    for (;;) {
        struct vblk_req_mem mem = { &headers[issued], (uintptr_t)&headers[issued],
                                    (uintptr_t)&status[issued] };

        status[issued] = 0xff;
        n = vblk_next_request(&cursor, limits, &mem, chain, 8, &bytes);
        if (n <= 0)
            break;
        assert_int_equal(bytes % VBLK_SECTOR_SIZE, 0);
        assert_int_equal(virtq_add(&f->q, chain, (unsigned)n, issued), 0);
        issued++;
        assert_true(issued < QSIZE);
    }
    assert_int_equal(n, 0);
    virtq_publish(&f->q);
    device_run(f);
    for (unsigned done = 0; done < issued; done++) {
        uint64_t token;
        uint32_t written;

        assert_int_equal(virtq_get_used(&f->q, &token, &written), 1);
        int err = vblk_status_to_errno(status[token]);
        if (err != 0 && result == 0)
            result = err;
    }
    *requests = issued;
    return result;
}

static void test_split_and_round_trip(void **state)
{
    struct fake_vblk *f = make_vblk();
    static uint8_t out[8192], in[8192];
    /* Odd-sized extents: sector boundaries fall inside them. */
    struct blk_extent wext[3] = { { (uintptr_t)out, 700 }, { (uintptr_t)out + 700, 3000 },
                                   { (uintptr_t)out + 3700, 8192 - 3700 } };
    struct blk_extent rext[1] = { { (uintptr_t)in, 8192 } };
    struct vblk_limits limits = { .seg_max = 2, .size_max = 1024 };
    unsigned requests;

    (void)state;
    for (unsigned i = 0; i < sizeof(out); i++)
        out[i] = (uint8_t)(i * 7 + 3);
    assert_int_equal(transfer(f, VBLK_T_OUT, 10, wext, 3, &limits, &requests), 0);
    assert_true(requests >= 4);
    assert_true(f->max_data_segs <= 2);
    assert_true(f->max_seg_len <= 1024);
    assert_memory_equal(f->disk + 10 * VBLK_SECTOR_SIZE, out, sizeof(out));
    assert_int_equal(f->disk[10 * VBLK_SECTOR_SIZE - 1], 0);
    assert_int_equal(f->disk[10 * VBLK_SECTOR_SIZE + sizeof(out)], 0);

    limits.seg_max = 0; /* unlimited segments: the chain size (8) limits */
    limits.size_max = 0;
    f->max_data_segs = 0;
    assert_int_equal(transfer(f, VBLK_T_IN, 10, rext, 1, &limits, &requests), 0);
    assert_int_equal(requests, 1);
    assert_memory_equal(in, out, sizeof(in));
    free_vblk(f);
}

static void test_limits_too_small(void **state)
{
    static struct vblk_header header;
    static uint8_t status, data[1024];
    struct vblk_req_mem mem = { &header, (uintptr_t)&header, (uintptr_t)&status };
    struct blk_extent ext = { (uintptr_t)data, 1024 };
    struct vblk_limits limits = { .seg_max = 1, .size_max = 256 };
    struct vblk_cursor cursor;
    struct virtq_buf chain[8];
    uint32_t bytes;

    (void)state;
    vblk_cursor_init(&cursor, VBLK_T_IN, 0, &ext, 1);
    assert_int_equal(vblk_next_request(&cursor, &limits, &mem, chain, 8, &bytes), -MICA_EINVAL);
    limits.size_max = 0;
    assert_int_equal(vblk_next_request(&cursor, &limits, &mem, chain, 2, &bytes), -MICA_EINVAL);
    assert_int_equal(vblk_next_request(&cursor, &limits, &mem, chain, 3, &bytes), 3);
    assert_int_equal(bytes, 1024);
    assert_int_equal(header.type, VBLK_T_IN);
    assert_int_equal(vblk_next_request(&cursor, &limits, &mem, chain, 3, &bytes), 0);
}

static void test_errors_flush_and_id(void **state)
{
    struct fake_vblk *f = make_vblk();
    static uint8_t data[1024], id[VBLK_ID_BYTES], status;
    static struct vblk_header header;
    struct vblk_req_mem mem = { &header, (uintptr_t)&header, (uintptr_t)&status };
    struct blk_extent ext = { (uintptr_t)data, 1024 };
    struct vblk_limits limits = { 0, 0 };
    struct virtq_buf chain[3];
    unsigned requests;
    uint64_t token;
    uint32_t written;

    (void)state;
    assert_int_equal(transfer(f, VBLK_T_IN, DISK_SECTORS - 1, &ext, 1, &limits, &requests), -MICA_EIO);
    assert_int_equal(virtq_add(&f->q, chain, vblk_build_flush(&mem, chain), 0), 0);
    virtq_publish(&f->q);
    device_run(f);
    assert_int_equal(virtq_get_used(&f->q, &token, &written), 1);
    assert_int_equal(vblk_status_to_errno(status), 0);
    assert_int_equal(f->flushes, 1);
    assert_int_equal(virtq_add(&f->q, chain, vblk_build_get_id(&mem, (uintptr_t)id, chain), 0), 0);
    virtq_publish(&f->q);
    device_run(f);
    assert_int_equal(virtq_get_used(&f->q, &token, &written), 1);
    assert_int_equal(written, VBLK_ID_BYTES + 1);
    assert_memory_equal(id, "mica-fake-serial-001", VBLK_ID_BYTES);
    header.type = 99; /* a type the device does not know */
    chain[0].phys = (uintptr_t)&header;
    assert_int_equal(virtq_add(&f->q, (struct virtq_buf[2]){ chain[0], chain[2] }, 2, 0), 0);
    virtq_publish(&f->q);
    device_run(f);
    assert_int_equal(virtq_get_used(&f->q, &token, &written), 1);
    assert_int_equal(vblk_status_to_errno(status), -MICA_ENOTSUP);
    assert_int_equal(vblk_status_to_errno(3), -MICA_EPROTO);
    assert_int_equal(vblk_status_to_errno(0xff), -MICA_EPROTO);
    free_vblk(f);
}

static void test_feature_names(void **state)
{
    char buf[128];
    char tiny[8];
    uint64_t f = (1ull << VBLK_F_VERSION_1) | (1ull << VBLK_F_SEG_MAX) | (1ull << VBLK_F_FLUSH) |
                 (1ull << VBLK_F_BLK_SIZE) | (1ull << 7);
    size_t len;

    (void)state;
    assert_string_equal(vblk_feature_name(VBLK_F_RO), "RO");
    assert_string_equal(vblk_feature_name(32), "VERSION_1");
    assert_null(vblk_feature_name(3));
    len = vblk_format_features(f, buf, sizeof(buf));
    assert_string_equal(buf, "SEG_MAX BLK_SIZE bit07 FLUSH VERSION_1");
    assert_int_equal(len, strlen(buf));
    assert_int_equal(vblk_format_features(f, tiny, sizeof(tiny)), len);
    assert_string_equal(tiny, "SEG_MAX");
    assert_int_equal(vblk_format_features(0, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_and_round_trip),
        cmocka_unit_test(test_limits_too_small),
        cmocka_unit_test(test_errors_flush_and_id),
        cmocka_unit_test(test_feature_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
