/* The image fetches (fetch.h): a queue of loads waiting for their bytes,
 * the one fetch in flight, and the thread that reads it. The supervisor
 * makes every capability and mapping the thread uses (the slot allocator
 * and the address-space bookkeeping are the supervisor's alone); the
 * thread only sends messages and copies bytes. */
#include "fetch.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/abi/errno.h>
#include <mica/cap.h>
#include <mica/file_client.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/scheme.h>

#include "children.h"
#include "control.h"
#include "names.h"
#include "srv_load.h"

#define FETCH_LABEL_DONE 1u
/* Below the supervisor's 200: the thread never delays supervision. */
#define FETCH_THREAD_PRIORITY 150u
#define FETCH_STACK_PAGES 4u
#define FETCH_IMAGE_PAGES (FETCH_IMAGE_MAX / MICA_PAGE_SIZE)

struct fetch_job {
    struct config_entry conf;
    struct child *into;
    uint64_t replaces; /* a live update of this pid, 0 for none */
    long reply;
};

static struct fetch_job queue[FETCH_QUEUE_MAX]; /* queue[0] is the oldest */
static unsigned queued;
static bool in_flight;
static bool thread_gone;
static long kick;   /* the supervisor signals it: work is ready */
static long report; /* the thread's cap to the supervisor endpoint */

/* The one fetch in flight: the supervisor fills the request, signals kick
 * and touches nothing here until the thread's report arrives. */
static struct {
    long door;   /* a door of the scheme's server, for OPEN */
    long slot;   /* empty: the handle goes here */
    char path[FILE_PATH_MAX + 1];
    uint8_t *buffer; /* FETCH_IMAGE_MAX bytes */
    long frame;
    uint64_t size;   /* answer: the file's size */
    long status;     /* answer: 0 or a negative code */
} work;

int fetch_is_scheme_path(const char *path)
{
    const char *colon = strchr(path, ':');
    return colon && colon != path;
}

static long read_image(void)
{
    struct ipc_file f;
    int r = ipc_file_open_on(&f, work.door, work.path, work.slot);
    if (r < 0)
        return r;
    work.size = f.size;
    long n = f.kind != FILE_KIND_FILE  ? -MICA_EISDIR
             : f.size > FETCH_IMAGE_MAX ? -MICA_EFBIG
                                        : ipc_file_read(&f, 0, work.buffer, f.size);
    if (n >= 0 && (uint64_t)n != f.size)
        n = -MICA_EIO; /* shorter than its size said */
    ipc_file_end(&f);
    return n < 0 ? n : 0;
}

static void fetch_main(uintptr_t arg)
{
    (void)arg;
    for (;;) {
        ntfn_wait(kick);
        work.status = read_image();
        ipc_send(report, MICA_MSGINFO(FETCH_LABEL_DONE, 0, 0), 0, 0, 0, 0);
    }
}

int fetch_init(long ep)
{
    kick = ipc_obj_create(MICA_CAP_NOTIFICATION, 0);
    report = ipc_slot_alloc();
    long r = kick < 0 ? kick : report < 0 ? report : 0;
    if (r == 0)
        r = mica_sys_cap_mint(0, report, ep, MICA_RIGHT_WRITE, (long)FETCH_BADGE_FLAG);
    if (r == 0) {
        long thread = ipc_thread_spawn(fetch_main, 0, FETCH_THREAD_PRIORITY, report, FETCH_STACK_PAGES);
        r = thread < 0 ? thread : 0;
    }
    if (r < 0) {
        thread_gone = true;
        ipc_log_error("no image fetch thread (%s): images on schemes will not load",
                      mica_errno_name((int)r));
    }
    return (int)r;
}

static int queue_job(const struct fetch_job *job)
{
    if (queued == FETCH_QUEUE_MAX) {
        ipc_log_error("%s: %u loads from schemes are waiting already", job->conf.program,
                      FETCH_QUEUE_MAX);
        return -MICA_EBUSY;
    }
    queue[queued++] = *job;
    return 0;
}

int fetch_queue(const struct config_entry *conf, struct child *into, long reply)
{
    return queue_job(&(struct fetch_job){ .conf = *conf, .into = into, .reply = reply });
}

