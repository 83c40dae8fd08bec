/* libFuzzer target for the kernel's boot-time parsers of untrusted input:
 * the device tree (through machine_from_fdt), the initrd's cpio archive and
 * the ELF checker (shared with user space) that admits init. The first input byte picks the parser so
 * one corpus exercises all three. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <mica/abi/cpio.h>
#include <mica/abi/elf_check.h>
#include "machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t which = data[0] % 3;
    data++;
    size--;
    if (which == 0) {
        static struct machine_info m;
        const char *what;
        (void)machine_from_fdt(data, size, &m, &what);
    } else if (which == 1) {
        struct cpio_entry e;
        size_t off = 0;
        while (cpio_next(data, size, &off, &e) == CPIO_OK)
            ;
        (void)cpio_find(data, size, "init", &e);
    } else {
        struct elf_checked img;
        /* The kernel's limits for init: above 64 KiB, below USER_VA_END. */
        const struct elf_check_limits user = { .low = 0x10000, .high = 0x4000000000ull };
        (void)elf_check_executable(data, size, &user, &img);
    }
    return 0;
}
