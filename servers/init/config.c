/* A line-at-a-time reader for init.conf; the file comes from the initrd,
 * so every token is length-checked. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <mica/abi/bootargs.h>
#include <mica/abi/errno.h>

#define BOOTARG_KEY "init.conf"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

void config_begin(struct config_cursor *c, const char *text, size_t size)
{
    c->next = text;
    c->end = text + size;
    c->line = 0;
}

/* Decimal or 0x hex, with an optional K or M suffix. */
static int parse_number(const char *s, size_t len, uint64_t *out)
{
    uint64_t scale = 1;
    if (len > 0 && (s[len - 1] == 'K' || s[len - 1] == 'M')) {
        scale = s[len - 1] == 'K' ? 1024u : 1024u * 1024u;
        len--;
    }
    unsigned base = 10;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        len -= 2;
    }
    if (len == 0)
        return -MICA_EINVAL;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        unsigned d;
        if (ch >= '0' && ch <= '9')
            d = (unsigned)(ch - '0');
        else if (base == 16 && ch >= 'a' && ch <= 'f')
            d = (unsigned)(ch - 'a' + 10);
        else if (base == 16 && ch >= 'A' && ch <= 'F')
            d = (unsigned)(ch - 'A' + 10);
        else
            return -MICA_EINVAL;
        if (v > (UINT64_MAX - d) / base)
            return -MICA_ERANGE;
        v = v * base + d;
    }
    if (v > UINT64_MAX / scale)
        return -MICA_ERANGE;
    *out = v * scale;
    return 0;
}

static int token_is(const char *tok, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(tok, word, len) == 0;
}

static const char *const restart_names[] = {
    [RESTART_NEVER] = "never",
    [RESTART_ON_FAULT] = "on-fault",
    [RESTART_ALWAYS] = "always",
};

const char *config_restart_name(enum restart_policy p)
{
    return (unsigned)p < sizeof restart_names / sizeof restart_names[0] ? restart_names[p] : "?";
}

static int parse_restart(const char *v, size_t len, struct config_entry *e)
{
    for (unsigned i = 0; i < sizeof restart_names / sizeof restart_names[0]; i++) {
        if (token_is(v, len, restart_names[i])) {
            e->restart = (enum restart_policy)i;
            return 0;
        }
    }
    return -MICA_EINVAL;
}

/* heartbeat=<n>ms, n within the configured bounds. */
static int parse_heartbeat(const char *v, size_t len, struct config_entry *e)
{
    uint64_t ms;
    if (len < 3 || memcmp(v + len - 2, "ms", 2) != 0 || v[len - 3] < '0' || v[len - 3] > '9' ||
        parse_number(v, len - 2, &ms) < 0 || ms < CONFIG_HEARTBEAT_MIN_MS ||
        ms > CONFIG_HEARTBEAT_MAX_MS)
        return -MICA_EINVAL;
    e->heartbeat_ms = (unsigned)ms;
    return 0;
}

/* The reason naming the token, kept until the next refusal (one parser
 * runs at a time: init's supervisor thread, or a host tool). */
static char token_why[96];

static int refuse_token(const char *what, const char *tok, size_t len, const char **why)
{
    snprintf(token_why, sizeof token_why, "%s: %.*s", what, (int)(len > 48 ? 48 : len), tok);
    *why = token_why;
    return -MICA_EINVAL;
}

/* Each option a line may give, once: a second would change the first
 * without a word (args= has its own check, in parse_args). */
static const char *const option_names[] = { "restart", "initrd", "system", "poweroff", "control",
                                            "heartbeat", "arg", "quota", "prio", "restarts", "hart" };

static int given_twice(const char *tok, size_t len, unsigned *seen, const char **why)
{
    const char *eq = memchr(tok, '=', len);
    size_t key_len = eq ? (size_t)(eq - tok) : len;
    for (unsigned i = 0; i < sizeof option_names / sizeof option_names[0]; i++) {
        if (!token_is(tok, key_len, option_names[i]))
            continue;
        if (*seen & 1u << i)
            return refuse_token("given twice", tok, len, why);
        *seen |= 1u << i;
    }
    return 0;
}

