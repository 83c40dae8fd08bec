/* Named server parameters (mica/server_params.h): the command line's words
 * against a server's declarations. Freestanding and self-contained (no libc:
 * it is linked into server images and host tools alike). */
#include <mica/server_params.h>

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Appends text to why[*at..], keeping room for the NUL. */
static void put(char *why, unsigned size, unsigned *at, const char *text, unsigned max)
{
    for (unsigned i = 0; i < max && text[i] && *at + 1 < size; i++)
        why[(*at)++] = text[i];
    why[*at < size ? *at : size - 1] = '\0';
}

/* "<word>: <reason>", the word cut at its end (a blank) and at 40 bytes. */
static int refuse(char *why, unsigned size, const char *word, const char *reason)
{
    unsigned at = 0, n = 0;
    if (!why || !size)
        return -1;
    while (word[n] && !is_blank(word[n]) && n < 40)
        n++;
    put(why, size, &at, word, n);
    put(why, size, &at, ": ", 2);
    put(why, size, &at, reason, MICA_PARAMS_WHY_MAX);
    return -1;
}

static int same(const char *a, unsigned a_len, const char *b)
{
    unsigned i = 0;
    for (; i < a_len && b[i]; i++)
        if (a[i] != b[i])
            return 0;
    return i == a_len && b[i] == '\0';
}

/* An unsigned number, decimal or 0x hexadecimal, all of v[0..len). */
static int number(const char *v, unsigned len, uint64_t *out)
{
    uint64_t n = 0;
    unsigned base = 10, i = 0;
    if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        char c = v[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : base == 16 && c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                   : base == 16 && c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                   : 99u;
        if (d >= base || n > (UINT64_MAX - d) / base)
            return -1;
        n = n * base + d;
    }
    *out = n;
    return 0;
}

static int size_value(const char *v, unsigned len, uint64_t *out)
{
    unsigned shift = 0;
    if (len > 1) {
        char s = v[len - 1];
        shift = s == 'K' || s == 'k' ? 10 : s == 'M' || s == 'm' ? 20 : s == 'G' || s == 'g' ? 30
              : s == 'T' || s == 't' ? 40 : 0;
    }
    uint64_t n;
    if (number(v, shift ? len - 1 : len, &n) < 0 || (shift && n > UINT64_MAX >> shift))
        return -1;
    *out = n << shift;
    return 0;
}

static int bool_value(const char *v, unsigned len, uint64_t *out)
{
    static const char *const yes[] = { "1", "yes", "on", "true" };
    static const char *const no[] = { "0", "no", "off", "false" };
    for (unsigned i = 0; i < 4; i++) {
        if (same(v, len, yes[i]) || same(v, len, no[i])) {
            *out = same(v, len, yes[i]);
            return 0;
        }
    }
    return -1;
}

static char *decimal(uint64_t n, char *end)
{
    *--end = '\0';
    do
        *--end = (char)('0' + n % 10u);
    while (n /= 10u);
    return end;
}

/* v[0..len) as a value of p's type into out; the reason when it is not one
 * (in `room` when it names a number). */
static const char *decode_value(const struct mica_server_param *p, const char *v, unsigned len,
                                struct mica_param_value *out, char room[32])
{
    uint32_t t = p->type;
    if (len >= MICA_PARAM_TEXT_MAX)
        return "longer than 31 characters";
    for (unsigned i = 0; i < len; i++)
        out->text[i] = v[i];
    out->text[len] = '\0';
    out->number = 0;
    switch (t) {
    case MICA_PARAM_BOOL:
        return bool_value(v, len, &out->number) < 0 ? "not a bool (yes or no)" : 0;
    case MICA_PARAM_INT:
        if (number(v, len, &out->number) < 0)
            return "not a number";
        if (p->max && out->number > p->max) {
            char *n = decimal(p->max, room + 32);
            n -= 10;
            for (unsigned i = 0; i < 10; i++)
                n[i] = "more than "[i];
            return n;
        }
        return 0;
    case MICA_PARAM_SIZE:
        return size_value(v, len, &out->number) < 0 ? "not a size (bytes, or a number with K, M, G or T)" : 0;
    case MICA_PARAM_STRING:
        return 0;
    default:
        return "unknown type";
    }
}

const char *mica_param_type_name(uint32_t type)
{
    static const char *const names[] = { 0, "bool", "int", "size", "string" };
    return type >= 1 && type <= MICA_PARAM_STRING ? names[type] : 0;
}

