/* PLIC register layout (RISC-V PLIC specification): priority per source at
 * 4*line, enable bits per context at 0x2000 + 0x80*ctx, threshold and
 * claim/complete per context at 0x200000 + 0x1000*ctx.
 * Ownership: the registers are reached only under the big kernel lock. */
#include "plic.h"

#define PLIC_ENABLE_BASE 0x2000u
#define PLIC_ENABLE_STRIDE 0x80u
#define PLIC_CONTEXT_BASE 0x200000u
#define PLIC_CONTEXT_STRIDE 0x1000u

static volatile uint8_t *plic;
static uint32_t plic_sources;

static volatile uint32_t *reg32(uint64_t off)
{
    return (volatile uint32_t *)(plic + off);
}

void plic_init(volatile void *regs, uint32_t sources)
{
    plic = regs;
    plic_sources = sources;
    for (uint32_t line = 1; line <= sources; line++)
        *reg32(4ull * line) = 1;   /* every line the same priority, above threshold 0 */
}

void plic_init_context(uint32_t context)
{
    if (!plic)
        return;
    for (uint32_t line = 1; line <= plic_sources; line++)
        plic_enable(line, context, false);
    *reg32(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (uint64_t)context) = 0;
}

void plic_enable(uint32_t line, uint32_t context, bool on)
{
    if (!plic || line == 0 || line > plic_sources || context == UINT32_MAX)
        return;
    volatile uint32_t *word = reg32(PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * (uint64_t)context + 4ull * (line / 32));
    if (on)
        *word |= 1u << (line % 32);
    else
        *word &= ~(1u << (line % 32));
}

uint32_t plic_claim(uint32_t context)
{
    return plic && context != UINT32_MAX ? *reg32(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (uint64_t)context + 4) : 0;
}

void plic_complete(uint32_t context, uint32_t line)
{
    *reg32(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (uint64_t)context + 4) = line;
}
