/* Creates init: the only program the kernel loads itself. init receives
 * all free RAM as quota, every device frame, the IRQ and system authority,
 * and read-only views of the DTB and initrd (fixed slots: mica/bootinfo.h).
 * The ELF comes from the initrd and is checked like any untrusted input. */
#include "boot_init.h"
#include "boot_devices.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "console.h"
#include <mica/abi/cpio.h>
#include <mica/abi/elf_check.h>
#include "frame.h"
#include "lib/kstring.h"
#include "mica/abi/bootinfo.h"
#include "mica/abi/ipc_abi.h"
#include "sched.h"
#include "thread.h"
#include "vm.h"
#include "vspace.h"

#define INIT_PRIORITY 200
#define INIT_MAX_SEGMENTS 4
/* No segment below 64 KiB: a null pointer's page stays unmapped. */
#define INIT_IMAGE_LOW 0x10000ull
/* RAM kept back from init's quota for kernel-internal objects. */
#define KERNEL_RESERVE_PAGES 256

_Static_assert(MICA_BOOTINFO_MAX_DEVICES >= MACHINE_MAX_DEVICES + MACHINE_MAX_VIRTIO,
               "the boot info lists every device the kernel knows");

static struct kobj irq_control_object = { .type = MICA_CAP_IRQ_CONTROL, .refs = 1 };
static struct kobj system_object = { .type = MICA_CAP_SYSTEM, .refs = 1 };

struct init_build {
    struct quota *quota;
    struct cnode *cnode;
    struct vspace *vspace;
    struct thread *thread;
};

static bool map_boot_frame(struct init_build *b, struct cap *c, uint64_t vaddr, uint64_t flags)
{
    struct frame *f = (struct frame *)c->object;
    long needed = vspace_tables_needed(b->vspace, vaddr, f->size);
    uint64_t tables[8];
    if (needed < 0 || needed > 8 || !quota_charge(b->quota, (uint64_t)needed * PAGE_SIZE))
        return false;
    for (long i = 0; i < needed; i++)
        if (!(tables[i] = pmm_alloc_page(&kernel_pmm)))
            return false;
    if (!b->vspace->pt_quota) {
        b->vspace->pt_quota = b->quota;
        kobj_get(&b->quota->obj);
    }
    vspace_map_cap(b->vspace, c, vaddr, flags, tables, needed);
    return true;
}

/* A fresh zeroed frame of `pages` in slot `slot`, mapped at vaddr. */
static struct frame *new_frame(struct init_build *b, unsigned slot, uint64_t pages, uint64_t vaddr,
                               uint64_t flags, uint8_t rights)
{
    long err;
    struct frame *f = frame_create(b->quota, pages, &err);
    if (!f)
        return NULL;
    struct cap *c = &b->cnode->slots[slot];
    cap_install(c, &f->obj, MICA_CAP_FRAME, rights, 0);
    return map_boot_frame(b, c, vaddr, flags) ? f : NULL;
}

/* A read-only copy of boot data (DTB, initrd) at a page-aligned address:
 * the originals need not be page aligned, and a copy lets init's view be
 * exactly a frame it can later delete. */
static bool copy_boot_data(struct init_build *b, unsigned slot, uint64_t pa, uint64_t size, uint64_t vaddr)
{
    if (size == 0)
        return true;
    uint64_t pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    struct frame *f = new_frame(b, slot, pages, vaddr, PTE_R, MICA_RIGHT_READ);
    if (!f)
        return false;
    memcpy(phys_to_virt(f->phys), phys_to_virt(pa), size);
    return true;
}