int fetch_queue_update(const struct config_entry *conf, uint64_t replaces, long reply)
{
    return queue_job(&(struct fetch_job){ .conf = *conf, .replaces = replaces, .reply = reply });
}

/* How the load ended, to whoever asked; then the next fetch. */
static void finish(int result, struct child *c)
{
    struct fetch_job j = queue[0];
    memmove(&queue[0], &queue[1], (queued - 1) * sizeof queue[0]);
    queued--;
    if (j.reply)
        control_answer_started(j.reply, result, c);
    else if (result < 0 && j.conf.poweroff)
        init_power_off(1);
}

static void fail(const char *why)
{
    ipc_log_error("%s: %s", queue[0].conf.program, why);
    finish(-1, 0);
}

static void release_work(void)
{
    mica_sys_cap_delete(0, work.door);
    ipc_slot_free(work.door);
    ipc_slot_free(work.slot);
    if (work.buffer)
        ipc_frame_unmap(work.buffer, FETCH_IMAGE_PAGES, work.frame);
    work.buffer = 0;
}

/* 1 when the fetch was started, 0 when it must wait for its scheme, -1
 * when it ended (with a line). */
static int start(const struct fetch_job *j)
{
    if (thread_gone)
        return fail("no image fetch thread"), -1;
    if (!srv_is_image(j->conf.program))
        return fail("only server images (.srv) load from a scheme"), -1;
    const char *colon = strchr(j->conf.program, ':');
    char scheme[MICA_SCHEME_NAME_MAX];
    size_t len = (size_t)(colon - j->conf.program);
    if (len >= sizeof scheme || strlen(colon + 1) > FILE_PATH_MAX)
        return fail("scheme name or path too long"), -1;
    memcpy(scheme, j->conf.program, len);
    scheme[len] = 0;
    work.door = ipc_slot_alloc();
    work.slot = ipc_slot_alloc();
    long err = work.door < 0 || work.slot < 0 ? -MICA_ENOSPC : names_door(scheme, work.door);
    if (err == 0) {
        work.buffer = ipc_frame_map_new(FETCH_IMAGE_PAGES, MICA_RIGHT_READ | MICA_RIGHT_WRITE,
                                        &work.frame, &err);
        if (!work.buffer && err == 0)
            err = -MICA_ENOMEM;
    }
    if (err < 0) {
        release_work();
        if (err == -MICA_EAGAIN)
            return 0;
        char why[64];
        snprintf(why, sizeof why, "cannot open scheme %s: %s", scheme, mica_errno_name((int)err));
        return fail(why), -1;
    }
    strcpy(work.path, colon + 1);
    in_flight = true;
    ntfn_signal(kick);
    return 1;
}

void fetch_poll(void)
{
    while (!in_flight && queued > 0 && start(&queue[0]) < 0)
        ;
}

void fetch_report(const struct ipc_msg *m)
{
    if (MICA_MSGINFO_LABEL(m->info) != FETCH_LABEL_DONE) {
        /* The thread's only other message is its fault. */
        thread_gone = true;
        ipc_log_error("the image fetch thread faulted (label 0x%llx)",
                      (unsigned long long)MICA_MSGINFO_LABEL(m->info));
    }
    if (!in_flight)
        return;
    in_flight = false;
    int result = -1;
    struct child *c = 0;
    struct fetch_job *j = &queue[0];
    if (thread_gone) {
        ipc_log_error("%s: its fetch did not finish", j->conf.program);
    } else if (work.status < 0) {
        ipc_log_error("%s: cannot read it: %s (%s)", j->conf.program, mica_errno_name((int)work.status),
                      mica_errno_text((int)work.status));
    } else {
        struct srv_bytes bytes = { work.buffer, work.size };
        if (j->replaces) {
            c = children_by_pid(j->replaces);
            if (c && child_alive(c))
                result = child_update(c, j->conf.program, &bytes);
            else
                ipc_log_error("%s: pid %llu ended while its new image was read; nothing replaced",
                              j->conf.program, (unsigned long long)j->replaces);
        } else if (j->into) {
            c = j->into;
            result = child_respawn_bytes(c, &bytes);
        } else {
            result = child_load_bytes(&j->conf, &bytes, &c);
        }
    }
    release_work();
    finish(result, c);
    fetch_poll();
}