static int apply_option(struct config_entry *e, const char *tok, size_t len, const char **why)
{
    const char *eq = memchr(tok, '=', len);
    if (eq && token_is(tok, (size_t)(eq - tok), "restart"))
        return parse_restart(eq + 1, len - (size_t)(eq - tok) - 1, e) < 0
                   ? (*why = "restart is never, always or on-fault", -MICA_EINVAL)
                   : 0;
    if (!eq) {
        if (token_is(tok, len, "initrd"))
            e->grant_initrd = 1;
        else if (token_is(tok, len, "system"))
            e->grant_system = 1;
        else if (token_is(tok, len, "poweroff"))
            e->poweroff = 1;
        else if (token_is(tok, len, "control"))
            e->grant_control = 1;
        else
            return refuse_token("unknown option", tok, len, why);
        return 0;
    }
    size_t key_len = (size_t)(eq - tok);
    if (token_is(tok, key_len, "heartbeat"))
        return parse_heartbeat(eq + 1, len - key_len - 1, e) < 0
                   ? refuse_token("heartbeat is <n>ms, 20ms to 600000ms", tok, len, why)
                   : 0;
    uint64_t v;
    static const char *const numeric[] = { "arg", "quota", "prio", "restarts", "hart" };
    int known = 0;
    for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
        known |= token_is(tok, key_len, numeric[i]);
    if (!known)
        return refuse_token("unknown option", tok, len, why);
    if (parse_number(eq + 1, len - key_len - 1, &v) < 0)
        return refuse_token("bad number", tok, len, why);
    if (token_is(tok, key_len, "arg"))
        e->arg = v;
    else if (token_is(tok, key_len, "quota") && v > 0)
        e->quota_bytes = v;
    else if (token_is(tok, key_len, "quota"))
        return *why = "quota of 0 bytes: a program needs memory", -MICA_EINVAL;
    else if (token_is(tok, key_len, "prio") && v <= 255)
        e->priority = (unsigned)v;
    else if (token_is(tok, key_len, "restarts") && v <= CONFIG_MAX_RESTART_LIMIT)
        e->restart_limit = (unsigned)v;
    else if (token_is(tok, key_len, "hart") && v < 64)
        e->place_on_hart = 1, e->hart = (unsigned)v;
    else if (token_is(tok, key_len, "hart"))
        return *why = "hart above 63", -MICA_EINVAL;
    else if (token_is(tok, key_len, "prio"))
        return *why = "priority above 255", -MICA_EINVAL;
    else if (token_is(tok, key_len, "restarts"))
        return *why = "number too large", -MICA_EINVAL;
    else
        return refuse_token("unknown option", tok, len, why);
    return 0;
}

/* args=: a bare word, or "text" in which blanks and '#' are plain
 * characters and \" and \\ stand for " and \. *s is just past "args=";
 * it ends past the value. */
static int parse_args(const char **s, const char *end, struct config_entry *e, const char **why)
{
    if (e->has_args)
        return *why = "args given twice", -MICA_EINVAL;
    const char *p = *s;
    size_t len = 0;
    int quoted = p < end && *p == '"';
    if (quoted)
        p++;
    for (;;) {
        if (p == end) {
            if (quoted)
                return *why = "args: no closing quote", -MICA_EINVAL;
            break;
        }
        char ch = *p;
        if (!quoted && (is_space(ch) || ch == '#'))
            break;
        p++;
        if (quoted && ch == '"')
            break;
        if (quoted && ch == '\\') {
            if (p == end || (*p != '"' && *p != '\\'))
                return *why = "args: a backslash escapes only \" and \\", -MICA_EINVAL;
            ch = *p++;
        } else if (!quoted && ch == '"') {
            return *why = "args: a quote inside a bare word", -MICA_EINVAL;
        }
        if (len + 1 >= CONFIG_ARGS_MAX)
            return *why = "args longer than 511 bytes", -MICA_E2BIG;
        e->args[len++] = ch;
    }
    if (quoted && p < end && !is_space(*p) && *p != '#')
        return *why = "args: text after the closing quote", -MICA_EINVAL;
    e->args[len] = 0;
    e->has_args = 1;
    *s = p;
    return 0;
}

