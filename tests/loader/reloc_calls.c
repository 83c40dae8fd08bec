/* C the way servers are written: calls into the runtime (CALL_PLT to
 * imports), a weak import the runtime has and one it lacks, pointers in data
 * (R_RISCV_64), a switch table, pc-relative data access (PCREL_HI20 with
 * LO12_I and LO12_S), and .eh_frame from -fasynchronous-unwind-tables. */

#include "testrt/testrt.h"

int testrt_missing(void) __attribute__((weak));
int testrt_optional(void) __attribute__((weak));

int calls_counter;
static struct testrt_pair pairs[3] = { { 1, 2 }, { 3, 4 }, { 5, 6 } };
static const char *const greetings[] = { "hello", "world", "again" };
int (*const adder)(int, int) = testrt_add;

int calls_optional(void);
long calls_run(int selector);
int calls_switch(int selector);

int calls_optional(void)
{
    int result = 0;
    if (testrt_missing)
        result += testrt_missing();
    if (testrt_optional)
        result += testrt_optional();
    return result;
}

int calls_switch(int selector)
{
    switch (selector) {
    case 0: return 11;
    case 1: return calls_counter;
    case 2: return 23;
    case 3: return 37;
    case 4: return testrt_add(selector, 1);
    case 5: return 59;
    case 6: return 61;
    case 7: return 73;
    default: return -1;
    }
}

long calls_run(int selector)
{
    calls_counter++;
    pairs[selector & 1].first = selector;
    testrt_put(greetings[selector % 3]);
    return testrt_sum(pairs, 3) + adder(selector, 2) + calls_switch(selector);
}