static bool load_segments(struct init_build *b, const uint8_t *image, uint64_t size, uint64_t *entry)
{
    struct elf_checked elf;
    const struct elf_check_limits user = { .low = INIT_IMAGE_LOW, .high = USER_VA_END };
    if (elf_check_executable(image, size, &user, &elf) < 0) {
        log_error("kernel", "init: %s", elf.error);
        return false;
    }
    if (elf.count > INIT_MAX_SEGMENTS) {
        log_error("kernel", "init: %u loadable segments, at most %u supported", elf.count, INIT_MAX_SEGMENTS);
        return false;
    }
    for (unsigned i = 0; i < elf.count; i++) {
        const struct elf_check_segment *s = &elf.segments[i];
        uint64_t start = s->vaddr & ~(PAGE_SIZE - 1);
        uint64_t end = (s->vaddr + s->mem_size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        uint64_t flags = (s->flags & ELF_PF_R ? PTE_R : 0) | (s->flags & ELF_PF_W ? PTE_W | PTE_R : 0) |
                         (s->flags & ELF_PF_X ? PTE_X : 0);
        struct frame *f = new_frame(b, MICA_SLOT_FIRST_SEGMENT + i, (end - start) / PAGE_SIZE, start, flags,
                                    MICA_RIGHT_READ | MICA_RIGHT_WRITE | MICA_RIGHT_EXEC);
        if (!f) {
            log_error("kernel", "init: cannot map segment %u at %lx", i, s->vaddr);
            return false;
        }
        memcpy((uint8_t *)phys_to_virt(f->phys) + (s->vaddr - start), image + s->file_offset, s->file_size);
    }
    arch_fence_i();
    *entry = elf.entry;
    return true;
}

static void fill_bootinfo(struct init_build *b, struct mica_bootinfo *bi, const struct machine_info *m,
                          const void *dtb, uint64_t dtb_size)
{
    /* The tree machine_from_fdt() already accepted; opened again for the
     * nodes' whole compatible lists and register layouts. */
    struct fdt fdt;
    bool tree_ok = fdt_open(&fdt, dtb, dtb_size) == 0;
    bi->magic = MICA_BOOTINFO_MAGIC;
    bi->initrd_size = m->initrd.size;
    bi->timebase_hz = m->timebase_hz;
    bi->hart_count = m->hart_count;
    memcpy(bi->bootargs, m->bootargs, sizeof bi->bootargs);
    unsigned n = 0;
    /* machine.c lists only enabled nodes outside RAM, so no frame made here
     * aliases memory the allocator owns. */
    for (unsigned i = 0; i < m->device_count + m->virtio_count; i++) {
        const struct device_info *d = i < m->device_count ? &m->devices[i] : &m->virtio[i - m->device_count];
        if (machine_is_plic(m, d->reg.base) || d->reg.size == 0)
            continue; /* interrupt controllers stay the kernel's */
        long err;
        struct frame *f = device_frame_create(d->reg.base, d->reg.size, &err);
        if (!f) {
            log_warn("kernel", "init: out of kernel memory after %u device frames", n);
            break;
        }
        unsigned slot = MICA_INIT_FIRST_DEVICE_SLOT + n;
        cap_install(&b->cnode->slots[slot], &f->obj, MICA_CAP_DEVICE_FRAME, MICA_RIGHT_READ | MICA_RIGHT_WRITE, 0);
        struct mica_device_desc *dd = &bi->devices[n++];
        if (!boot_device_describe(tree_ok ? &fdt : 0, m, d, dd))
            log_warn("kernel", "init: device at %lx: only its first compatible string", d->reg.base);
        dd->phys = d->reg.base;
        dd->size = d->reg.size;
        dd->irq = d->irq;
        dd->slot = slot;
    }
    bi->device_count = n;
}

bool boot_start_init(const struct machine_info *m, uint64_t dtb_pa, const char *name)
{
    struct cpio_entry init_file;
    const uint8_t *initrd = phys_to_virt(m->initrd.base);
    if (!m->initrd.size || cpio_find(initrd, m->initrd.size, name, &init_file) != CPIO_OK) {
        log_warn("kernel", "no %s in the initrd", name);
        return false;
    }
    long err;
    struct init_build b;
    b.quota = kobj_alloc(NULL, MICA_CAP_QUOTA, sizeof(struct quota), &err);
    if (!b.quota)
        return false;
    uint64_t free_pages = kernel_pmm.free_pages;
    b.quota->bytes_left = (free_pages > KERNEL_RESERVE_PAGES ? free_pages - KERNEL_RESERVE_PAGES : 0) * PAGE_SIZE;
    b.cnode = kobj_alloc(b.quota, MICA_CAP_CNODE, cnode_bytes(MICA_INIT_CNODE_SLOTS), &err);
    b.vspace = b.cnode ? vspace_create(b.quota, &err) : NULL;
    b.thread = b.vspace ? thread_create(b.quota, &err) : NULL;
    if (!b.thread) {
        log_error("kernel", "init: out of memory building the process");
        return false;
    }
    b.cnode->slot_count = MICA_INIT_CNODE_SLOTS;
    struct cap *s = b.cnode->slots;
    cap_install(&s[MICA_SLOT_SELF_CNODE], &b.cnode->obj, MICA_CAP_CNODE, MICA_RIGHTS_ALL, 0);
    cap_install(&s[MICA_SLOT_SELF_VSPACE], &b.vspace->obj, MICA_CAP_VSPACE, MICA_RIGHTS_ALL, 0);
    cap_install(&s[MICA_SLOT_SELF_THREAD], &b.thread->obj, MICA_CAP_THREAD, MICA_RIGHTS_ALL, 0);
    cap_install(&s[MICA_SLOT_QUOTA], &b.quota->obj, MICA_CAP_QUOTA, MICA_RIGHTS_ALL, 0);
    cap_install(&s[MICA_SLOT_IRQ_CONTROL], &irq_control_object, MICA_CAP_IRQ_CONTROL, MICA_RIGHTS_ALL, 0);
    cap_install(&s[MICA_SLOT_SYSTEM], &system_object, MICA_CAP_SYSTEM, MICA_RIGHTS_ALL, 0);

    uint64_t entry;
    struct frame *info;
    uint64_t dtb_size = fdt_peek_totalsize(phys_to_virt(dtb_pa));
    uint8_t rw = MICA_RIGHT_READ | MICA_RIGHT_WRITE;
    if (!load_segments(&b, init_file.data, init_file.size, &entry) ||
        !new_frame(&b, MICA_SLOT_STACK_FRAME, MICA_INIT_STACK_PAGES,
                   MICA_INIT_STACK_TOP - MICA_INIT_STACK_PAGES * PAGE_SIZE, PTE_R | PTE_W, rw) ||
        !new_frame(&b, MICA_SLOT_IPC_BUFFER, MICA_IPC_BUFFER_PAGES, MICA_INIT_IPC_BUFFER_VADDR, PTE_R | PTE_W, rw) ||
        !(info = new_frame(&b, MICA_SLOT_BOOTINFO_FRAME, MICA_BOOTINFO_PAGES, MICA_BOOTINFO_VADDR, PTE_R,
                           MICA_RIGHT_READ)) ||
        !copy_boot_data(&b, MICA_SLOT_DTB_FRAME, dtb_pa, dtb_size, MICA_DTB_VADDR) ||
        !copy_boot_data(&b, MICA_SLOT_INITRD_FRAME, m->initrd.base, m->initrd.size, MICA_INITRD_VADDR)) {
        log_error("kernel", "init: cannot build its address space");
        return false;
    }
    struct mica_bootinfo *bi = phys_to_virt(info->phys);
    fill_bootinfo(&b, bi, m, phys_to_virt(dtb_pa), dtb_size);
    bi->dtb_size = dtb_size;
    bi->free_pages = kernel_pmm.free_pages;

    struct thread *t = b.thread;
    kobj_get(&b.cnode->obj);
    kobj_get(&b.vspace->obj);
    t->cspace = b.cnode;
    t->vspace = b.vspace;
    t->ipc_frame = (struct frame *)s[MICA_SLOT_IPC_BUFFER].object;
    kobj_get(&t->ipc_frame->obj);
    t->ipc_vaddr = MICA_INIT_IPC_BUFFER_VADDR;
    t->priority = INIT_PRIORITY;
    t->max_priority = 255;
    t->ctx.CTX_PC = entry;
    t->ctx.regs[REG_SP] = MICA_INIT_STACK_TOP;
    t->ctx.regs[REG_A0] = MICA_BOOTINFO_VADDR;
    sched_enqueue(t);
    log_info("kernel", "starting %s (%lu bytes, entry %lx), %lu KiB quota", name, init_file.size, entry,
             b.quota->bytes_left / 1024);
    return true;
}
