/* Header text to ABI hashes: strips comments and preprocessor lines, splits
 * the rest into top-level declarations, keeps prototypes and type
 * definitions, and builds each prototype's normal form (see abi.h). */

#include "abi.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tokens {
    char **v;
    size_t n, cap;
};

/* A type a prototype can refer to: "struct foo" (kind "struct") or a typedef
 * name (kind ""), with the normal form of its whole definition. */
struct definition {
    char *kind;
    char *name;
    char *normal_form;
    struct tokens tokens;
};

struct prototype {
    char *name;
    struct tokens tokens; /* parameter names and `extern` already dropped */
};

struct abi_set {
    struct definition *defs;
    size_t ndefs, defs_cap;
    struct prototype *protos;
    size_t nprotos, protos_cap;
    struct abi_symbol *symbols;
    size_t nsymbols;
};

static void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size);
    if (p == NULL) {
        fprintf(stderr, "abihash|error: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void push(struct tokens *t, char *s)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = xrealloc(t->v, t->cap * sizeof *t->v);
    }
    t->v[t->n++] = s;
}

static void free_tokens(struct tokens *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

static bool is(const char *token, const char *text)
{
    return strcmp(token, text) == 0;
}

static bool is_identifier(const char *t)
{
    return isalpha((unsigned char)t[0]) || t[0] == '_';
}

static bool in_list(const char *t, const char *const *list)
{
    for (; *list != NULL; list++)
        if (is(t, *list))
            return true;
    return false;
}

static const char *const qualifiers[] = { "const", "volatile", "restrict", "__restrict",
                                          "register", "_Atomic", NULL };
static const char *const keywords[] = {
    "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
    "const", "volatile", "restrict", "__restrict", "register", "_Atomic", "struct", "union",
    "enum", "inline", "static", "extern", "typedef", "__attribute__", NULL,
};

static bool is_name(const char *t)
{
    return is_identifier(t) && !in_list(t, keywords);
}

/* --- Text to tokens ------------------------------------------------------ */

/* Removes comments and joins continued lines, keeping literals intact. */
static char *strip_comments(const char *text)
{
    size_t len = strlen(text);
    char *out = xrealloc(NULL, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (text[i] == '\\' && text[i + 1] == '\n') {
            i += 2;
        } else if (text[i] == '/' && text[i + 1] == '*') {
            const char *end = strstr(text + i + 2, "*/");
            i = end ? (size_t)(end - text) + 2 : len;
            out[o++] = ' ';
        } else if (text[i] == '/' && text[i + 1] == '/') {
            while (i < len && text[i] != '\n')
                i++;
        } else if (text[i] == '"' || text[i] == '\'') {
            char quote = text[i];
            out[o++] = text[i++];
            while (i < len && text[i] != quote && text[i] != '\n') {
                if (text[i] == '\\' && i + 1 < len)
                    out[o++] = text[i++];
                out[o++] = text[i++];
            }
            if (i < len && text[i] == quote)
                out[o++] = text[i++];
        } else {
            out[o++] = text[i++];
        }
    }
    out[o] = '\0';
    return out;
}

static bool directive_mentions_cplusplus(const char *line, const char *end)
{
    static const char word[] = "__cplusplus";
    for (const char *p = line; p + sizeof word - 1 <= end; p++)
        if (strncmp(p, word, sizeof word - 1) == 0)
            return true;
    return false;
}

/* Drops preprocessor lines, and whole #if blocks about C++ (extern "C"). */
static void drop_directives(char *text)
{
    int skip_depth = 0; /* > 0: inside a C++-only block, counting nested #if */
    for (char *line = text; *line != '\0';) {
        char *end = strchr(line, '\n');
        char *next = end ? end + 1 : line + strlen(line);
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        bool directive = *p == '#';
        if (directive) {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
            bool opens = strncmp(p, "if", 2) == 0;
            bool closes = strncmp(p, "endif", 5) == 0;
            if (skip_depth > 0)
                skip_depth += opens ? 1 : closes ? -1 : 0;
            else if (opens && directive_mentions_cplusplus(line, next))
                skip_depth = 1;
        }
        if (directive || skip_depth > 0)
            for (char *c = line; c < next; c++)
                if (*c != '\n')
                    *c = ' ';
        line = next;
    }
}

static void tokenize(const char *text, struct tokens *out)
{
    for (const char *p = text; *p != '\0';) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *start = p;
        if (is_identifier(p) || isdigit((unsigned char)*p)) {
            while (isalnum((unsigned char)*p) || *p == '_' || (isdigit((unsigned char)*start) && *p == '.'))
                p++;
        } else if (*p == '"' || *p == '\'') {
            char quote = *p++;
            while (*p != '\0' && *p != quote) {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                p++;
            }
            if (*p == quote)
                p++;
        } else if (strncmp(p, "...", 3) == 0) {
            p += 3;
        } else {
            p++;
        }
        push(out, xstrndup(start, (size_t)(p - start)));
    }
}

