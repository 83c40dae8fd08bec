/* ipc_window_copy: a server thread copies between its memory and the window
 * ktest's calling thread offers, as each call's words ask; the cases check
 * what arrived byte by byte, the bytes around it, and that every refusal
 * copied nothing. Both threads share ktest's address space, so a window
 * can be put on a guard page or a read-only mapping of a frame. */
#include <stdbool.h>

#include <mica/cap.h>
#include <mica/runtime.h>

#include "ktest.h"

#define PAGE 4096u
#define SERVER_STACK_PAGES 4u
#define WIN_COPY 1u
#define WIN_STOP 2u
#define CLIENT_FILL 0x55u

static uint8_t server_side[3 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t client_side[3 * PAGE] __attribute__((aligned(PAGE)));
static long saved_slot;

/* Each call: w0 direction, w1 the server's address, w2 length, w3 1 to
 * copy and answer through a saved REPLY cap. Replies with the result. */
static void window_server(uintptr_t arg)
{
    long ep = (long)arg;
    struct ipc_msg m = ipc_recv(ep);
    while (m.badge >= 0 && MICA_MSGINFO_LABEL(m.info) == WIN_COPY) {
        const void *at = (const void *)(uintptr_t)m.w[1];
        if (m.w[3]) {
            long r = ipc_reply_save(saved_slot);
            if (r >= 0) {
                r = ipc_window_copy(saved_slot, (unsigned)m.w[0], at, m.w[2]);
                ipc_reply_send(saved_slot, MICA_MSGINFO(0, 1, 0), (uint64_t)r, 0, 0, 0);
            }
            m = ipc_recv(ep);
            continue;
        }
        long r = ipc_window_copy(0, (unsigned)m.w[0], at, m.w[2]);
        m = ipc_reply_recv(ep, MICA_MSGINFO(0, 1, 0), (uint64_t)r, 0, 0, 0);
    }
    ipc_reply(MICA_MSGINFO(0, 0, 0), 0, 0, 0, 0);
}

struct window_server {
    long ep, thread;
};

static const char *start_server(struct window_server *s)
{
    s->ep = ipc_obj_create(MICA_CAP_ENDPOINT, 0);
    KT_OK(s->ep);
    saved_slot = ipc_slot_alloc();
    KT_OK(saved_slot);
    s->thread = ipc_thread_spawn(window_server, (uintptr_t)s->ep, KTEST_PRIORITY, ktest_supervisor,
                                 SERVER_STACK_PAGES);
    KT_OK(s->thread);
    return 0;
}

static const char *stop_server(struct window_server *s)
{
    KT_EQ(ipc_call(s->ep, MICA_MSGINFO(WIN_STOP, 0, 0), 0, 0, 0, 0).badge, 0);
    KT_EQ(ipc_cap_drop(s->thread), 0);
    KT_EQ(ipc_cap_drop(s->ep), 0);
    ipc_slot_free(saved_slot);
    return 0;
}

/* One call offering [window, +bytes) with `access`; the server's result. */
static long offer_and_call(const struct window_server *s, void *window, uint64_t bytes,
                           unsigned access, unsigned direction, void *server_at, uint64_t length,
                           bool saved)
{
    ipc_window_offer(window, bytes, access);
    struct ipc_msg m = ipc_call(s->ep, MICA_MSGINFO(WIN_COPY, 4, 0), direction,
                                (uintptr_t)server_at, length, saved);
    ipc_window_withdraw();
    return m.badge < 0 ? m.badge : (long)m.w[0];
}

static void fill(uint8_t seed)
{
    for (unsigned i = 0; i < sizeof server_side; i++)
        server_side[i] = (uint8_t)(seed + i * 7u + (i >> 8));
    for (unsigned i = 0; i < sizeof client_side; i++)
        client_side[i] = CLIENT_FILL;
}

/* client_side[at, +n) equals server_side[from, +n), and only it changed. */
static const char *arrived(unsigned at, unsigned from, unsigned n)
{
    for (unsigned i = 0; i < sizeof client_side; i++) {
        unsigned want = i >= at && i < at + n ? server_side[from + i - at] : CLIENT_FILL;
        if (client_side[i] != want)
            return ktest_why("window byte %u is %#x, want %#x", i, client_side[i], want);
    }
    return 0;
}

static const char *to_caller_crosses_pages(void)
{
    struct window_server s;
    const char *why = start_server(&s);
    if (why)
        return why;
    const unsigned access = MICA_WINDOW_TO_CALLER;
    for (unsigned saved = 0; saved < 2; saved++) {
        fill((uint8_t)(3u + saved));
        /* Neither range page-aligned, both across two page boundaries. */
        unsigned at = 100u + saved * 8u, from = 7u + saved * 1000u, n = 2u * PAGE + 300u;
        KT_EQ(offer_and_call(&s, client_side + at, n, access, MICA_WINDOW_TO_CALLER,
                             server_side + from, n, saved),
              n);
        if ((why = arrived(at, from, n)))
            return why;
    }
    return stop_server(&s);
}

static const char *from_caller(void)
{
    struct window_server s;
    const char *why = start_server(&s);
    if (why)
        return why;
    fill(9);
    for (unsigned i = 0; i < PAGE; i++)
        client_side[PAGE - 50u + i] = (uint8_t)(i * 13u + 1u);
    /* The server's destination crosses a page too. */
    KT_EQ(offer_and_call(&s, client_side + PAGE - 50u, PAGE, MICA_WINDOW_FROM_CALLER,
                         MICA_WINDOW_FROM_CALLER, server_side + PAGE + 2000u, PAGE, true),
          PAGE);
    for (unsigned i = 0; i < PAGE; i++)
        KT_EQ(server_side[PAGE + 2000u + i], (uint8_t)(i * 13u + 1u));
    KT_EQ(server_side[PAGE + 1999u], (uint8_t)(9u + (PAGE + 1999u) * 7u + ((PAGE + 1999u) >> 8)));
    return stop_server(&s);
}

static const char *lengths(void)
{
    struct window_server s;
    const char *why = start_server(&s);
    if (why)
        return why;
    const unsigned to = MICA_WINDOW_TO_CALLER;
    fill(21);
    /* Zero length, and a zero-length window: nothing moves, no error. */
    KT_EQ(offer_and_call(&s, client_side, PAGE, to, to, server_side, 0, false), 0);
    KT_EQ(offer_and_call(&s, client_side, 0, to, to, server_side, PAGE, false), 0);
    if ((why = arrived(0, 0, 0)))
        return why;
    /* Asked for more than the window holds: the window's bytes, no more. */
    KT_EQ(offer_and_call(&s, client_side + 8u, 1000u, to, to, server_side, 3000u, false), 1000);
    if ((why = arrived(8u, 0, 1000u)))
        return why;
    /* WHOLE: a window shorter than the length is refused, nothing copied;
     * one that holds it all takes it. */
    fill(23);
    const unsigned whole = to | MICA_WINDOW_WHOLE;
    KT_EQ(offer_and_call(&s, client_side, 999u, to, whole, server_side, 1000u, false), -MICA_EFAULT);
    if ((why = arrived(0, 0, 0)))
        return why;
    KT_EQ(offer_and_call(&s, client_side, 1000u, to, whole, server_side, 1000u, true), 1000);
    if ((why = arrived(0, 0, 1000u)))
        return why;
    /* And less: the length asked for. */
    fill(22);
    KT_EQ(offer_and_call(&s, client_side, 3000u, to, to, server_side + 5u, 17u, true), 17);
    if ((why = arrived(0, 5u, 17u)))
        return why;
    return stop_server(&s);
}

static const char *refusals(void)
{
    /* No call waits for this thread's reply. */
    KT_EQ(ipc_window_copy(0, MICA_WINDOW_TO_CALLER, server_side, 8), -MICA_ESRCH);
    struct window_server s;
    const char *why = start_server(&s);
    if (why)
        return why;
    fill(31);
    /* A window offered for one direction only. */
    KT_EQ(offer_and_call(&s, client_side, PAGE, MICA_WINDOW_TO_CALLER, MICA_WINDOW_FROM_CALLER,
                         server_side, PAGE, false),
          -MICA_EACCES);
    KT_EQ(offer_and_call(&s, client_side, PAGE, MICA_WINDOW_FROM_CALLER, MICA_WINDOW_TO_CALLER,
                         server_side, PAGE, false),
          -MICA_EACCES);
    /* No window at all: the call after a withdrawal offers none. */
    KT_EQ(offer_and_call(&s, client_side, PAGE, 0, MICA_WINDOW_TO_CALLER, server_side, PAGE, false),
          -MICA_EACCES);
    /* A direction that is none or both. */
    const unsigned both = MICA_WINDOW_TO_CALLER | MICA_WINDOW_FROM_CALLER;
    KT_EQ(offer_and_call(&s, client_side, PAGE, both, both, server_side, PAGE, false), -MICA_EINVAL);
    KT_EQ(offer_and_call(&s, client_side, PAGE, both, 0, server_side, PAGE, true), -MICA_EINVAL);
    if ((why = arrived(0, 0, 0)))
        return why;
    return stop_server(&s);
}

static const char *bad_pages(void)
{
    long frame, ro_frame, err;
    uint8_t *page = ipc_frame_map_new(1, MICA_RIGHT_READ | MICA_RIGHT_WRITE, &frame, &err);
    KT_TRUE(page != 0);
    /* The same frame again, read-only. */
    uint8_t *ro = ipc_frame_map_copy(frame, 1, MICA_RIGHT_READ, &ro_frame, &err);
    KT_TRUE(ro != 0);
    for (unsigned i = 0; i < PAGE; i++)
        page[i] = 0xa5;
    struct window_server s;
    const char *why = start_server(&s);
    if (why)
        return why;
    fill(41);
    const unsigned to = MICA_WINDOW_TO_CALLER, from = MICA_WINDOW_FROM_CALLER;
    /* A window whose second page is the unmapped guard page after `page`:
     * refused whole, its mapped first part untouched too. */
    KT_EQ(offer_and_call(&s, page + PAGE - 100u, 200u, to, to, server_side, 200u, false),
          -MICA_EFAULT);
    /* A read-only destination. */
    KT_EQ(offer_and_call(&s, ro, PAGE, to, to, server_side, PAGE, true), -MICA_EFAULT);
    for (unsigned i = 0; i < PAGE; i++)
        KT_EQ(page[i], 0xa5);
    /* Beyond user space, and a window that wraps around the address space. */
    KT_EQ(offer_and_call(&s, (void *)0xffffffc000000000ull, 64u, to, to, server_side, 64u, false),
          -MICA_EFAULT);
    KT_EQ(offer_and_call(&s, (void *)(~0ull - 15u), 64u, to, to, server_side, 64u, false),
          -MICA_EFAULT);
    /* The server's own range: unmapped, or read-only as a destination. */
    KT_EQ(offer_and_call(&s, client_side, 200u, to, to, page + PAGE - 100u, 200u, false),
          -MICA_EFAULT);
    KT_EQ(offer_and_call(&s, client_side, 200u, from, from, ro, 200u, false), -MICA_EFAULT);
    if ((why = arrived(0, 0, 0)))
        return why;
    for (unsigned i = 0; i < PAGE; i++)
        KT_EQ(page[i], 0xa5);
    /* A read-only window is a good source. */
    KT_EQ(offer_and_call(&s, ro, 64u, from, from, server_side, 64u, false), 64);
    KT_EQ(server_side[0], 0xa5);
    KT_EQ(server_side[63], 0xa5);
    ipc_frame_unmap(ro, 1, ro_frame);
    ipc_frame_unmap(page, 1, frame);
    return stop_server(&s);
}

const struct ktest_case ktest_window_cases[] = {
    { "ipc.window-to-caller-crosses-pages", to_caller_crosses_pages },
    { "ipc.window-from-caller", from_caller },
    { "ipc.window-lengths", lengths },
    { "ipc.window-refusals", refusals },
    { "ipc.window-bad-pages", bad_pages },
    { 0, 0 },
};
