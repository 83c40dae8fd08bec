/* blkbench's argument parser: one table of options with the subcommands each
 * belongs to, numbers with K/M/G suffixes, and the cross-option rules
 * (--bytes or --ops, --write or --check, verify needs --seed). */
#include "blkbench_args.h"

#include <stddef.h>
#include <string.h>

#include <mica/abi/errno.h>

const char *const blkbench_cmd_names[BLKBENCH_CMD_COUNT] = {
    [BLKBENCH_CMD_HELP] = "help",     [BLKBENCH_CMD_IPC] = "ipc",
    [BLKBENCH_CMD_BLK] = "blk",       [BLKBENCH_CMD_MATRIX] = "matrix",
    [BLKBENCH_CMD_VERIFY] = "verify", [BLKBENCH_CMD_FILE] = "file",
    [BLKBENCH_CMD_CHAOS] = "chaos",
};
const char *const blkbench_path_names[BLKBENCH_PATH_COUNT] = {
    [BLKBENCH_PATH_MSG] = "msg", [BLKBENCH_PATH_ZEROCOPY] = "zerocopy",
    [BLKBENCH_PATH_QUEUE] = "queue", [BLKBENCH_PATH_SIMPLE] = "simple",
    [BLKBENCH_PATH_INPLACE] = "inplace",
};
const char *const blkbench_rw_names[BLKBENCH_RW_COUNT] = {
    [BLKBENCH_RW_READ] = "read", [BLKBENCH_RW_WRITE] = "write",
    [BLKBENCH_RW_RANDREAD] = "randread", [BLKBENCH_RW_RANDWRITE] = "randwrite",
};

const char *const blkbench_usage[] = {
    "usage: blkbench ipc [--rounds N] [--warmup N]",
    "       blkbench blk <scheme> [--path msg|zerocopy|queue|simple|inplace] [--rw read|write|randread|randwrite]",
    "                    [--bs N] [--qd N] [--clients N] [--harts N] [--bytes N|--ops N] [--seed N]",
    "       blkbench matrix <scheme> [--quick] [--seed N]",
    "       blkbench verify <scheme> --seed N [--gen N] [--write|--check]",
    "       blkbench file <scheme:/path> [--rounds N] [--warmup N]",
    "       blkbench chaos <scheme> [--crashes N] [--seed N] [--update IMAGE[,IMAGE...]]",
    "                    (needs the control grant; --update: N live updates instead of crashes)",
    "       blkbench help",
    "steps: several commands separated by ';' run in order; the last line is the verdict of all",
    "numbers: decimal or 0x hex, with an optional K, M or G suffix (KiB, MiB, GiB)",
    NULL,
};

enum opt_id {
    OPT_ROUNDS, OPT_WARMUP, OPT_PATH, OPT_RW, OPT_BS, OPT_QD, OPT_CLIENTS, OPT_HARTS,
    OPT_BYTES, OPT_OPS, OPT_SEED, OPT_GEN, OPT_WRITE, OPT_CHECK, OPT_QUICK, OPT_CRASHES,
    OPT_UPDATE,
};

#define CMD(c) (1u << BLKBENCH_CMD_##c)

static const struct option {
    const char *name;
    enum opt_id id;
    unsigned cmds; /* the subcommands that take it */
    bool has_value;
} options[] = {
    { "--rounds", OPT_ROUNDS, CMD(IPC) | CMD(FILE), true },
    { "--warmup", OPT_WARMUP, CMD(IPC) | CMD(FILE), true },
    { "--path", OPT_PATH, CMD(BLK), true },
    { "--rw", OPT_RW, CMD(BLK), true },
    { "--bs", OPT_BS, CMD(BLK), true },
    { "--qd", OPT_QD, CMD(BLK), true },
    { "--clients", OPT_CLIENTS, CMD(BLK), true },
    { "--harts", OPT_HARTS, CMD(BLK), true },
    { "--bytes", OPT_BYTES, CMD(BLK), true },
    { "--ops", OPT_OPS, CMD(BLK), true },
    { "--seed", OPT_SEED, CMD(BLK) | CMD(MATRIX) | CMD(VERIFY) | CMD(CHAOS), true },
    { "--gen", OPT_GEN, CMD(VERIFY), true },
    { "--write", OPT_WRITE, CMD(VERIFY), false },
    { "--check", OPT_CHECK, CMD(VERIFY), false },
    { "--quick", OPT_QUICK, CMD(MATRIX), false },
    { "--crashes", OPT_CRASHES, CMD(CHAOS), true },
    { "--update", OPT_UPDATE, CMD(CHAOS), true },
};
#define OPTION_COUNT (sizeof options / sizeof options[0])

static int fail(struct blkbench_arg_error *err, const char *why, const char *arg)
{
    err->why = why;
    err->arg = arg;
    return -MICA_EINVAL;
}

