/* The test runtime's functions: trivial bodies, but real code, data and bss
 * so the runtime image has every kind of segment libipc's will have. */

#include "testrt.h"

static char last_text[64];
static int calls = 1;

int testrt_add(int a, int b)
{
    calls++;
    return a + b;
}

long testrt_sum(const struct testrt_pair *pairs, unsigned long count)
{
    long sum = 0;
    for (unsigned long i = 0; i < count; i++)
        sum += pairs[i].first + pairs[i].second;
    calls++;
    return sum;
}

void testrt_put(const char *text)
{
    unsigned i = 0;
    for (; text[i] != '\0' && i + 1 < sizeof last_text; i++)
        last_text[i] = text[i];
    last_text[i] = '\0';
    calls++;
}

int testrt_optional(void)
{
    return calls;
}