/* --- Declarations -------------------------------------------------------- */

static size_t matching_close(const struct tokens *t, size_t open, size_t end)
{
    int depth = 0;
    for (size_t i = open; i < end; i++) {
        if (is(t->v[i], "(") || is(t->v[i], "[") || is(t->v[i], "{"))
            depth++;
        else if (is(t->v[i], ")") || is(t->v[i], "]") || is(t->v[i], "}"))
            if (--depth == 0)
                return i;
    }
    return end;
}

static void normalise_parameters(const struct tokens *t, size_t open, size_t close, bool *drop);

/* Marks the declared name of one parameter, tokens [a, b), for dropping. */
static void drop_parameter_name(const struct tokens *t, size_t a, size_t b, bool *drop)
{
    for (size_t i = a; i < b; i++) {
        if (!is(t->v[i], "("))
            continue;
        /* Function pointer: type ( * name ) ( parameters ). */
        size_t close = matching_close(t, i, b);
        for (size_t k = i + 1; k < close; k++)
            if (is_name(t->v[k]))
                drop[k] = true;
        if (close + 1 < b && is(t->v[close + 1], "("))
            normalise_parameters(t, close + 1, matching_close(t, close + 1, b), drop);
        return;
    }
    size_t last = b;
    for (size_t i = a; i < b; i++) {
        if (is(t->v[i], "[")) {
            i = matching_close(t, i, b);
            continue;
        }
        if (is_name(t->v[i]) && !(i > a && (is(t->v[i - 1], "struct") ||
                                            is(t->v[i - 1], "union") || is(t->v[i - 1], "enum"))))
            last = i;
    }
    if (last == b)
        return;
    for (size_t i = a; i < last; i++)
        if (is_identifier(t->v[i]) && !in_list(t->v[i], qualifiers)) {
            drop[last] = true; /* a type comes first, so `last` is the name */
            return;
        }
}

static void normalise_parameters(const struct tokens *t, size_t open, size_t close, bool *drop)
{
    size_t start = open + 1;
    for (size_t i = open + 1; i <= close; i++) {
        if (is(t->v[i], "(") || is(t->v[i], "[")) {
            i = matching_close(t, i, close);
            continue;
        }
        if (is(t->v[i], ",") || i == close) {
            drop_parameter_name(t, start, i, drop);
            start = i + 1;
        }
    }
}

static char *join(const struct tokens *t, size_t a, size_t b, const bool *drop)
{
    size_t len = 1;
    for (size_t i = a; i < b; i++)
        len += strlen(t->v[i]) + 1;
    char *s = xrealloc(NULL, len);
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        if (drop != NULL && drop[i])
            continue;
        if (o > 0)
            s[o++] = ' ';
        size_t n = strlen(t->v[i]);
        memcpy(s + o, t->v[i], n);
        o += n;
    }
    s[o] = '\0';
    return s;
}

static void copy_tokens(struct tokens *dst, const struct tokens *src, size_t a, size_t b,
                        const bool *drop)
{
    for (size_t i = a; i < b; i++)
        if (drop == NULL || !drop[i])
            push(dst, xstrndup(src->v[i], strlen(src->v[i])));
}

static void add_definition(struct abi_set *set, const char *kind, const char *name,
                           const struct tokens *t, size_t a, size_t b, const bool *drop)
{
    for (size_t i = 0; i < set->ndefs; i++)
        if (is(set->defs[i].kind, kind) && is(set->defs[i].name, name))
            return; /* the first definition counts, as the compiler would insist */
    if (set->ndefs == set->defs_cap) {
        set->defs_cap = set->defs_cap ? 2 * set->defs_cap : 16;
        set->defs = xrealloc(set->defs, set->defs_cap * sizeof *set->defs);
    }
    struct definition *d = &set->defs[set->ndefs++];
    memset(d, 0, sizeof *d);
    d->kind = xstrndup(kind, strlen(kind));
    d->name = xstrndup(name, strlen(name));
    d->normal_form = join(t, a, b, drop);
    copy_tokens(&d->tokens, t, a, b, drop);
}

