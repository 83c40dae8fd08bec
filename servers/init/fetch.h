/* Server images on a scheme ("boot:/srv/nullblk.srv"): init reads them
 * through the file protocol, but never on the supervisor thread, which must
 * not wait on any server. A fetch thread does the reading, one image at a
 * time, into memory the supervisor prepared; it reports on the supervisor
 * endpoint (FETCH_BADGE_FLAG), and the supervisor then checks and loads the
 * bytes as it does an initrd image. A load waits while its scheme is not
 * registered and a server that may register it is still starting. */
#ifndef INIT_FETCH_H
#define INIT_FETCH_H
#include <stddef.h>
#include <stdint.h>

#include <mica/ipc.h>

#include "config.h"

struct child;

/* Badge bit of the fetch thread's reports and faults (apart from the
 * names and control bits; pids stay below all three). */
#define FETCH_BADGE_FLAG (1ull << 50)
/* The largest image a fetch reads. */
#define FETCH_IMAGE_MAX (1u << 20)
#define FETCH_QUEUE_MAX 4u

/* Whether path names an image on a scheme ("scheme:path"). */
int fetch_is_scheme_path(const char *path);

/* Starts the fetch thread; ep is the supervisor endpoint. */
int fetch_init(long ep);

/* Queues the load of conf's image (into `into` when it is a restart) and
 * who to answer: `reply` is a saved REPLY cap the queue now owns, answered
 * as LOAD and RESTART are (0 for none: a configuration line or a restart
 * by policy). -MICA_EBUSY when the queue is full (nothing kept). */
int fetch_queue(const struct config_entry *conf, struct child *into, long reply);
/* The same for a live update: conf's image replaces the running instance
 * `replaces` (a pid) once read and checked; it runs on until then, and
 * after a refusal. */
int fetch_queue_update(const struct config_entry *conf, uint64_t replaces, long reply);

/* After every event on the supervisor endpoint: starts the next queued
 * fetch once its scheme is registered, or ends it when none will be. */
void fetch_poll(void);

/* A message from the fetch thread: its report, or its fault. */
void fetch_report(const struct ipc_msg *m);

#endif
