/* Named server parameters (`size=16M unit=1 ro`): a server declares each
 * one it takes in its image's .mica.params section (name, type, default,
 * help), so `srvinfo` lists them without running the server, and parses its
 * command line (init.conf's args="...", mica/args.h) against the same
 * declaration. The parser is freestanding (libipc/lib/server_params.c,
 * linked into the image) and gives one clear line for bad input. */
#ifndef MICA_SERVER_PARAMS_H
#define MICA_SERVER_PARAMS_H

#include <stdint.h>

#define MICA_PARAMS_SECTION ".mica.params"

#define MICA_PARAM_NAME_MAX 24
#define MICA_PARAM_TEXT_MAX 32 /* a default or a string value, with its NUL */
#define MICA_PARAM_HELP_MAX 104
#define MICA_PARAMS_MAX 16     /* declarations one server may have */

enum mica_param_type {
    MICA_PARAM_BOOL = 1,   /* `ro` alone, or ro=yes|no|on|off|true|false|1|0 */
    MICA_PARAM_INT = 2,    /* decimal, or hexadecimal after 0x */
    MICA_PARAM_SIZE = 3,   /* bytes: a number with K, M, G or T (powers of 1024) */
    MICA_PARAM_STRING = 4, /* text up to the next blank, at most 31 characters */
};

/* One declaration; strings NUL-terminated inside their fields. Fixed size
 * and little-endian, like the manifest, so host tools read it as-is. */
struct mica_server_param {
    char name[MICA_PARAM_NAME_MAX];
    uint32_t type; /* enum mica_param_type */
    uint32_t max;  /* an int's largest value (0: any); 0 for other types */
    char default_value[MICA_PARAM_TEXT_MAX]; /* parsed as a value of `type` */
    char help[MICA_PARAM_HELP_MAX];
};
_Static_assert(sizeof(struct mica_server_param) == 168, "a parameter declaration's layout is ABI");

/* A parsed value: `number` for bool (0/1), int and size; `text` for string
 * (and the text of every other type as given). `given` says the command
 * line named it (otherwise it holds the default). */
struct mica_param_value {
    uint64_t number;
    char text[MICA_PARAM_TEXT_MAX];
    int given;
};

/* Declares the parameters of the server being compiled, e.g.
 *   MICA_SERVER_PARAMS(MICA_PARAM("size", SIZE, "0", "disk size in bytes"),
 *                      MICA_PARAM("ro", BOOL, "no", "refuse writes"));
 * Exactly one translation unit of a server uses it; the values come back
 * in declaration order. */
#define MICA_PARAM(name_, type_, default_, help_) \
    { .name = name_, .type = MICA_PARAM_##type_, .default_value = default_, .help = help_ }
/* An int from 0 to max_ (max_ >= 1). */
#define MICA_PARAM_INT_MAX(name_, default_, max_, help_) \
    { .name = name_, .type = MICA_PARAM_INT, .max = max_, .default_value = default_, .help = help_ }
#define MICA_SERVER_PARAMS(...)                                                   \
    __attribute__((section(MICA_PARAMS_SECTION), used, aligned(8)))               \
    static const struct mica_server_param mica_server_params_[] = { __VA_ARGS__ }
#define MICA_SERVER_PARAM_COUNT (sizeof mica_server_params_ / sizeof mica_server_params_[0])

/* Where a server reads its own command line, mica_args() (mica/args.h),
 * given its entry's argument (init.conf's arg=, which a server with named
 * parameters must not be given: refused, so an old packed line is never
 * read as defaults), saying what is wrong through `say` (ipc_log_error):
 *   struct mica_param_value v[MICA_SERVER_PARAM_COUNT];
 *   if (mica_server_params_read(arg, v, ipc_log_error) < 0)
 *       return 1; */
#define MICA_PARAMS_WHY_MAX 96
#define mica_server_params_read(arg, values, say)                                 \
    mica_params_read(mica_server_params_, MICA_SERVER_PARAM_COUNT, (arg), mica_args(), \
                     (values), (say))

/* Parses `args` (NULL or "" for none) against `count` declarations into
 * values[0..count): every value starts as its default, then each word of
 * args sets one. 0 on success; -1 with one line in `why` (`size=16Q: not a
 * size`, `colour=blue: unknown parameter`, `unit=2: given twice`, `unit:
 * needs a value`, `size: default "x" is not a size`), and values then
 * unspecified. An int above its declared max is `unit=300: more than 255`. */
int mica_params_parse(const struct mica_server_param *decl, unsigned count, const char *args,
                      struct mica_param_value *values, char *why, unsigned why_size);

/* mica_params_parse after refusing a non-zero packed argument
 * (`arg=0x400: not read: give parameters by name, args="..."`); a refusal
 * is passed to say("%s", line). 0 or -1. */
int mica_params_read(const struct mica_server_param *decl, unsigned count, uint64_t arg,
                     const char *args, struct mica_param_value *values,
                     void (*say)(const char *fmt, ...));

/* The type's name as srvinfo prints it ("bool", "int", "size", "string"),
 * or NULL for an unknown number. */
const char *mica_param_type_name(uint32_t type);

/* Checks a declaration table as the loader would a manifest: names
 * non-empty, unique, of letters, digits, '-' and '_'; every string
 * terminated in its field; known types; max only on ints; defaults valid
 * for their type.
 * 0, or -1 with the reason in `why`. */
int mica_params_check(const struct mica_server_param *decl, unsigned count, char *why,
                      unsigned why_size);

#endif
