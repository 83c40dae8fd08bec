/* Boot self-check. A failed check logs an error naming what differed at
 * once; the passed ones are named together on one line at the end
 * (`kernel|info: self-check: N checks ok: <names>`), so the boot log stays
 * short and the system tests can still see which checks ran. */
#include "selftest.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "console.h"
#include <mica/abi/cpio.h>
#include "lib/kstring.h"
#include "mica/abi/errno.h"
#include "panic.h"
#include "power.h"
#include "syscall.h"
#include "timer.h"
#include "vm.h"

extern char _start[], __text_end[], __rodata_end[];

static int failures;
static unsigned passed;
/* The passed checks' names, a blank before each: at most a dozen checks
 * of at most 24 characters. */
static char passed_names[320];
static size_t passed_used;

static void check(bool ok, const char *name, const char *detail)
{
    if (!ok) {
        log_error("kernel", "check %s failed: %s", name, detail);
        failures++;
        return;
    }
    size_t n = strlen(name);
    if (passed_used + 1 + n < sizeof passed_names) {
        passed_names[passed_used++] = ' ';
        memcpy(passed_names + passed_used, name, n + 1);
        passed_used += n;
    }
    passed++;
}

static bool in_ranges(uint64_t pa, const struct mem_range *r, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (pa + PAGE_SIZE > r[i].base && pa < r[i].base + r[i].size)
            return true;
    return false;
}

/* Takes every free page, checks none is reserved and each is writable RAM,
 * then gives them all back and expects the same free count. Allocated pages
 * are chained through their first word so no side table is needed. */
static void check_allocator(const struct machine_info *m, const struct mem_range *reserved, unsigned n)
{
    uint64_t before = kernel_pmm.free_pages, count = 0, bad = 0, chain = 0;
    for (uint64_t pa; (pa = pmm_alloc_page(&kernel_pmm)) != 0; count++) {
        if (in_ranges(pa, reserved, n) || !in_ranges(pa, m->ram, m->ram_count))
            bad++;
        uint64_t *page = phys_to_virt(pa);
        page[0] = chain;
        page[1] = pa ^ 0x5a5a5a5a5a5a5a5aull;
        chain = pa;
    }
    check(count == before && bad == 0, "allocator-all-pages", "a page was reserved, outside RAM, or lost");
    uint64_t corrupt = 0, freed = 0;
    while (chain) {
        uint64_t *page = phys_to_virt(chain);
        uint64_t next = page[0];
        if (page[1] != (chain ^ 0x5a5a5a5a5a5a5a5aull))
            corrupt++;
        if (pmm_free(&kernel_pmm, chain, 1))
            freed++;
        chain = next;
    }
    check(corrupt == 0 && freed == count && kernel_pmm.free_pages == before, "allocator-free-all",
          "pages overlapped or the free count differs");
    uint64_t pa = pmm_alloc_page(&kernel_pmm);
    bool first = pmm_free(&kernel_pmm, pa, 1);
    bool second = pmm_free(&kernel_pmm, pa, 1);
    check(pa && first && !second, "allocator-double-free", "a double free was accepted");
    uint64_t contig = pmm_alloc_contiguous(&kernel_pmm, 16, 16);
    check(contig && contig % (16 * PAGE_SIZE) == 0 && pmm_free(&kernel_pmm, contig, 16), "allocator-contiguous",
          "no aligned 64 KiB run");
}

static void check_page_table(void)
{
    pte_t *root = vm_kernel_root();
    pte_t *text = vm_lookup(root, (uint64_t)(uintptr_t)_start);
    pte_t *rodata = vm_lookup(root, (uint64_t)(uintptr_t)__text_end);
    check(text && (*text & PTE_X) && !(*text & PTE_W), "kernel-text-rx", "text is writable or not executable");
    check(rodata && !(*rodata & PTE_X) && !(*rodata & PTE_W), "kernel-rodata-ro", "rodata writable or executable");
    pte_t *user = vm_lookup(root, 0x1000);
    check(user == NULL, "user-half-empty", "the kernel table maps user addresses");
}

static void check_timer(void)
{
    uint64_t start = timer_ticks(), t0 = csr_read_time();
    /* Interrupts are on only inside this wait, as in the idle loop. */
    while (timer_ticks() < start + 3) {
        csr_set_sstatus(SSTATUS_SIE);
        arch_wfi();
        csr_clear_sstatus(SSTATUS_SIE);
    }
    check(csr_read_time() > t0, "timer-interrupts", "time did not advance");
}

/* The initrd must be a well-formed cpio newc archive that ends in a trailer.
 * One line for all its files: a list of each would fill the boot log. */
static void check_initrd(const struct machine_info *m)
{
    if (!m->initrd.size) {
        log_warn("kernel", "no initrd passed");
        return;
    }
    const uint8_t *archive = phys_to_virt(m->initrd.base);
    size_t off = 0;
    struct cpio_entry e;
    int r, files = 0;
    size_t bytes = 0;
    while ((r = cpio_next(archive, m->initrd.size, &off, &e)) == CPIO_OK) {
        if ((e.mode & 0170000) == 0100000) {
            files++;
            bytes += e.size;
        }
    }
    log_info("kernel", "initrd: %d files, %lu bytes", files, bytes);
    check(r == CPIO_END && files > 0, "initrd-cpio", "malformed cpio archive");
}

/* frame_pin takes RAM frames with DMA only (caps made up on the stack: the
 * check reads nothing but type and rights). */
static void check_frame_pin_sources(void)
{
    struct cap device = { .type = MICA_CAP_DEVICE_FRAME, .rights = MICA_RIGHTS_ALL };
    struct cap endpoint = { .type = MICA_CAP_ENDPOINT, .rights = MICA_RIGHTS_ALL };
    struct cap no_dma = { .type = MICA_CAP_FRAME, .rights = MICA_RIGHTS_ALL & ~MICA_RIGHT_DMA };
    struct cap ram = { .type = MICA_CAP_FRAME, .rights = MICA_RIGHT_READ | MICA_RIGHT_DMA };
    check(frame_pin_source_check(&device) == -MICA_EINVAL && frame_pin_source_check(&endpoint) == -MICA_ENOTTY &&
              frame_pin_source_check(&no_dma) == -MICA_EACCES && frame_pin_source_check(&ram) == 0,
          "frame-pin-sources", "a device frame, a non-frame or a frame without DMA was not refused as documented");
}

int selftest_run(const struct machine_info *m, const struct mem_range *reserved, unsigned reserved_count)
{
    failures = 0;
    passed = 0;
    passed_used = 0;
    passed_names[0] = 0;
    check_initrd(m);
    check_allocator(m, reserved, reserved_count);
    check_page_table();
    check_frame_pin_sources();
    timer_init(m->timebase_hz);
    check_timer();
    log_info("kernel", "self-check: %u checks ok:%s", passed, passed_names);
    return failures;
}

void selftest_deliberate_fault(const char *kind)
{
    log_warn("kernel", "deliberate %s fault requested by mica.fault", kind);
    if (strcmp(kind, "panic") == 0)
        panic("deliberate panic requested by mica.fault=panic");
    /* Any other value: a load from an unmapped kernel address. */
    volatile uint64_t *bad = (volatile uint64_t *)0xffffffd000000000ull;
    (void)*bad;
    panic("deliberate fault did not trap");
}
