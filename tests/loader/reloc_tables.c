/* A second C object, so the image carries two .eh_frame CIEs and strings
 * duplicated across objects (ld would merge both; linkcheck keeps it from
 * doing so), plus a dense switch that becomes a jump table. */

#include "testrt/testrt.h"

const char *tables_name(unsigned index);
int tables_dispatch(unsigned op, int a, int b);

const char *tables_name(unsigned index)
{
    static const char *const names[] = { "hello", "world", "tables" };
    return index < 3 ? names[index] : "again";
}

int tables_dispatch(unsigned op, int a, int b)
{
    switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a & b;
    case 4: return a | b;
    case 5: return a ^ b;
    case 6: return testrt_add(a, b);
    case 7: return a << (b & 7);
    case 8: return a >> (b & 7);
    default: return 0;
    }
}
