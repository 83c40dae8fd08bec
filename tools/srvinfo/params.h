/* srvinfo's view of an image's named parameters (the .mica.params section,
 * mica/server_params.h). */
#ifndef SRVINFO_PARAMS_H
#define SRVINFO_PARAMS_H

#include <stddef.h>
#include <stdint.h>

/* Prints one `param:` line per declaration, as modinfo prints `parm:`. */
void params_print(const uint8_t *elf, size_t size);
/* 0 when the image has no .mica.params or a well-formed one; otherwise -1
 * with the reason in why. */
int params_check(const uint8_t *elf, size_t size, char *why, size_t why_size);

#endif
