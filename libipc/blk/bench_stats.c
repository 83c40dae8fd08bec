/* The arithmetic and formatting behind every BENCH line: exact order
 * statistics (heap sort, no recursion, no allocation) and integer-only rates,
 * so guest and host print identical figures for identical samples. */

#include <mica/bench_stats.h>

void bench_samples_init(struct bench_samples *samples, uint64_t *storage, uint32_t capacity)
{
    samples->values = storage;
    samples->count = 0;
    samples->capacity = capacity;
    samples->overflowed = false;
}

void bench_add(struct bench_samples *samples, uint64_t value)
{
    if (samples->count == samples->capacity) {
        samples->overflowed = true;
        return;
    }
    samples->values[samples->count++] = value;
}

static void sift_down(uint64_t *v, uint32_t root, uint32_t n)
{
    for (;;) {
        uint32_t child = 2u * root + 1u;
        uint64_t tmp;

        if (child >= n)
            return;
        if (child + 1u < n && v[child + 1u] > v[child])
            child++;
        if (v[root] >= v[child])
            return;
        tmp = v[root];
        v[root] = v[child];
        v[child] = tmp;
        root = child;
    }
}

static void heap_sort(uint64_t *v, uint32_t n)
{
    for (uint32_t i = n / 2u; i-- > 0;)
        sift_down(v, i, n);
    for (uint32_t end = n; end-- > 1;) {
        uint64_t tmp = v[0];

        v[0] = v[end];
        v[end] = tmp;
        sift_down(v, 0, end);
    }
}

uint64_t bench_percentile(const uint64_t *sorted, uint32_t n, uint32_t percent)
{
    uint64_t rank = ((uint64_t)percent * n + 99u) / 100u; /* ceil(p * n / 100) */

    if (rank == 0)
        rank = 1;
    return sorted[rank - 1u];
}

bool bench_summarize(struct bench_samples *samples, struct bench_summary *summary)
{
    uint32_t n = samples->count;
    uint64_t *v = samples->values;

    if (n == 0)
        return false;
    heap_sort(v, n);
    summary->n = n;
    summary->min = v[0];
    summary->max = v[n - 1u];
    summary->median = bench_percentile(v, n, 50);
    summary->p99 = bench_percentile(v, n, 99);
    summary->sum = 0;
    for (uint32_t i = 0; i < n; i++)
        summary->sum += v[i];
    return true;
}

/* 128-bit product as two halves, then shift-subtract division: no __int128,
 * whose division would pull libgcc into a freestanding server. */
uint64_t bench_muldiv(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32, b_lo = b & 0xffffffffu, b_hi = b >> 32;
    uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
    uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
    uint64_t hi = hi_hi + (hi_lo >> 32) + (cross >> 32);
    uint64_t lo = (cross << 32) | (lo_lo & 0xffffffffu);
    uint64_t quotient = 0, rem = 0;

    for (int bit = 127; bit >= 0; bit--) {
        bool carry = (rem >> 63) != 0;

        rem = (rem << 1) | ((bit >= 64 ? hi >> (bit - 64) : lo >> bit) & 1u);
        quotient <<= 1;
        if (carry || rem >= c) {
            rem -= c;
            quotient |= 1u;
        }
    }
    return quotient;
}

uint64_t bench_iops(const struct bench_throughput *t)
{
    return t->elapsed ? bench_muldiv(t->ops, t->clock_hz, t->elapsed) : 0;
}

uint64_t bench_mibps_x100(const struct bench_throughput *t)
{
    /* bytes * hz / elapsed / 2^20 * 100, dividing last to keep precision. */
    return t->elapsed ? bench_muldiv(bench_muldiv(t->bytes, t->clock_hz, t->elapsed), 100, 1u << 20)
                      : 0;
}

uint64_t bench_per_op(const struct bench_throughput *t)
{
    return t->ops ? t->elapsed / t->ops : 0;
}

uint64_t bench_busy_per_op(const struct bench_throughput *t)
{
    uint64_t busy = t->elapsed > t->idle ? t->elapsed - t->idle : 0;
    return t->ops ? busy / t->ops : 0;
}

struct line {
    char *out;
    size_t size;
    size_t len;
};

static void put_char(struct line *l, char c)
{
    if (l->len + 1u < l->size)
        l->out[l->len] = c;
    l->len++;
}

static void put_str(struct line *l, const char *s)
{
    while (*s != '\0')
        put_char(l, *s++);
}

static void put_u64(struct line *l, uint64_t v)
{
    char digits[20];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    while (n > 0)
        put_char(l, digits[--n]);
}

static void put_field(struct line *l, const char *key, uint64_t v)
{
    put_char(l, ' ');
    put_str(l, key);
    put_char(l, '=');
    put_u64(l, v);
}

size_t bench_format_line(char *out, size_t size, const char *name, const char *unit,
                         const struct bench_summary *summary,
                         const struct bench_throughput *throughput)
{
    struct line l = { out, size, 0 };

    put_str(&l, "BENCH name=");
    put_str(&l, name);
    put_str(&l, " unit=");
    put_str(&l, unit);
    put_field(&l, "n", summary->n);
    put_field(&l, "min", summary->min);
    put_field(&l, "median", summary->median);
    put_field(&l, "p99", summary->p99);
    put_field(&l, "max", summary->max);
    if (throughput != NULL && throughput->clock_hz != 0) {
        uint64_t mibps = bench_mibps_x100(throughput);

        put_field(&l, "mibps", mibps / 100u);
        put_char(&l, '.');
        put_char(&l, (char)('0' + mibps / 10u % 10u));
        put_char(&l, (char)('0' + mibps % 10u));
        put_field(&l, "iops", bench_iops(throughput));
        if (throughput->idle_known)
            put_field(&l, "busy", bench_busy_per_op(throughput));
    }
    if (size > 0)
        out[l.len < size ? l.len : size - 1u] = '\0';
    return l.len;
}