/* typedef ... name; or typedef ret (*name)(...); also records a tag body. */
static void add_typedef(struct abi_set *set, const struct tokens *t, size_t a, size_t b)
{
    if (b - a > 2 && (is(t->v[a + 1], "struct") || is(t->v[a + 1], "union") ||
                      is(t->v[a + 1], "enum")) &&
        is_name(t->v[a + 2]) && b - a > 3 && is(t->v[a + 3], "{"))
        add_definition(set, t->v[a + 1], t->v[a + 2], t, a, b, NULL);
    const char *name = NULL;
    size_t params = b; /* a function pointer type's parameter list */
    for (size_t i = a + 1; i < b; i++) {
        if (is(t->v[i], "{") || is(t->v[i], "[")) {
            i = matching_close(t, i, b);
            continue;
        }
        if (is(t->v[i], "(")) {
            if (i + 1 < b && is(t->v[i + 1], "*")) {
                size_t k = i + 1;
                for (; k < b && !is(t->v[k], ")"); k++)
                    if (is_name(t->v[k]))
                        name = t->v[k];
                if (k + 1 < b && is(t->v[k + 1], "("))
                    params = k + 1;
                break;
            }
            i = matching_close(t, i, b);
            continue;
        }
        if (is_name(t->v[i]) && !(is(t->v[i - 1], "struct") || is(t->v[i - 1], "union") ||
                                  is(t->v[i - 1], "enum")))
            name = t->v[i];
    }
    if (name == NULL)
        return;
    bool *drop = xrealloc(NULL, (b + 1) * sizeof *drop);
    memset(drop, 0, (b + 1) * sizeof *drop);
    if (params < b)
        normalise_parameters(t, params, matching_close(t, params, b), drop);
    add_definition(set, "", name, t, a, b, drop);
    free(drop);
}

static void add_prototype(struct abi_set *set, const struct tokens *t, size_t a, size_t b)
{
    /* The parameter list is the first parenthesis that is not an attribute's. */
    size_t open = a;
    while (open < b && !is(t->v[open], "("))
        open++;
    while (open < b && open > a && is(t->v[open - 1], "__attribute__")) {
        open = matching_close(t, open, b) + 1;
        while (open < b && !is(t->v[open], "("))
            open++;
    }
    if (open == a || open == b || !is_name(t->v[open - 1]))
        return; /* a variable, or a function pointer object: not exported */
    size_t close = matching_close(t, open, b);
    if (close == b || (close + 1 < b && is(t->v[close + 1], "(")))
        return;
    bool *drop = xrealloc(NULL, (b + 1) * sizeof *drop);
    memset(drop, 0, (b + 1) * sizeof *drop);
    for (size_t i = a; i < b; i++)
        if (is(t->v[i], "extern"))
            drop[i] = true;
    normalise_parameters(t, open, close, drop);
    if (set->nprotos == set->protos_cap) {
        set->protos_cap = set->protos_cap ? 2 * set->protos_cap : 16;
        set->protos = xrealloc(set->protos, set->protos_cap * sizeof *set->protos);
    }
    struct prototype *p = &set->protos[set->nprotos++];
    memset(p, 0, sizeof *p);
    p->name = xstrndup(t->v[open - 1], strlen(t->v[open - 1]));
    copy_tokens(&p->tokens, t, a, b, drop);
    free(drop);
}

/* One top-level declaration, tokens [a, b) without the final `;`. */
static void add_declaration(struct abi_set *set, const struct tokens *t, size_t a, size_t b,
                            bool has_body, bool exports)
{
    if (a == b)
        return;
    const char *first = t->v[a];
    if (is(first, "typedef")) {
        add_typedef(set, t, a, b);
    } else if ((is(first, "struct") || is(first, "union") || is(first, "enum")) && b - a > 2 &&
               is(t->v[a + 2], "{")) {
        add_definition(set, first, t->v[a + 1], t, a, b, NULL);
    } else if (!has_body && exports && !is(first, "static") && !is(first, "_Static_assert") &&
               !is(first, "static_assert")) {
        add_prototype(set, t, a, b);
    }
}

