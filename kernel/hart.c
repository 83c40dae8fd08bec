/* The per-hart state table. */
#include "hart.h"
#include "kernel_lock.h"

struct hart harts[MACHINE_MAX_HARTS];
uint32_t boot_hartid;

void hart_init_boot(uint32_t hartid, uint64_t stack_top)
{
    struct hart *h = &harts[hartid];
    for (unsigned i = 0; i < MACHINE_MAX_HARTS; i++) {
        harts[i].hartid = i;
        harts[i].plic_context = UINT32_MAX;
        harts[i].lock_word = &kernel_lock_owner;
    }
    hart_register = h;
    boot_hartid = hartid;
    h->stack_top = stack_top;
    h->arrived = true;
    h->online = true;
}
