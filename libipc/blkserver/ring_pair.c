/* RING_SETUP, server side, for every block server: the two ring frames
 * mapped and attached, the client's wakeup kept, our doorbell minted. */
#include <mica/blk_protocol.h>
#include <mica/blk_request.h>
#include <mica/blk_ring.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>

#include <mica/blk_server_frames.h>

/* DMA: the frames are pinned, and pinning is for memory a device may use. */
#define RING_RIGHTS (MICA_RIGHT_READ | MICA_RIGHT_WRITE | MICA_RIGHT_DMA)

static int decode_ring_setup(const struct blk_ring_pair *q, const struct blk_inbox *inbox,
                             uint64_t info, uint64_t max_bytes, uint64_t bytes[2])
{
    if (blk_message_short(info, BLK_MSG_RING_SETUP))
        return -MICA_EINVAL;
    if (q->ready)
        return -MICA_EBUSY;
    struct ipc_cap_id wakeup = ipc_cap_identify(inbox->slots[BLK_RING_SETUP_CAP_CLIENT_NTFN]);
    if (wakeup.type != MICA_CAP_NOTIFICATION || !(wakeup.rights & MICA_RIGHT_WRITE))
        return -MICA_EINVAL;
    long sub = blk_frame_bytes(inbox->slots[BLK_RING_SETUP_CAP_SUBMISSION], max_bytes, RING_RIGHTS, 0);
    long comp = blk_frame_bytes(inbox->slots[BLK_RING_SETUP_CAP_COMPLETION], max_bytes, RING_RIGHTS, 0);
    if (sub < 0 || comp < 0)
        return -MICA_EFAULT;
    bytes[0] = (uint64_t)sub;
    bytes[1] = (uint64_t)comp;
    return 0;
}

/* spsc_ring_validate, inside attach, is the ring's trust boundary. */
static int attach_rings(struct blk_ring_pair *q, const uint64_t bytes[2])
{
    for (unsigned i = 0; i < 2; i++) {
        q->regions[i] = blk_map_frames(&q->frames[i], &bytes[i], 1);
        if (!q->regions[i])
            return -MICA_EFAULT;
        q->region_bytes[i] = bytes[i];
    }
    if (spsc_consumer_attach(&q->submissions, q->regions[0], bytes[0],
                             sizeof(struct blk_submission)) ||
        spsc_producer_attach(&q->completions, q->regions[1], bytes[1],
                             sizeof(struct blk_completion)))
        return -MICA_EPROTO;
    return 0;
}

/* Signal-only: the client may ring our notification, never wait on it. */
static int mint_doorbell(struct blk_ring_pair *q, long doorbells, uint64_t badge)
{
    long doorbell = ipc_slot_alloc();
    if (doorbell < 0)
        return (int)doorbell;
    long err = mica_sys_cap_mint(0, doorbell, doorbells, MICA_RIGHT_WRITE, (long)badge);
    if (err < 0) {
        ipc_slot_free(doorbell);
        return (int)err;
    }
    q->doorbell = doorbell;
    return 0;
}

int blk_ring_pair_setup(struct blk_ring_pair *q, struct blk_inbox *inbox, uint64_t info,
                        uint64_t max_bytes, long doorbells, uint64_t badge)
{
    uint64_t bytes[2];
    int err = decode_ring_setup(q, inbox, info, max_bytes, bytes);
    if (err)
        return err;
    long sub = blk_inbox_take_pinned(inbox, BLK_RING_SETUP_CAP_SUBMISSION);
    long comp = blk_inbox_take_pinned(inbox, BLK_RING_SETUP_CAP_COMPLETION);
    q->frames[0] = sub < 0 ? 0 : sub;
    q->frames[1] = comp < 0 ? 0 : comp;
    q->wakeup = blk_inbox_take(inbox, BLK_RING_SETUP_CAP_CLIENT_NTFN);
    err = sub < 0 ? (int)sub : comp < 0 ? (int)comp : attach_rings(q, bytes);
    if (!err)
        err = mint_doorbell(q, doorbells, badge);
    if (err) {
        blk_ring_pair_release(q);
        return err;
    }
    q->ready = true;
    return 0;
}

bool blk_ring_pair_client_gone(const struct blk_ring_pair *q)
{
    return ipc_cap_identify(q->wakeup).type != MICA_CAP_NOTIFICATION;
}

bool blk_ring_pair_wake_needed(struct blk_ring_pair *q)
{
    bool wake = spsc_ring_consumer_notify_needed(&q->completions);
    return spsc_ring_producer_notify_needed(&q->submissions) || wake;
}

void blk_ring_pair_wake(struct blk_ring_pair *q)
{
    if (blk_ring_pair_wake_needed(q))
        ntfn_signal(q->wakeup);
}

void blk_ring_pair_reply(const struct blk_ring_pair *q, struct mica_ipc_buffer *ipc,
                         struct blk_reply *r)
{
    blk_reply_word(ipc, r, BLK_RING_REPLY_W_SUBMISSION_CAPACITY, q->submissions.ring.capacity);
    blk_reply_word(ipc, r, BLK_RING_REPLY_W_COMPLETION_CAPACITY, q->completions.ring.capacity);
    ipc->send_caps[0] = (uint64_t)q->doorbell;
    r->caps = 1;
}

void blk_ring_pair_release(struct blk_ring_pair *q)
{
    for (unsigned i = 0; i < 2; i++)
        blk_unmap_frames(q->regions[i], q->region_bytes[i]);
    blk_drop_all(q->frames, 2);
    /* Unwatched first (a watch the server set): our own delete is no news. */
    if (q->wakeup)
        mica_sys_cap_watch(q->wakeup, 0, 0);
    blk_drop_all(&q->wakeup, 1);
    blk_revoke_and_drop(q->doorbell);
    *q = (struct blk_ring_pair){ 0 };
}
