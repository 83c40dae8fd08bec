/* The file protocol, spoken between clients and file-system servers (fat):
 * read-only files and directories under a scheme, "boot:/srv/x.srv". Its
 * style is the block protocol's (mica/blk_protocol.h): OPEN on the door
 * init's name service hands out returns a capability badged with a handle,
 * every later message goes on it, word 0 of every reply is the status.
 * docs/files.md is the prose. */
#ifndef MICA_FILE_PROTOCOL_H
#define MICA_FILE_PROTOCOL_H
#include <stdint.h>

#include <mica/abi/ipc_abi.h>

/* A range of its own, so a block message to a file server (or the other
 * way round) is an unknown label, -MICA_ENOSYS. */
#define FILE_LABEL_BASE 0xf11e00ull

/* X(name, number, request words): the single list of file messages. */
#define FILE_MSG_LIST(X) \
    X(OPEN, 0, 2)        \
    X(CLOSE, 1, 0)       \
    X(STAT, 2, 0)        \
    X(READ, 3, 2)        \
    X(READDIR, 4, 1)

enum file_msg {
#define FILE_MSG_ENUM(name, number, words) FILE_MSG_##name = number,
    FILE_MSG_LIST(FILE_MSG_ENUM)
#undef FILE_MSG_ENUM
    FILE_MSG_COUNT
};

#define FILE_LABEL(msg) (FILE_LABEL_BASE + (uint64_t)(msg))

#define FILE_REPLY_W_STATUS 0u
/* Data and text travel in the IPC buffer from this word on. */
#define FILE_MSG_DATA_WORD MICA_MSG_REG_WORDS
#define FILE_MSG_DATA_MAX ((MICA_MSG_MAX_WORDS - FILE_MSG_DATA_WORD) * 8u)

/* OPEN: w0 flags (FILE_OPEN_READ; asking to write is -MICA_EROFS), w1 the
 * path's length (1..FILE_PATH_MAX), the path from word 4 ("/" the root).
 * Reply: status, w1 the handle id; one cap, the handle. */
#define FILE_OPEN_W_FLAGS 0u
#define FILE_OPEN_W_PATH_LEN 1u
#define FILE_OPEN_READ (1u << 0)
#define FILE_OPEN_WRITE (1u << 1)
#define FILE_PATH_MAX 255u
#define FILE_OPEN_REPLY_W_HANDLE 1u

/* STAT: reply w1 size in bytes (0 for a directory), w2 kind, w3 the FAT
 * attribute bits. */
#define FILE_STAT_REPLY_W_SIZE 1u
#define FILE_STAT_REPLY_W_KIND 2u
#define FILE_STAT_REPLY_W_ATTRIBUTES 3u
#define FILE_KIND_FILE 1u
#define FILE_KIND_DIRECTORY 2u

/* READ (a file): w0 byte offset (any), w1 length (1..FILE_MSG_DATA_MAX).
 * Reply: w1 bytes read (fewer at the end, 0 at or past it), data from word 4. */
#define FILE_READ_W_OFFSET 0u
#define FILE_READ_W_LENGTH 1u
#define FILE_READ_REPLY_W_BYTES 1u

/* READDIR (a directory): w0 the cookie (0 for the first entry). Reply: w1
 * the cookie of the next call, w2 the entry's size, w3 its kind (0: no
 * more entries) and name length << 8; the UTF-8 name from word 4. */
#define FILE_READDIR_W_COOKIE 0u
#define FILE_READDIR_REPLY_W_NEXT 1u
#define FILE_READDIR_REPLY_W_SIZE 2u
#define FILE_READDIR_REPLY_W_KIND 3u
#define FILE_READDIR_NAME_SHIFT 8u
#define FILE_NAME_MAX 766u /* 255 UCS-2 characters as UTF-8, and a NUL */
_Static_assert(FILE_NAME_MAX <= FILE_MSG_DATA_MAX, "a name fits one reply");

#endif
