/* Checks the image's .riscv.attributes against the ISA the system runs: the
 * kernel saves no floating-point or vector state, so an image built for F, D,
 * V or anything else beyond rv64imac + Zicsr/Zifencei is refused. */

#include "loader_internal.h"

#define SYSTEM_ISA "rv64imac_zicsr_zifencei"

/* Extensions servers may use; Zmmul is the multiply half of M. */
static const char *const system_extensions[] = {
    "i", "m", "a", "c", "zicsr", "zifencei", "zmmul",
};

#define TAG_FILE 1
#define TAG_RISCV_ARCH 5

struct cursor {
    const uint8_t *p;
    const uint8_t *end;
};

static bool read_uleb(struct cursor *c, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; c->p < c->end && shift < 64; shift += 7) {
        uint8_t b = *c->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return true;
        }
    }
    return false;
}

static bool read_u32(struct cursor *c, uint32_t *out)
{
    if (c->end - c->p < 4)
        return false;
    *out = (uint32_t)loader_read_le(c->p, 4);
    c->p += 4;
    return true;
}

/* A NUL-terminated string inside the cursor's range. */
static const char *read_ntbs(struct cursor *c)
{
    const char *s = (const char *)c->p;
    size_t n = loader_strnlen(s, (size_t)(c->end - c->p));
    if (n == (size_t)(c->end - c->p))
        return NULL;
    c->p += n + 1;
    return s;
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool extension_allowed(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof system_extensions / sizeof system_extensions[0]; i++) {
        const char *allowed = system_extensions[i];
        if (loader_strnlen(allowed, len + 1) == len) {
            size_t k = 0;
            while (k < len && allowed[k] == name[k])
                k++;
            if (k == len)
                return true;
        }
    }
    return false;
}

/* Skips a version suffix "<major>[p<minor>]" ending at end, returns its start. */
static const char *strip_version(const char *start, const char *end)
{
    const char *p = end;
    while (p > start && is_digit(p[-1]))
        p--;
    if (p > start + 1 && p < end && p[-1] == 'p' && is_digit(p[-2])) {
        p--;
        while (p > start && is_digit(p[-1]))
            p--;
    }
    return p;
}

static bool check_arch(const char *arch, struct loader_error *err)
{
    if (arch[0] != 'r' || arch[1] != 'v' || arch[2] != '6' || arch[3] != '4')
        return loader_fail(err, "ISA %s is not RV64 (system runs %s)", arch, SYSTEM_ISA);
    const char *p = arch + 4;
    while (*p != '\0') {
        if (*p == '_') {
            p++;
            continue;
        }
        if (!is_lower(*p))
            return loader_fail(err, "ISA string %s malformed", arch);
        const char *name = p;
        size_t len;
        if (*p == 'z' || *p == 's' || *p == 'x') {
            /* Multi-letter extensions run to the next underscore. */
            while (*p != '\0' && *p != '_')
                p++;
            len = (size_t)(strip_version(name, p) - name);
        } else {
            p++;
            len = 1;
            while (is_digit(*p))
                p++;
            if (*p == 'p' && is_digit(p[1])) {
                p++;
                while (is_digit(*p))
                    p++;
            }
        }
        if (len == 0 || !extension_allowed(name, len)) {
            char shown[24];
            size_t n = len == 0 ? (size_t)(p - name) : len;
            if (n >= sizeof shown)
                n = sizeof shown - 1;
            loader_copy(shown, name, n);
            shown[n] = '\0';
            return loader_fail(err, "ISA extension %s not supported (system runs %s)", shown,
                               SYSTEM_ISA);
        }
    }
    return true;
}

/* Finds Tag_RISCV_arch among the file-scope attributes of the "riscv" vendor. */
static bool find_arch(struct loader_image *img, const struct loader_section *s,
                      struct loader_error *err)
{
    struct cursor c = { img->data + s->offset, img->data + s->offset + s->size };
    if (c.p == c.end || *c.p++ != 'A')
        return loader_fail(err, ".riscv.attributes: unknown format version");
    while (c.p < c.end) {
        const uint8_t *sub_start = c.p;
        uint32_t sub_len;
        if (!read_u32(&c, &sub_len) || sub_len < 4 || sub_len > (size_t)(c.end - sub_start))
            return loader_fail(err, ".riscv.attributes: malformed subsection");
        struct cursor sub = { c.p, sub_start + sub_len };
        c.p = sub.end;
        const char *vendor = read_ntbs(&sub);
        if (vendor == NULL)
            return loader_fail(err, ".riscv.attributes: malformed vendor name");
        if (!loader_streq(vendor, "riscv"))
            continue;
        while (sub.p < sub.end) {
            const uint8_t *group_start = sub.p;
            uint64_t scope;
            uint32_t group_len;
            if (!read_uleb(&sub, &scope) || !read_u32(&sub, &group_len) ||
                group_len > (size_t)(sub.end - group_start) ||
                group_len < (size_t)(sub.p - group_start))
                return loader_fail(err, ".riscv.attributes: malformed attribute group");
            struct cursor attrs = { sub.p, group_start + group_len };
            sub.p = attrs.end;
            if (scope != TAG_FILE)
                continue;
            while (attrs.p < attrs.end) {
                uint64_t tag;
                if (!read_uleb(&attrs, &tag))
                    return loader_fail(err, ".riscv.attributes: malformed tag");
                /* Unknown tags are self-describing: odd ones carry a string. */
                if (tag % 2 == 1) {
                    const char *value = read_ntbs(&attrs);
                    if (value == NULL)
                        return loader_fail(err, ".riscv.attributes: unterminated string");
                    if (tag == TAG_RISCV_ARCH)
                        img->isa = value;
                } else {
                    uint64_t ignored;
                    if (!read_uleb(&attrs, &ignored))
                        return loader_fail(err, ".riscv.attributes: malformed value");
                }
            }
        }
    }
    return true;
}

bool loader_decode_attributes(struct loader_image *img, struct loader_error *err)
{
    img->isa = NULL;
    const struct loader_section *found = NULL;
    for (uint32_t i = 1; i < img->section_count; i++) {
        if (img->sections[i].type != ELF_SHT_RISCV_ATTRIBUTES)
            continue;
        if (found != NULL)
            return loader_fail(err, "two .riscv.attributes sections");
        found = &img->sections[i];
    }
    /* Without attributes there is no claim to check; the ELF flags already
     * guarantee the lp64 soft-float ABI. */
    if (found == NULL)
        return true;
    if (!find_arch(img, found, err))
        return false;
    return img->isa == NULL || check_arch(img->isa, err);
}
