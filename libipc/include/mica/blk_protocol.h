/* The block protocol spoken between clients and block servers (ramdisk,
 * virtio-blk): message labels, which words carry what, and limits, for the
 * message, zero-copy and queued paths. docs/block-protocol.md is the prose. */

#ifndef MICA_BLK_PROTOCOL_H
#define MICA_BLK_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include <mica/blk_ring.h>
#include <mica/abi/ipc_abi.h>

/* Block labels live in their own range so a stray message from another
 * protocol is an unknown label (-MICA_ENOSYS), never a valid request. */
#define BLK_LABEL_BASE 0xb10c00ull

/* X(name, number, request words, request caps): the single list of block
 * messages. Label = BLK_LABEL_BASE + number. Word layouts: BLK_*_W* below. */
#define BLK_MSG_LIST(X)                  \
    X(OPEN, 0, 2, 0)                     \
    X(CLOSE, 1, 0, 0)                    \
    X(FSTAT, 2, 0, 0)                    \
    X(FSYNC, 3, 0, 0)                    \
    X(READ, 4, 2, 0)                     \
    X(WRITE, 5, 2, 0)                    \
    X(REGISTER_BUFFER, 6, 0, 1)          \
    X(READ_BUFFER, 7, 3, 0)              \
    X(WRITE_BUFFER, 8, 3, 0)             \
    X(RING_SETUP, 9, 0, 3)               \
    X(PARTITION, 10, 1, 0)               \
    X(READ_WINDOW, 11, 2, 0)             \
    X(WRITE_WINDOW, 12, 2, 0)            \
    X(RING_ENTER, 13, 0, 0)

enum blk_msg {
#define BLK_MSG_ENUM(name, number, words, caps) BLK_MSG_##name = number,
    BLK_MSG_LIST(BLK_MSG_ENUM)
#undef BLK_MSG_ENUM
    BLK_MSG_COUNT
};

#define BLK_LABEL(msg) (BLK_LABEL_BASE + (uint64_t)(msg))

/* Every reply: word 0 is the status, 0 or a negative MICA_E* as a signed
 * 64-bit value; reply words after it are meaningful only when it is 0. */
#define BLK_REPLY_W_STATUS 0u

/* OPEN (forwarded by the name service): the path after "scheme:" travels as
 * bytes in the IPC buffer from word BLK_MSG_DATA_WORD. Reply: status, the
 * handle id (also the badge of the endpoint cap the reply carries). */
#define BLK_OPEN_W_FLAGS 0u
#define BLK_OPEN_W_PATH_LEN 1u
#define BLK_OPEN_READ (1u << 0)
#define BLK_OPEN_WRITE (1u << 1)
#define BLK_OPEN_KNOWN_FLAGS (BLK_OPEN_READ | BLK_OPEN_WRITE)
#define BLK_PATH_MAX 64u
#define BLK_OPEN_REPLY_W_HANDLE 1u

/* READ/WRITE (message path): byte offset on the device (a multiple of the
 * block size) and length; WRITE's data and READ's reply data sit in the IPC
 * buffer from word BLK_MSG_DATA_WORD, so the header words stay in registers.
 * Reply: status, bytes transferred. */
#define BLK_RW_W_OFFSET 0u
#define BLK_RW_W_LENGTH 1u
#define BLK_RW_REPLY_W_BYTES 1u
#define BLK_MSG_DATA_WORD MICA_MSG_REG_WORDS
#define BLK_MSG_DATA_MAX ((MICA_MSG_MAX_WORDS - BLK_MSG_DATA_WORD) * 8u)

/* READ_WINDOW/WRITE_WINDOW (window path): the words of READ/WRITE; the
 * data moves between the server and the window the caller offers with the
 * call (mica/abi/ipc_abi.h, struct mica_ipc_window), which must hold all
 * `length` bytes, by ipc_window_copy. At most FSTAT's window_max bytes.
 * Reply: status, bytes transferred. */

/* READ_BUFFER/WRITE_BUFFER (zero-copy path): the data lives in the buffer
 * registered with REGISTER_BUFFER; the server's device DMAs into or out of it.
 * Reply: status, bytes transferred (same word as the message path). */
#define BLK_BRW_W_OFFSET 0u
#define BLK_BRW_W_LENGTH 1u
#define BLK_BRW_W_BUFFER_OFFSET 2u

/* REGISTER_BUFFER: 1..MICA_MSG_MAX_CAPS frame capabilities (RAM, DMA-able);
 * the buffer is their concatenation in the order sent, sizes as frame_info
 * reports them. Once per handle. Reply: status, total bytes. */
#define BLK_REGISTER_REPLY_W_BYTES 1u

/* RING_SETUP: caps = submission ring frame, completion ring frame (both
 * formatted by the client with spsc_ring_init), and a notification the
 * server signals when the client asked for a wakeup. The reply carries one
 * cap: a notification the client signals when the server asked. Reply
 * words: status, submission capacity, completion capacity. An optional
 * request word names the hart the client submits from, so a server that
 * serves rings on one thread per hart can serve this ring there (absent,
 * or a hart without such a thread: the server's main thread serves it). */
#define BLK_RING_SETUP_W_HART 0u
#define BLK_RING_SETUP_CAP_SUBMISSION 0u
#define BLK_RING_SETUP_CAP_COMPLETION 1u
#define BLK_RING_SETUP_CAP_CLIENT_NTFN 2u
#define BLK_RING_REPLY_W_SUBMISSION_CAPACITY 1u
#define BLK_RING_REPLY_W_COMPLETION_CAPACITY 2u

