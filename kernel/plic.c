/* PLIC register layout (RISC-V PLIC specification): priority per source at
 * 4*line, enable bits per context at 0x2000 + 0x80*ctx, threshold and
 * claim/complete per context at 0x200000 + 0x1000*ctx. */
#include "plic.h"

#define PLIC_ENABLE_BASE 0x2000u
#define PLIC_ENABLE_STRIDE 0x80u
#define PLIC_CONTEXT_BASE 0x200000u
#define PLIC_CONTEXT_STRIDE 0x1000u

static volatile uint8_t *plic;
static uint32_t plic_sources, plic_context;

static volatile uint32_t *reg32(uint64_t off)
{
    return (volatile uint32_t *)(plic + off);
}

void plic_init(volatile void *regs, uint32_t sources, uint32_t context)
{
    plic = regs;
    plic_sources = sources;
    plic_context = context;
    for (uint32_t line = 1; line <= sources; line++) {
        *reg32(4ull * line) = 1;   /* every line the same priority, above threshold 0 */
        plic_enable(line, false);
    }
    *reg32(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (uint64_t)context) = 0;
}

void plic_enable(uint32_t line, bool on)
{
    if (!plic || line == 0 || line > plic_sources)
        return;
    volatile uint32_t *word = reg32(PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * (uint64_t)plic_context + 4ull * (line / 32));
    if (on)
        *word |= 1u << (line % 32);
    else
        *word &= ~(1u << (line % 32));
}

uint32_t plic_claim(void)
{
    return plic ? *reg32(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (uint64_t)plic_context + 4) : 0;
}

void plic_complete(uint32_t line)
{
    *reg32(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (uint64_t)plic_context + 4) = line;
}
