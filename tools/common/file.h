/* Whole-file reading and writing for the host tools. */

#ifndef TOOLS_FILE_H
#define TOOLS_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Reads path into a malloc'd buffer (at least one byte allocated, so an empty
 * file is a valid zero-length buffer). NULL with errno set on failure. */
void *tool_read_file(const char *path, size_t *size);
bool tool_write_file(const char *path, const void *data, size_t size);

#endif