static unsigned field_length(const char *s, unsigned max)
{
    unsigned n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

int mica_params_check(const struct mica_server_param *decl, unsigned count, char *why,
                      unsigned why_size)
{
    if (count > MICA_PARAMS_MAX)
        return refuse(why, why_size, "parameters", "more than 16 declared");
    for (unsigned i = 0; i < count; i++) {
        const struct mica_server_param *p = &decl[i];
        unsigned n = field_length(p->name, MICA_PARAM_NAME_MAX);
        if (n == 0 || n == MICA_PARAM_NAME_MAX)
            return refuse(why, why_size, "parameter", "name empty or not terminated");
        for (unsigned k = 0; k < n; k++)
            if (!is_name_char(p->name[k]))
                return refuse(why, why_size, p->name, "name has a character other than a-z A-Z 0-9 - _");
        for (unsigned j = 0; j < i; j++)
            if (same(p->name, n, decl[j].name))
                return refuse(why, why_size, p->name, "declared twice");
        if (!mica_param_type_name(p->type))
            return refuse(why, why_size, p->name, "unknown type");
        if (p->max && p->type != MICA_PARAM_INT)
            return refuse(why, why_size, p->name, "a max on a type other than int");
        unsigned d = field_length(p->default_value, MICA_PARAM_TEXT_MAX);
        if (d == MICA_PARAM_TEXT_MAX || field_length(p->help, MICA_PARAM_HELP_MAX) == MICA_PARAM_HELP_MAX)
            return refuse(why, why_size, p->name, "default or help not terminated");
        struct mica_param_value v;
        char room[32];
        if (decode_value(p, p->default_value, d, &v, room))
            return refuse(why, why_size, p->name, "its default is not a value of its type");
    }
    return 0;
}

int mica_params_parse(const struct mica_server_param *decl, unsigned count, const char *args,
                      struct mica_param_value *values, char *why, unsigned why_size)
{
    if (mica_params_check(decl, count, why, why_size) < 0)
        return -1;
    char room[32];
    for (unsigned i = 0; i < count; i++) {
        decode_value(&decl[i], decl[i].default_value,
                     field_length(decl[i].default_value, MICA_PARAM_TEXT_MAX), &values[i], room);
        values[i].given = 0;
    }
    for (const char *w = args; w && *w;) {
        while (is_blank(*w))
            w++;
        if (!*w)
            break;
        unsigned name_len = 0, len = 0;
        while (w[len] && !is_blank(w[len]))
            len++;
        while (name_len < len && w[name_len] != '=')
            name_len++;
        unsigned i = 0;
        while (i < count && !same(w, name_len, decl[i].name))
            i++;
        if (i == count)
            return refuse(why, why_size, w, "unknown parameter");
        if (values[i].given)
            return refuse(why, why_size, w, "given twice");
        const char *reason;
        if (name_len == len && decl[i].type == MICA_PARAM_BOOL) {
            values[i].number = 1;
            values[i].text[0] = '1';
            values[i].text[1] = '\0';
            reason = 0;
        } else if (name_len == len) {
            reason = "needs a value";
        } else {
            reason = decode_value(&decl[i], w + name_len + 1, len - name_len - 1, &values[i], room);
        }
        if (reason)
            return refuse(why, why_size, w, reason);
        values[i].given = 1;
        w += len;
    }
    return 0;
}

static int parse_argument(const struct mica_server_param *decl, unsigned count, uint64_t arg,
                          const char *args, struct mica_param_value *values, char *why,
                          unsigned why_size)
{
    if (arg) {
        char word[24];
        unsigned at = 0, digits = 1;
        for (const char *c = "arg=0x"; *c; c++)
            word[at++] = *c;
        while (digits < 16 && arg >> (4 * digits))
            digits++;
        while (digits--)
            word[at++] = "0123456789abcdef"[arg >> (4 * digits) & 0xfu];
        word[at] = '\0';
        return refuse(why, why_size, word, "not read: give parameters by name, args=\"...\"");
    }
    return mica_params_parse(decl, count, args, values, why, why_size);
}

int mica_params_read(const struct mica_server_param *decl, unsigned count, uint64_t arg,
                     const char *args, struct mica_param_value *values,
                     void (*say)(const char *fmt, ...))
{
    char why[MICA_PARAMS_WHY_MAX];
    if (parse_argument(decl, count, arg, args, values, why, sizeof why) == 0)
        return 0;
    say("%s", why);
    return -1;
}
