/* The driver ops: start queues a request (and puts it on the card when the
 * card is idle), irq takes the controller's status and acknowledges the
 * line, poll reports the request the status ended and puts the next one on
 * the card. Data moves between the client's bytes (mapped by the framework:
 * the driver has no `dma`) and the bounce buffer, so the controller only
 * ever sees memory below 4 GiB that the driver owns. */
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/rt_string.h>
#include <mica/server_info.h>
#include <mica/syscall.h>

#include "serve.h"

#define SDHCI_QUEUE_DEPTH 32u
#define SDHCI_BUFFER_MAX_BYTES (16u * 1024u * 1024u)

static struct sdhci_request *head(struct sdhci_server *s)
{
    return &s->queue[s->head];
}

static void pop(struct sdhci_server *s)
{
    s->head = (s->head + 1u) % BLK_SERVER_MAX_TAGS;
    s->count--;
}

/* Puts the head request on the card: 0, or its error (nothing started). */
static int issue(struct sdhci_server *s)
{
    struct sdhci_host *h = s->h;
    const struct blk_io *io = &head(s)->io;
    bool read = io->op == BLK_OP_READ;
    uint32_t blocks = io->length / SD_BLOCK;
    uint32_t arg = (uint32_t)(h->block_addressed ? io->lba : io->lba * SD_BLOCK);
    unsigned cmd = read ? (blocks > 1 ? 18u : 17u) : (blocks > 1 ? 25u : 24u);
    if (!read)
        memcpy(h->bounce, io->data, io->length);
    s->done = (struct sdhci_done){ 0 };
    int r = sdhci_start_data(h, cmd, arg, read, blocks, SD_BLOCK);
    s->busy = r == 0;
    return r;
}

/* Starts queued requests until one is on the card or none is left; a
 * request the card refused at once is answered with its error. */
static void issue_next(struct sdhci_server *s)
{
    while (!s->busy && s->count) {
        int r = issue(s);
        if (r < 0) {
            blk_server_complete(&s->server, head(s)->tag, r);
            pop(s);
        }
    }
}

static int start(void *driver, unsigned tag, const struct blk_io *io)
{
    struct sdhci_server *s = driver;
    if (io->op == BLK_OP_FLUSH) {
        /* A write has reached the card once its transfer (and the busy
         * signal after it) ended: there is nothing to flush. */
        blk_server_complete(&s->server, tag, 0);
        return 0;
    }
    if (s->count == BLK_SERVER_MAX_TAGS)
        return -MICA_EBUSY;
    s->queue[(s->head + s->count) % BLK_SERVER_MAX_TAGS] = (struct sdhci_request){ tag, *io };
    s->count++;
    if (s->count == 1) {
        int r = issue(s);
        if (r < 0) {
            s->count--;
            return r;
        }
    }
    return 0;
}

static void irq(void *driver)
{
    struct sdhci_server *s = driver;
    sdhci_take_status(s->h, &s->done);
    mica_sys_irq_ack(MICA_SERVER_SLOT_IRQ);
}

static int poll(void *driver)
{
    struct sdhci_server *s = driver;
    if (!s->busy || !s->done.ended)
        return 0;
    struct sdhci_request *req = head(s);
    char what[64];
    snprintf(what, sizeof what, "%s: %s of %u blocks at %llu", s->name,
             req->io.op == BLK_OP_READ ? "read" : "write", req->io.length / SD_BLOCK,
             (unsigned long long)req->io.lba);
    int r = sdhci_transfer_result(s->h, &s->done, what);
    if (r == 0 && req->io.op == BLK_OP_READ) {
        sdhci_dma_from_device(s->h, req->io.length);
        memcpy(req->io.data, s->h->bounce, req->io.length);
    }
    s->busy = false;
    blk_server_complete(&s->server, req->tag, r);
    pop(s);
    issue_next(s);
    return 0;
}

/* The interrupt stays armed: the controller holds its line until the status
 * that raised it is cleared, so a completion is never missed. */
static bool arm(void *driver)
{
    (void)driver;
    return true;
}

/* A transfer may be on the card: stop the controller's DMA. */
static void quiesce(void *driver)
{
    sdhci_reset(((struct sdhci_server *)driver)->h, RESET_ALL);
}

static const struct blk_driver_ops ops = {
    .start = start, .irq = irq, .poll = poll, .arm = arm, .quiesce = quiesce,
};

int sdhci_serve(struct sdhci_server *s, struct sdhci_host *h, long ntfn, long endpoint,
                struct mica_ipc_buffer *ipc)
{
    s->h = h;
    struct blk_server_config c = {
        .name = s->name,
        .model = "sdhci",
        .limits = { .block_count = h->blocks, .block_size = SD_BLOCK,
                    .max_transfer = SDHCI_MAX_TRANSFER },
        .queue_depth = SDHCI_QUEUE_DEPTH,
        .buffer_max_bytes = SDHCI_BUFFER_MAX_BYTES,
        .report_close = true,
        .driver = s,
        .ops = &ops,
    };
    sdhci_write32(h, SDHCI_SIGNAL_ENABLE, INT_XFER_COMPLETE | INT_ERRORS);
    int r = blk_server_init(&s->server, &c, endpoint, ntfn);
    return r < 0 ? r : blk_server_run(&s->server, ipc);
}
