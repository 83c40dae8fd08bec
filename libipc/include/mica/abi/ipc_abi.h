/* IPC message layout: the message-info word, the per-thread IPC buffer, and
 * the messages the kernel itself sends (faults, exits). */
#ifndef MICA_IPC_ABI_H
#define MICA_IPC_ABI_H
#include <stdint.h>

/* Message words carried in registers a2..a5 on call/reply/recv. */
#define MICA_MSG_REG_WORDS 4u
/* Total message words: the rest live in the IPC buffer's msg[] array. Sized
 * so the words after the registers carry one 4 KiB block (the block
 * protocol's message path moves a whole page-sized block in one call). */
#define MICA_MSG_MAX_WORDS (MICA_MSG_REG_WORDS + 4096u / 8u)
/* Capabilities one message may carry. */
#define MICA_MSG_MAX_CAPS 3u

/* info = label << 16 | caps << 12 | words. words (12 bits) counts all
 * message words (registers first); caps (4 bits) counts capabilities named
 * in ipc_buffer.send_caps; the label has the upper 48 bits. A count above
 * its limit is refused: words above MICA_MSG_MAX_WORDS with -MICA_E2BIG,
 * caps above MICA_MSG_MAX_CAPS with -MICA_EINVAL. */
#define MICA_MSGINFO_WORDS_MASK 0xfffull
#define MICA_MSGINFO_CAPS_SHIFT 12u
#define MICA_MSGINFO_CAPS_MASK (0xfull << MICA_MSGINFO_CAPS_SHIFT)
#define MICA_MSGINFO_LABEL_SHIFT 16u
/* words and caps must fit their fields (no masking here: it would cost the
 * IPC paths instructions, and a count that large is refused anyway). */
#define MICA_MSGINFO(label, words, caps)                                                  \
    (((uint64_t)(label) << MICA_MSGINFO_LABEL_SHIFT) |                                    \
     ((uint64_t)(caps) << MICA_MSGINFO_CAPS_SHIFT) | (uint64_t)(words))
#define MICA_MSGINFO_WORDS(info) ((unsigned)((info) & MICA_MSGINFO_WORDS_MASK))
#define MICA_MSGINFO_CAPS(info) ((unsigned)(((info) >> MICA_MSGINFO_CAPS_SHIFT) & 0xfu))
#define MICA_MSGINFO_LABEL(info) ((uint64_t)(info) >> MICA_MSGINFO_LABEL_SHIFT)
#define MICA_MSGINFO_LABEL_MAX ((1ull << (64u - MICA_MSGINFO_LABEL_SHIFT)) - 1)
_Static_assert(MICA_MSG_MAX_WORDS <= MICA_MSGINFO_WORDS_MASK, "the words field holds the maximum");
_Static_assert(MICA_MSG_MAX_CAPS <= (MICA_MSGINFO_CAPS_MASK >> MICA_MSGINFO_CAPS_SHIFT),
               "the caps field holds the maximum");

/* MICA_IPC_BUFFER_PAGES pages, mapped at an address the thread registers
 * with thread_configure (the frame must hold the whole structure from that
 * address on). msg[0..3] mirror the register words and are not read by the
 * kernel. */
#define MICA_IPC_BUFFER_PAGES 2u

/* A range of the calling thread's own address space it offers the server
 * of its next call: while that call waits for its reply, the server (the
 * thread holding the reply, or a REPLY cap for it) may copy into or out of
 * it with ipc_window_copy, as `access` allows. bytes 0: no window. The
 * kernel reads it only at such a copy, so a caller names it just before the
 * call and clears it once the call returns (libipc's window calls do). */
struct mica_ipc_window {
    uint64_t addr;
    uint64_t bytes;
    uint64_t access; /* MICA_WINDOW_* */
};
/* ipc_window_copy's direction, and the access a window grants for it. */
#define MICA_WINDOW_TO_CALLER 1u   /* the server's bytes into the window (a read) */
#define MICA_WINDOW_FROM_CALLER 2u /* the window's bytes into the server (a write) */
/* With the direction: all `length` bytes or nothing (-MICA_EFAULT when the
 * window is shorter), so a write never lands in part. */
#define MICA_WINDOW_WHOLE 4u

struct mica_ipc_buffer {
    uint64_t msg[MICA_MSG_MAX_WORDS];
    uint64_t send_caps[MICA_MSG_MAX_CAPS];  /* sender's slots to transfer */
    uint64_t recv_cnode;                    /* 0: own cspace */
    uint64_t recv_slots[MICA_MSG_MAX_CAPS]; /* empty slots for received caps, 0 = none */
    uint64_t recv_caps;                     /* set by the kernel: caps placed */
    uint64_t user_data;                     /* free for the thread's own use (TLS pointer) */
    struct mica_ipc_window window;          /* offered to the server of the next call */
};
_Static_assert(sizeof(struct mica_ipc_buffer) <= MICA_IPC_BUFFER_PAGES * 4096u,
               "the IPC buffer fits its pages");
_Static_assert(sizeof(struct mica_ipc_buffer) > (MICA_IPC_BUFFER_PAGES - 1u) * 4096u,
               "MICA_IPC_BUFFER_PAGES is no larger than needed");

/* Labels with this bit are the kernel's: it sets them on what it delivers
 * itself and refuses them on every send and reply (-EINVAL), so a receiver
 * can trust them. The bit is the info word's top bit: one sign test. */
#define MICA_LABEL_KERNEL_BIT (1ull << (63u - MICA_MSGINFO_LABEL_SHIFT))

/* A receive that ended because the thread's bound notification was
 * signalled: a0 holds the notification word, a1 this label with 0 words. */
#define MICA_LABEL_NOTIFICATION (MICA_LABEL_KERNEL_BIT | 0x4e7f1ull)

/* Labels of messages the kernel sends to a thread's fault endpoint. */
#define MICA_LABEL_FAULT (MICA_LABEL_KERNEL_BIT | 0xfa017ull)
/* Fault message words: scause, sepc, stval, thread's badge on the fault endpoint is the badge. */
#define MICA_FAULT_WORDS 3u

#endif
