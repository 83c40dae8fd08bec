/* What a server image is granted: the manifest asks, the device it matched
 * justifies, and init decides here, before anything is created. The plan
 * then becomes part of the spawn request (mica/server_info.h lists the
 * slots and addresses). */
#ifndef INIT_GRANTS_H
#define INIT_GRANTS_H
#include <stddef.h>
#include <stdint.h>

#include <mica/server_info.h>
#include <mica/server_manifest.h>

#include "devices.h"
#include <mica/proc_spawn.h>

struct grant_plan {
    struct device *device;        /* 0: the manifest names no device */
    struct mica_server_info info; /* the server's read-only info page */
};

/* The validation boundary for grants: 0 and a plan, or -1 with a one-line
 * reason in why[] (a device that does not exist or is held, an interrupt
 * or MMIO region the device does not have, a heap too large). */
int grants_plan(const struct mica_server_manifest *m, uint64_t pid, struct grant_plan *plan,
                char *why, size_t why_size);

/* Adds the plan to req: the info page, device registers and heap as
 * segments, the interrupt, DMA quota and service endpoint. The plan must
 * stay where it is until spawn_process has run. */
void grants_apply(const struct grant_plan *plan, const struct mica_server_manifest *m,
                  struct spawn_request *req);

#endif
