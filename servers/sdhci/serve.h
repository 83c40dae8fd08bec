/* Serving the card on the block-server framework: requests queue in arrival
 * order and go to the card one at a time through the bounce buffer; the
 * controller's interrupt ends each (serve.c). */
#ifndef SDHCI_SERVE_H
#define SDHCI_SERVE_H
#include <mica/blk_server.h>

#include "sdhci.h"

struct sdhci_request {
    unsigned tag;
    struct blk_io io;
};

struct sdhci_server {
    struct blk_server server;
    struct sdhci_host *h;
    char name[16];
    struct sdhci_request queue[BLK_SERVER_MAX_TAGS];
    unsigned head, count;
    bool busy;               /* the request at head is on the card */
    struct sdhci_done done;  /* what the interrupt reported for it */
};

/* Serves the card as disk `name` until receiving fails; 0 never. */
int sdhci_serve(struct sdhci_server *s, struct sdhci_host *h, long irq, long endpoint,
                struct mica_ipc_buffer *ipc);

#endif
