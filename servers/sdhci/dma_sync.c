/* The hook for controllers whose DMA does not snoop the caches (the P550:
 * its SD/eMMC controllers sit outside the coherent fabric). All DMA goes
 * through the driver's own bounce buffer, so that buffer is the only memory
 * to keep in step: written back to RAM before the device reads it, and
 * written back and dropped from the cache before the CPU reads what the
 * device wrote. The sifive,ccache0 controller does both for one 64-byte line
 * per write of the line's physical address to its Flush64 register; the
 * other way is to map the bounce buffer through the P550's uncached alias of
 * RAM. QEMU's devices are coherent: only the fences run there. A controller
 * matched as non-coherent needs the ccache register mapped (ccache_flush64),
 * or bring-up refuses it (main.c). */
#include "sdhci.h"

#define CACHE_LINE 64u

static void flush_lines(struct sdhci_host *h, uint32_t bytes)
{
    __asm__ volatile("fence rw, o" ::: "memory");
    for (uint64_t pa = h->bounce_phys & ~(uint64_t)(CACHE_LINE - 1); pa < h->bounce_phys + bytes;
         pa += CACHE_LINE)
        *h->ccache_flush64 = pa;
    __asm__ volatile("fence o, rw" ::: "memory");
}

void sdhci_dma_to_device(struct sdhci_host *h, uint32_t bytes)
{
    if (h->noncoherent)
        flush_lines(h, bytes);
    else
        __asm__ volatile("fence w, o" ::: "memory");
}

void sdhci_dma_from_device(struct sdhci_host *h, uint32_t bytes)
{
    if (h->noncoherent)
        flush_lines(h, bytes);
    else
        __asm__ volatile("fence i, r" ::: "memory");
}