/* Splits one line (without its newline) into tokens; 1 if it held an entry.
 * '#' starts a comment except inside args="...". */
static int parse_line(const char *s, const char *end, struct config_entry *e, const char **why)
{
    static const char args_key[] = "args=";
    const size_t args_key_len = sizeof args_key - 1;
    int have_program = 0;
    unsigned seen = 0; /* option_names given so far */
    while (s < end) {
        while (s < end && is_space(*s))
            s++;
        if (s == end || *s == '#')
            break;
        if (have_program && (size_t)(end - s) >= args_key_len &&
            memcmp(s, args_key, args_key_len) == 0) {
            s += args_key_len;
            int r = parse_args(&s, end, e, why);
            if (r < 0)
                return r;
            continue;
        }
        const char *tok = s;
        while (s < end && !is_space(*s) && *s != '#')
            s++;
        size_t len = (size_t)(s - tok);
        if (!have_program) {
            if (len >= CONFIG_NAME_MAX)
                return *why = "program name too long", -MICA_ENAMETOOLONG;
            memcpy(e->program, tok, len);
            e->program[len] = 0;
            have_program = 1;
        } else {
            int r = given_twice(tok, len, &seen, why);
            if (r == 0)
                r = apply_option(e, tok, len, why);
            if (r < 0)
                return r;
        }
    }
    return have_program;
}

int config_next(struct config_cursor *c, struct config_entry *e, const char **why)
{
    while (c->next < c->end) {
        const char *line = c->next;
        const char *nl = memchr(line, '\n', (size_t)(c->end - line));
        const char *line_end = nl ? nl : c->end;
        c->next = nl ? nl + 1 : c->end;
        c->line++;
        c->line_text = line;
        c->line_len = (size_t)(line_end - line);
        int r = config_parse_line(line, (size_t)(line_end - line), e, why);
        if (r != 0)
            return r;
    }
    return 0;
}

int config_parse_line(const char *text, size_t len, struct config_entry *e, const char **why)
{
    memset(e, 0, sizeof *e);
    e->priority = CONFIG_DEFAULT_PRIORITY;
    e->quota_bytes = CONFIG_DEFAULT_QUOTA;
    e->restart_limit = CONFIG_DEFAULT_RESTART_LIMIT;
    int r = parse_line(text, text + len, e, why);
    return r < 0 ? -MICA_EINVAL : r;
}

int config_line_says_poweroff(const char *text, size_t len)
{
    const char *s = text, *end = text + len;
    int words = 0;
    while (s < end) {
        while (s < end && is_space(*s))
            s++;
        if (s == end || *s == '#')
            return 0;
        const char *tok = s;
        int quoted = 0;
        /* A word ends at a blank or '#' outside quotes; a quote opens or
         * closes args' text, a backslash in it takes the next byte. */
        while (s < end && (quoted || (!is_space(*s) && *s != '#'))) {
            if (quoted && *s == '\\' && s + 1 < end)
                s++;
            else if (*s == '"')
                quoted = !quoted;
            s++;
        }
        if (words++ > 0 && token_is(tok, (size_t)(s - tok), "poweroff"))
            return 1;
    }
    return 0;
}

void config_path_from_bootargs(const char *bootargs, char *path, size_t path_size)
{
    size_t len;
    const char *value = bootargs_find(bootargs, BOOTARG_KEY, &len);
    if (value && len > 0 && len < path_size) {
        memcpy(path, value, len);
        path[len] = 0;
        return;
    }
    strncpy(path, CONFIG_DEFAULT_PATH, path_size - 1);
    path[path_size - 1] = 0;
}

int config_bootarg_present(const char *bootargs, const char *word)
{
    /* word is `key=value` or a bare `key`: the key's first word must carry
     * exactly that value. */
    size_t key_len = 0;
    while (word[key_len] && word[key_len] != '=')
        key_len++;
    char key[64];
    if (key_len >= sizeof key)
        return 0;
    memcpy(key, word, key_len);
    key[key_len] = 0;
    size_t len;
    const char *value = bootargs_find(bootargs, key, &len);
    const char *want = word[key_len] ? word + key_len + 1 : "";
    return value && len == strlen(want) && memcmp(value, want, len) == 0;
}