/* Decimal or 0x hex, then an optional binary K/M/G multiplier. */
static int parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    uint64_t v = 0;
    const char *digits = s;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            break;
        if (v > (UINT64_MAX - d) / base)
            return -MICA_ERANGE;
        v = v * base + d;
    }
    if (s == digits)
        return -MICA_EINVAL;
    unsigned shift = 0;
    if (*s == 'K')
        shift = 10;
    else if (*s == 'M')
        shift = 20;
    else if (*s == 'G')
        shift = 30;
    if (shift)
        s++;
    if (*s)
        return -MICA_EINVAL;
    if (v > (UINT64_MAX >> shift))
        return -MICA_ERANGE;
    *out = v << shift;
    return 0;
}

static int number(const char *s, uint64_t lo, uint64_t hi, uint64_t *out,
                  struct blkbench_arg_error *err)
{
    int r = parse_u64(s, out);
    if (r == -MICA_EINVAL)
        return fail(err, "not a number", s);
    if (r < 0 || *out < lo || *out > hi)
        return fail(err, "number out of range", s);
    return 0;
}

static int pick(const char *s, const char *const names[], unsigned count, unsigned *out,
                struct blkbench_arg_error *err, const char *why)
{
    for (unsigned i = 0; i < count; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    return fail(err, why, s);
}

/* "name:" or "name:path", the name made of letters, digits, '.', '_', '-'. */
static bool scheme_ok(const char *s)
{
    const char *colon = strchr(s, ':');
    if (!colon || colon == s)
        return false;
    for (const char *p = s; p < colon; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

/* A comma-separated list of 1..BLKBENCH_MAX_UPDATE_IMAGES image paths, none
 * empty or longer than BLKBENCH_MAX_IMAGE_PATH - 1. */
static int image_list(const char *value, struct blkbench_arg_error *err)
{
    unsigned count = 0;
    for (const char *p = value;; p++) {
        size_t length = strcspn(p, ",");
        if (length == 0)
            return fail(err, "empty image path", value);
        if (length >= BLKBENCH_MAX_IMAGE_PATH)
            return fail(err, "image path too long", value);
        if (++count > BLKBENCH_MAX_UPDATE_IMAGES)
            return fail(err, "more than 4 images", value);
        p += length;
        if (!*p)
            return 0;
    }
}

static int apply(const struct option *opt, const char *value, struct blkbench_opts *o,
                 struct blkbench_arg_error *err)
{
    uint64_t v = 0;
    unsigned e;
    int r = 0;
    switch (opt->id) {
    case OPT_ROUNDS:
        if ((r = number(value, 1, BLKBENCH_MAX_ROUNDS, &v, err)) == 0)
            o->rounds = (uint32_t)v;
        break;
    case OPT_WARMUP:
        if ((r = number(value, 0, BLKBENCH_MAX_WARMUP, &v, err)) == 0)
            o->warmup = (uint32_t)v;
        break;
    case OPT_PATH:
        if ((r = pick(value, blkbench_path_names, BLKBENCH_PATH_COUNT, &e, err, "unknown path")) == 0)
            o->path = (enum blkbench_path)e;
        break;
    case OPT_RW:
        if ((r = pick(value, blkbench_rw_names, BLKBENCH_RW_COUNT, &e, err, "unknown access pattern")) == 0)
            o->rw = (enum blkbench_rw)e;
        break;
    case OPT_BS:
        if ((r = number(value, BLKBENCH_MIN_BS, BLKBENCH_MAX_BS, &v, err)) == 0) {
            if (v % BLKBENCH_MIN_BS)
                return fail(err, "block size is not a multiple of 512", value);
            o->bs = (uint32_t)v;
        }
        break;
    case OPT_QD:
        if ((r = number(value, 1, BLKBENCH_MAX_QD, &v, err)) == 0)
            o->qd = (uint32_t)v;
        break;
    case OPT_CLIENTS:
        if ((r = number(value, 1, BLKBENCH_MAX_CLIENTS, &v, err)) == 0)
            o->clients = (uint32_t)v;
        break;
    case OPT_HARTS:
        if ((r = number(value, 1, BLKBENCH_MAX_CLIENTS, &v, err)) == 0)
            o->harts = (uint32_t)v;
        break;
    case OPT_BYTES:
        if ((r = number(value, 1, UINT64_MAX, &v, err)) == 0)
            o->bytes = v;
        break;
    case OPT_OPS:
        if ((r = number(value, 1, UINT64_MAX, &v, err)) == 0)
            o->ops = v;
        break;
    case OPT_SEED:
        r = number(value, 0, UINT64_MAX, &o->seed, err);
        break;
    case OPT_GEN:
        r = number(value, 0, UINT64_MAX, &o->gen, err);
        break;
    case OPT_WRITE:
        o->verify = BLKBENCH_VERIFY_WRITE;
        break;
    case OPT_CHECK:
        o->verify = BLKBENCH_VERIFY_CHECK;
        break;
    case OPT_QUICK:
        o->quick = true;
        break;
    case OPT_CRASHES:
        if ((r = number(value, 1, BLKBENCH_MAX_CRASHES, &v, err)) == 0)
            o->crashes = (uint32_t)v;
        break;
    case OPT_UPDATE:
        if ((r = image_list(value, err)) == 0)
            o->update = value;
        break;
    }
    return r;
}

static const struct option *find_option(const char *arg, size_t len)
{
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (strlen(options[i].name) == len && memcmp(options[i].name, arg, len) == 0)
            return &options[i];
    return NULL;
}

static void set_defaults(struct blkbench_opts *o)
{
    *o = (struct blkbench_opts){
        .rounds = BLKBENCH_DEFAULT_ROUNDS,
        .warmup = BLKBENCH_DEFAULT_WARMUP,
        .bs = BLKBENCH_DEFAULT_BS,
        .qd = 1,
        .clients = 1,
        .harts = 1,
        .seed = BLKBENCH_DEFAULT_SEED,
        .gen = BLKBENCH_DEFAULT_GEN,
        .crashes = BLKBENCH_DEFAULT_CRASHES,
    };
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int blkbench_parse(int argc, char *const argv[], struct blkbench_opts *o,
                   struct blkbench_arg_error *err)
{
    set_defaults(o);
    for (int i = 0; i < argc; i++)
        if (is_help(argv[i]))
            return 0;
    if (argc < 1)
        return fail(err, "no subcommand", NULL);
    unsigned cmd;
    if (pick(argv[0], blkbench_cmd_names, BLKBENCH_CMD_COUNT, &cmd, err, "unknown subcommand") < 0)
        return -MICA_EINVAL;
    o->cmd = (enum blkbench_cmd)cmd;

    uint64_t seen = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-') {
            if (o->cmd == BLKBENCH_CMD_IPC || o->cmd == BLKBENCH_CMD_HELP)
                return fail(err, "unexpected argument", arg);
            if (o->scheme)
                return fail(err, "more than one scheme", arg);
            if (!scheme_ok(arg))
                return fail(err, "not a scheme (expected name: such as disk.vblk0:)", arg);
            o->scheme = arg;
            continue;
        }
        const char *eq = strchr(arg, '=');
        const struct option *opt = find_option(arg, eq ? (size_t)(eq - arg) : strlen(arg));
        if (!opt)
            return fail(err, "unknown option", arg);
        if (!(opt->cmds & (1u << o->cmd)))
            return fail(err, "option not taken by this subcommand", arg);
        const char *value = NULL;
        if (opt->has_value) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return fail(err, "option needs a value", arg);
        } else if (eq) {
            return fail(err, "option takes no value", arg);
        }
        if (apply(opt, value, o, err) < 0)
            return -MICA_EINVAL;
        seen |= 1ull << opt->id;
    }

    if ((seen & (1ull << OPT_BYTES)) && (seen & (1ull << OPT_OPS)))
        return fail(err, "--bytes and --ops exclude each other", NULL);
    if ((seen & (1ull << OPT_WRITE)) && (seen & (1ull << OPT_CHECK)))
        return fail(err, "--write and --check exclude each other", NULL);
    bool needs_scheme = o->cmd == BLKBENCH_CMD_BLK || o->cmd == BLKBENCH_CMD_MATRIX ||
                        o->cmd == BLKBENCH_CMD_VERIFY || o->cmd == BLKBENCH_CMD_FILE ||
                        o->cmd == BLKBENCH_CMD_CHAOS;
    if (needs_scheme && !o->scheme)
        return fail(err, "missing <scheme>", blkbench_cmd_names[o->cmd]);
    if (o->cmd == BLKBENCH_CMD_VERIFY && !(seen & (1ull << OPT_SEED)))
        return fail(err, "verify needs --seed N", NULL);
    if (o->cmd == BLKBENCH_CMD_BLK && !o->bytes && !o->ops)
        o->ops = BLKBENCH_DEFAULT_OPS;
    return 0;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int blkbench_split(char *line, char *argv[], int max)
{
    int argc = 0;
    char *p = line;
    for (;;) {
        while (*p && blank(*p))
            p++;
        if (!*p)
            return argc;
        if (argc == max)
            return -MICA_E2BIG;
        argv[argc++] = p;
        while (*p && !blank(*p))
            p++;
        if (*p)
            *p++ = '\0';
    }
}

int blkbench_steps(char *line, char *steps[], int max)
{
    int count = 0;
    for (char *p = line;;) {
        if (count == max)
            return -MICA_E2BIG;
        steps[count++] = p;
        p = strchr(p, ';');
        if (!p)
            return count;
        *p++ = '\0';
    }
}
