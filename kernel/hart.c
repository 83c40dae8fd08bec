/* The per-hart state table. */
#include "hart.h"
#include "kernel_lock.h"
#include "arch/riscv/sbi.h"
#include "vm.h"

struct hart harts[MACHINE_MAX_HARTS];
uint32_t boot_hartid;
uint64_t harts_online;
uint64_t harts_isa_extensions;

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
    h->arrival = HART_ARRIVED;
    h->online = true;
    harts_online = 1ull << hartid;
}

void hart_use_kernel_table(struct hart *h)
{
    uint64_t kernel = vm_kernel_satp();
    if (h->active_satp != kernel) {
        h->active_satp = kernel;
        csr_write_satp(kernel);
        arch_sfence_vma_all();
    }
}

void hart_kick(const struct hart *h)
{
    sbi_send_ipi(1ull << h->hartid);
}