/* RING_ENTER: a call in place of the doorbell when the client is about to
 * wait for completions (io_uring_enter's submit-and-wait): the server takes
 * the handle's submissions as a doorbell would, and its reply (word 1) says
 * whether they ran inside the call, their completions already in the ring
 * (BLK_RING_ENTER_RAN: a synchronous driver's main thread), or the call was
 * kept until the ring held a completion or had nothing in flight
 * (BLK_RING_ENTER_KEPT: an asynchronous driver's only ring; the rest come
 * with the wakeup), or they were only started or handed to the thread
 * serving the ring (BLK_RING_ENTER_STARTED: their completions come with
 * the wakeup). No ring: -MICA_EINVAL. */
#define BLK_RING_ENTER_REPLY_W_SERVED 1u
#define BLK_RING_ENTER_STARTED 0u
#define BLK_RING_ENTER_RAN 1u
#define BLK_RING_ENTER_KEPT 2u

/* PARTITION: word 0 an index into the disk's partition list (0 first);
 * reply: status (-MICA_ENOENT past the last), the words of struct
 * blk_partition from word 1. Any handle of the disk may ask. */
#define BLK_PARTITION_W_INDEX 0u
#define BLK_PARTITION_REPLY_W_INFO 1u
#define BLK_PART_TABLE_MBR 1u
#define BLK_PART_TABLE_GPT 2u
#define BLK_PART_LOGICAL (1u << 0) /* an MBR logical partition, inside the extended one */
#define BLK_PART_BOOTABLE (1u << 1) /* MBR status 0x80 */
#define BLK_PART_NAME_MAX 72u

/* One partition: where it is on the disk (device blocks), its type and,
 * on GPT, its unique GUID and name (UTF-8, NUL padded). GUIDs are the 16
 * bytes as stored on the disk (the first three fields little-endian). */
struct blk_partition {
    uint32_t number;  /* the path p<number>: GPT entry index + 1; MBR 1..4, logical 5.. */
    uint8_t table;    /* BLK_PART_TABLE_* */
    uint8_t mbr_type; /* MBR: the type byte; GPT: 0 */
    uint16_t flags;   /* BLK_PART_* */
    uint64_t first_block;
    uint64_t block_count;
    uint8_t type_guid[16];
    uint8_t uuid[16];
    char name[BLK_PART_NAME_MAX];
};

#define BLK_PARTITION_WORDS (sizeof(struct blk_partition) / 8u)
_Static_assert(sizeof(struct blk_partition) == 128, "blk_partition is 16 words");
_Static_assert(offsetof(struct blk_partition, first_block) == 8, "blk_partition.first_block");
_Static_assert(offsetof(struct blk_partition, type_guid) == 24, "blk_partition.type_guid");
_Static_assert(offsetof(struct blk_partition, name) == 56, "blk_partition.name");

/* FSTAT reply: the words of struct blk_stat from word 1, then the bytes one
 * window request may move (0, or a reply without the word: no windows). */
#define BLK_FSTAT_REPLY_W_STAT 1u
#define BLK_FSTAT_REPLY_W_WINDOW_MAX (BLK_FSTAT_REPLY_W_STAT + BLK_STAT_WORDS)
#define BLK_STAT_READ_ONLY (1u << 0)
#define BLK_STAT_FLUSH (1u << 1) /* the device has a volatile cache to flush */
#define BLK_SERIAL_MAX 24u       /* virtio-blk GET_ID gives 20 bytes; NUL padded */
#define BLK_MODEL_MAX 32u

struct blk_stat {
    uint64_t size_bytes;
    uint32_t block_size;   /* logical block size: a power of two, 512..65536 */
    uint32_t flags;        /* BLK_STAT_* */
    uint32_t max_transfer; /* bytes one request may move (a multiple of block_size) */
    uint32_t queue_depth;  /* requests the server keeps in flight per handle */
    char serial[BLK_SERIAL_MAX]; /* not NUL-terminated when it fills the field */
    char model[BLK_MODEL_MAX];
};

#define BLK_STAT_WORDS (sizeof(struct blk_stat) / 8u)
#define BLK_BLOCK_SIZE_MIN 512u
#define BLK_BLOCK_SIZE_MAX 65536u

_Static_assert(sizeof(struct blk_stat) == 80, "blk_stat is 10 words");
_Static_assert(offsetof(struct blk_stat, block_size) == 8, "blk_stat.block_size");
_Static_assert(offsetof(struct blk_stat, flags) == 12, "blk_stat.flags");
_Static_assert(offsetof(struct blk_stat, max_transfer) == 16, "blk_stat.max_transfer");
_Static_assert(offsetof(struct blk_stat, serial) == 24, "blk_stat.serial");
_Static_assert(offsetof(struct blk_stat, model) == 48, "blk_stat.model");
_Static_assert(BLK_FSTAT_REPLY_W_STAT + BLK_STAT_WORDS <= MICA_MSG_MAX_WORDS, "fstat reply fits");
_Static_assert(BLK_PARTITION_REPLY_W_INFO + BLK_PARTITION_WORDS <= MICA_MSG_MAX_WORDS,
               "partition reply fits");
_Static_assert(BLK_MSG_DATA_MAX == 4096, "the message path carries one 4 KiB block");
_Static_assert(BLK_MSG_DATA_MAX >= BLK_BLOCK_SIZE_MIN, "one small block fits a message");
_Static_assert(BLK_MSG_DATA_WORD * 8u + BLK_PATH_MAX <= MICA_MSG_MAX_WORDS * 8u, "path fits");
_Static_assert(BLK_LABEL(BLK_MSG_COUNT) <= MICA_MSGINFO_LABEL_MAX, "labels fit the info word");
_Static_assert(BLK_RING_SETUP_CAP_CLIENT_NTFN < MICA_MSG_MAX_CAPS, "ring setup caps fit");

#endif
