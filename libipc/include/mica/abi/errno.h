/* Error codes shared by every Mica protocol (block, scheme, loader): positive
 * constants with Linux's numeric values, returned negated (-MICA_EIO) by calls
 * that fail, so values seen in a trace mean the same as on Linux. */

#ifndef MICA_ERRNO_H
#define MICA_ERRNO_H

/* X(name, Linux value, short description): the single list every table is made from. */
#define MICA_ERRNO_LIST(X)                                       \
    X(EPERM, 1, "operation not permitted")                       \
    X(ENOENT, 2, "no such file or scheme")                       \
    X(ESRCH, 3, "no such process")                               \
    X(EINTR, 4, "interrupted")                                   \
    X(EIO, 5, "input/output error")                              \
    X(ENXIO, 6, "no such device or address")                     \
    X(E2BIG, 7, "argument list too long")                        \
    X(EBADF, 9, "bad handle")                                    \
    X(EAGAIN, 11, "try again")                                   \
    X(ENOMEM, 12, "out of memory")                               \
    X(EACCES, 13, "permission denied")                           \
    X(EFAULT, 14, "bad address")                                 \
    X(EBUSY, 16, "device or resource busy")                      \
    X(EEXIST, 17, "already exists")                              \
    X(ENODEV, 19, "no such device")                              \
    X(ENOTDIR, 20, "not a directory")                            \
    X(EISDIR, 21, "is a directory")                              \
    X(EINVAL, 22, "invalid argument")                            \
    X(EMFILE, 24, "too many open handles")                       \
    X(ENOTTY, 25, "inappropriate request for device")            \
    X(EFBIG, 27, "file too large")                               \
    X(ENOSPC, 28, "no space left on device")                     \
    X(ESPIPE, 29, "illegal seek")                                \
    X(EROFS, 30, "read-only device")                             \
    X(EPIPE, 32, "peer has gone")                                \
    X(ERANGE, 34, "out of range")                                \
    X(ENAMETOOLONG, 36, "name too long")                         \
    X(ENOSYS, 38, "function not implemented")                    \
    X(EPROTO, 71, "protocol error")                              \
    X(EBADMSG, 74, "bad message")                                \
    X(EOVERFLOW, 75, "value too large for type")                 \
    X(ENOTSUP, 95, "operation not supported")                    \
    X(ETIMEDOUT, 110, "timed out")                               \
    X(ESTALE, 116, "stale handle")                               \
    X(ECANCELED, 125, "operation canceled")

enum mica_errno {
#define MICA_ERRNO_ENUM(name, value, text) MICA_##name = value,
    MICA_ERRNO_LIST(MICA_ERRNO_ENUM)
#undef MICA_ERRNO_ENUM
};

/* "EIO" for 5 or -5; "EUNKNOWN" for a code not in the list (never NULL, so
 * callers can print the result unconditionally). */
const char *mica_errno_name(int code);

/* "input/output error" for 5 or -5; "unknown error" otherwise. */
const char *mica_errno_text(int code);

#endif
