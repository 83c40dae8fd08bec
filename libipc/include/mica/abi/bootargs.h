/* The kernel command line (/chosen/bootargs, handed to init in boot info):
 * blank-separated words, each `key` or `key=value`. One parser for both
 * sides: the kernel reads its keys with it and init its own; bootargs.c
 * beside this header is built by both and needs no C library. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* The value of the first word that is `key` or starts `key=`, with its
 * length in *length (0 for a bare `key`); NULL when no word is. */
const char *bootargs_find(const char *args, const char *key, size_t *length);
/* The next word at or after *cursor, its length in *length; *cursor moves
 * past it. NULL when only blanks are left. */
const char *bootargs_next_word(const char **cursor, size_t *length);
/* bootargs_find, copied NUL-ended into out (cap bytes, cut to fit; out may
 * be NULL when cap is 0); true if the key is present. */
bool bootargs_get(const char *args, const char *key, char *out, size_t cap);
