/* The per-hart state table. */
#include "hart.h"

struct hart harts[MACHINE_MAX_HARTS];

void hart_init_boot(uint32_t hartid, uint64_t stack_top)
{
    struct hart *h = this_hart();
    h->hartid = hartid;
    h->stack_top = stack_top;
    h->current = 0;
    h->active_satp = 0;
}
