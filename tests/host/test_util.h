/* Helpers shared by the host tests: locating build outputs and reading files. */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* Reads $MICA_BUILD/<relative> into a malloc'd buffer; fails the test if absent. */
uint8_t *read_build_file(const char *relative, size_t *size);
