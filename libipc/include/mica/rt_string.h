/* The C library functions the shared runtime exports to servers (picolibc's,
 * linked into the runtime once): the compiler may call the memory functions
 * on its own, and formatting saves every server its own copy. */
#ifndef MICA_RT_STRING_H
#define MICA_RT_STRING_H
#include <stdarg.h>
#include <stddef.h>

void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *dest, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
