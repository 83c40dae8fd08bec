/* Kernel command line (/chosen/bootargs): space-separated key=value words. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* Copies the value of `key` into out; true if the key is present. */
bool bootargs_get(const char *args, const char *key, char *out, size_t cap);