bool abi_set_add_header(struct abi_set *set, const char *text, bool exports, char *err,
                        size_t err_size)
{
    char *clean = strip_comments(text);
    drop_directives(clean);
    struct tokens t = { 0 };
    tokenize(clean, &t);
    free(clean);

    size_t start = 0;
    int depth = 0;
    bool has_body = false;
    for (size_t i = 0; i < t.n; i++) {
        const char *tok = t.v[i];
        if (is(tok, "(") || is(tok, "[") || is(tok, "{")) {
            depth++;
        } else if (is(tok, ")") || is(tok, "]") || is(tok, "}")) {
            if (--depth < 0) {
                snprintf(err, err_size, "unbalanced '%s' in header", tok);
                free_tokens(&t);
                return false;
            }
            /* A function body ends its declaration without a `;`. */
            if (depth == 0 && is(tok, "}") && !is(t.v[start], "typedef") &&
                !is(t.v[start], "struct") && !is(t.v[start], "union") &&
                !is(t.v[start], "enum")) {
                has_body = true;
                add_declaration(set, &t, start, i + 1, has_body, exports);
                start = i + 1;
                has_body = false;
            }
        } else if (is(tok, ";") && depth == 0) {
            add_declaration(set, &t, start, i, has_body, exports);
            start = i + 1;
        }
    }
    bool ok = depth == 0 && start == t.n;
    if (!ok)
        snprintf(err, err_size, "header ends inside a declaration");
    free_tokens(&t);
    return ok;
}

/* --- Normal forms and hashes --------------------------------------------- */

struct text {
    char *s;
    size_t len;
};

static void append(struct text *out, const char *s)
{
    size_t n = strlen(s);
    out->s = xrealloc(out->s, out->len + n + 1);
    memcpy(out->s + out->len, s, n + 1);
    out->len += n;
}

static const struct definition *find_definition(const struct abi_set *set, const char *kind,
                                                const char *name)
{
    for (size_t i = 0; i < set->ndefs; i++)
        if (is(set->defs[i].kind, kind) && is(set->defs[i].name, name))
            return &set->defs[i];
    return NULL;
}

/* Appends the definitions tokens refer to, each once, depth first. */
static void append_referenced(const struct abi_set *set, const struct tokens *t, bool *visited,
                              struct text *out)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct definition *d = NULL;
        if ((is(t->v[i], "struct") || is(t->v[i], "union") || is(t->v[i], "enum")) &&
            i + 1 < t->n) {
            d = find_definition(set, t->v[i], t->v[i + 1]);
            i++;
        } else if (is_name(t->v[i])) {
            d = find_definition(set, "", t->v[i]);
        }
        if (d == NULL || visited[d - set->defs])
            continue;
        visited[d - set->defs] = true;
        append(out, " ; ");
        append(out, d->normal_form);
        append_referenced(set, &d->tokens, visited, out);
    }
}

void abi_set_finish(struct abi_set *set)
{
    set->symbols = xrealloc(NULL, (set->nprotos + 1) * sizeof *set->symbols);
    set->nsymbols = set->nprotos;
    bool *visited = xrealloc(NULL, (set->ndefs + 1) * sizeof *visited);
    for (size_t i = 0; i < set->nprotos; i++) {
        const struct prototype *p = &set->protos[i];
        memset(visited, 0, (set->ndefs + 1) * sizeof *visited);
        struct text form = { join(&p->tokens, 0, p->tokens.n, NULL), 0 };
        form.len = strlen(form.s);
        append_referenced(set, &p->tokens, visited, &form);
        set->symbols[i] = (struct abi_symbol){
            .name = p->name,
            .normal_form = form.s,
            .hash = abi_crc32(form.s, form.len),
        };
    }
    free(visited);
}

struct abi_set *abi_set_new(void)
{
    struct abi_set *set = xrealloc(NULL, sizeof *set);
    memset(set, 0, sizeof *set);
    return set;
}

void abi_set_free(struct abi_set *set)
{
    for (size_t i = 0; i < set->ndefs; i++) {
        free(set->defs[i].kind);
        free(set->defs[i].name);
        free(set->defs[i].normal_form);
        free_tokens(&set->defs[i].tokens);
    }
    for (size_t i = 0; i < set->nprotos; i++) {
        free(set->protos[i].name);
        free_tokens(&set->protos[i].tokens);
    }
    for (size_t i = 0; i < set->nsymbols; i++)
        free(set->symbols[i].normal_form);
    free(set->defs);
    free(set->protos);
    free(set->symbols);
    free(set);
}

size_t abi_set_count(const struct abi_set *set)
{
    return set->nsymbols;
}

const struct abi_symbol *abi_set_symbol(const struct abi_set *set, size_t index)
{
    return index < set->nsymbols ? &set->symbols[index] : NULL;
}

uint32_t abi_crc32(const void *data, size_t size)
{
    const uint8_t *p = data;
    uint32_t crc = 0xffffffffu;
    while (size--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}
