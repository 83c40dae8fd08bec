/* A stand-in for libipc in the loader's tests: a few functions with the kind
 * of prototypes the real runtime has, built into a runtime image with the
 * same runtime_image make function libipc uses. */

#ifndef TESTRT_H
#define TESTRT_H

#include <stdint.h>

struct testrt_pair {
    int32_t first;
    int32_t second;
};

int testrt_add(int a, int b);
long testrt_sum(const struct testrt_pair *pairs, unsigned long count);
void testrt_put(const char *text);
/* Servers import this one weakly: present here, possibly absent elsewhere. */
int testrt_optional(void);

#endif
