/* IPC message layout: the message-info word, the per-thread IPC buffer, and
 * the messages the kernel itself sends (faults, exits). */
#ifndef MICA_IPC_ABI_H
#define MICA_IPC_ABI_H
#include <stdint.h>

/* Message words carried in registers a2..a5 on call/reply/recv. */
#define MICA_MSG_REG_WORDS 4u
/* Total message words: the rest live in the IPC buffer's msg[] array. */
#define MICA_MSG_MAX_WORDS 128u
/* Capabilities one message may carry. */
#define MICA_MSG_MAX_CAPS 3u

/* info = label << 16 | caps << 8 | words. words counts all message words
 * (registers first); caps counts capabilities named in ipc_buffer.send_caps. */
#define MICA_MSGINFO(label, words, caps) \
    (((uint64_t)(label) << 16) | ((uint64_t)(caps) << 8) | (uint64_t)(words))
#define MICA_MSGINFO_WORDS(info) ((unsigned)((info) & 0xff))
#define MICA_MSGINFO_CAPS(info) ((unsigned)(((info) >> 8) & 0xff))
#define MICA_MSGINFO_LABEL(info) ((uint64_t)(info) >> 16)
#define MICA_MSGINFO_LABEL_MAX ((1ull << 48) - 1)

/* One page, mapped at an address the thread registers with thread_configure.
 * msg[0..3] mirror the register words and are not read by the kernel. */
struct mica_ipc_buffer {
    uint64_t msg[MICA_MSG_MAX_WORDS];
    uint64_t send_caps[MICA_MSG_MAX_CAPS];  /* sender's slots to transfer */
    uint64_t recv_cnode;                    /* 0: own cspace */
    uint64_t recv_slots[MICA_MSG_MAX_CAPS]; /* empty slots for received caps, 0 = none */
    uint64_t recv_caps;                     /* set by the kernel: caps placed */
    uint64_t user_data;                     /* free for the thread's own use (TLS pointer) */
};
_Static_assert(sizeof(struct mica_ipc_buffer) <= 4096, "IPC buffer fits one page");

/* A receive that ended because the thread's bound notification was
 * signalled: a0 holds the notification word, a1 this label with 0 words. */
#define MICA_LABEL_NOTIFICATION 0x4e7f1ull

/* Labels of messages the kernel sends to a thread's fault endpoint. */
#define MICA_LABEL_FAULT 0xfa017ull
/* Fault message words: scause, sepc, stval, thread's badge on the fault endpoint is the badge. */
#define MICA_FAULT_WORDS 3u

#endif
