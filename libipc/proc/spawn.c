/* Builds a process step by step; each capability made is recorded in the
 * process so a failure half-way, or a later destroy, can undo all of it. */
#include <mica/proc_spawn.h>

#include <string.h>

#include <mica/args.h>
#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/proc.h>
#include <mica/server_info.h>

#include <mica/abi/cpio.h>
#include <mica/proc_elf_plan.h>

#define RW (MICA_RIGHT_READ | MICA_RIGHT_WRITE)

struct build {
    const struct spawn_request *req;
    struct process *proc;
    const char *why;
};

static long fail(struct build *b, long err, const char *why)
{
    b->why = why;
    return err;
}

static long own_new_slot(struct build *b)
{
    if (b->proc->owned_count == SPAWN_MAX_OWNED)
        return fail(b, -MICA_ENOSPC, "too many capabilities for one process");
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return fail(b, slot, "no free slot in the builder's cspace");
    b->proc->owned[b->proc->owned_count++] = slot;
    return slot;
}

static long create(struct build *b, long quota, unsigned type, uint64_t size, const char *why)
{
    long slot = own_new_slot(b);
    if (slot < 0)
        return slot;
    long r = mica_sys_obj_create(quota, type, (long)size, slot);
    return r < 0 ? fail(b, r, why) : slot;
}

/* Copies a capability keeping all the rights it has. */
static long copy_as_is(long dest_cnode, long dest_slot, long src)
{
    struct ipc_cap_id id = ipc_cap_identify(src);
    if (id.type < 0)
        return id.type;
    return mica_sys_cap_copy(dest_cnode, dest_slot, src, id.rights);
}

static long map_into_child(struct build *b, long frame, uint64_t vaddr, unsigned rights,
                           const char *why)
{
    long r = mica_sys_vspace_map(b->proc->vspace, frame, (long)vaddr, rights, b->proc->quota);
    return r < 0 ? fail(b, r, why) : 0;
}

static long load_segment(struct build *b, const struct spawn_segment *seg)
{
    long frame;
    if (seg->shared_frame) {
        if ((frame = own_new_slot(b)) < 0)
            return frame;
        /* One frame cap maps once: each address space maps its own copy. */
        long r = mica_sys_cap_copy(0, frame, seg->shared_frame, seg->rights);
        if (r < 0)
            return fail(b, r, "copying a shared frame");
        return map_into_child(b, frame, seg->vaddr, seg->rights, "mapping a shared frame");
    }
    frame = create(b, b->proc->quota, MICA_CAP_FRAME, seg->pages, "segment frame");
    if (frame < 0)
        return frame;
    if (seg->bytes == 0) /* frames come zeroed */
        return map_into_child(b, frame, seg->vaddr, seg->rights, "mapping a segment");
    long copy, err;
    uint8_t *window = ipc_frame_map_copy(frame, seg->pages, RW, &copy, &err);
    if (!window)
        return fail(b, err, "mapping a segment for copying");
    memcpy(window + seg->copy_to, seg->src, seg->bytes); /* frames come zeroed */
    if (seg->rights & MICA_RIGHT_EXEC)
        __asm__ volatile("fence.i" ::: "memory"); /* the child may run on this hart next */
    ipc_frame_unmap(window, seg->pages, copy);
    return map_into_child(b, frame, seg->vaddr, seg->rights, "mapping a segment");
}

/* The stack, with the start record (if any) at its top. */
static long make_stack(struct build *b, uint64_t *sp)
{
    uint64_t pages = b->req->stack_pages ? b->req->stack_pages : MICA_PROC_STACK_PAGES;
    size_t record = (b->req->stack_record_size + 15) & ~(size_t)15;
    if (record > MICA_PAGE_SIZE)
        return fail(b, -MICA_EINVAL, "start record larger than a page");
    long frame = create(b, b->proc->quota, MICA_CAP_FRAME, pages, "stack frame");
    if (frame < 0)
        return frame;
    *sp = MICA_PROC_STACK_TOP - record;
    if (record) {
        long copy, err;
        uint8_t *window = ipc_frame_map_copy(frame, pages, RW, &copy, &err);
        if (!window)
            return fail(b, err, "mapping the stack for the start record");
        memcpy(window + pages * MICA_PAGE_SIZE - record, b->req->stack_record,
               b->req->stack_record_size);
        ipc_frame_unmap(window, pages, copy);
    }
    return map_into_child(b, frame, MICA_PROC_STACK_TOP - pages * MICA_PAGE_SIZE, RW,
                          "mapping the stack");
}

static long make_objects(struct build *b)
{
    struct process *p = b->proc;
    long quota = create(b, MICA_SLOT_QUOTA, MICA_CAP_QUOTA, b->req->quota_bytes, "child quota");
    if (quota < 0)
        return quota;
    p->quota = quota;
    if ((p->cnode = create(b, quota, MICA_CAP_CNODE, MICA_CHILD_CNODE_SLOTS, "cspace")) < 0)
        return p->cnode;
    if ((p->vspace = create(b, quota, MICA_CAP_VSPACE, 0, "address space")) < 0)
        return p->vspace;
    if ((p->thread = create(b, quota, MICA_CAP_THREAD, 0, "thread")) < 0)
        return p->thread;
    return 0;
}

static long make_memory(struct build *b, const struct spawn_segment *segs, unsigned count,
                        long *ipc_frame, uint64_t *sp)
{
    for (unsigned i = 0; i < count; i++) {
        long r = load_segment(b, &segs[i]);
        if (r < 0)
            return r;
    }
    long r = make_stack(b, sp);
    if (r < 0)
        return r;
    *ipc_frame = create(b, b->proc->quota, MICA_CAP_FRAME, MICA_IPC_BUFFER_PAGES, "IPC buffer frame");
    if (*ipc_frame < 0)
        return *ipc_frame;
    return map_into_child(b, *ipc_frame, MICA_PROC_IPC_BUFFER_VADDR, RW, "mapping the IPC buffer");
}

static long grant_initrd(struct build *b)
{
    long mine = own_new_slot(b);
    if (mine < 0)
        return mine;
    /* The child's copies derive from ours, so destroy's revoke reaches them. */
    long r = mica_sys_cap_copy(0, mine, MICA_SLOT_INITRD_FRAME, MICA_RIGHT_READ);
    if (r < 0)
        return fail(b, r, "copying the initrd frame");
    r = map_into_child(b, mine, MICA_INITRD_VADDR, MICA_RIGHT_READ, "mapping the initrd");
    if (r < 0)
        return r;
    long child = own_new_slot(b);
    if (child < 0)
        return child;
    r = mica_sys_cap_copy(0, child, mine, MICA_RIGHT_READ);
    if (r >= 0)
        r = mica_sys_cap_move(b->proc->cnode, MICA_SLOT_INITRD_FRAME, child);
    if (r < 0)
        return fail(b, r, "granting the initrd frame");
    b->proc->owned_count--; /* moved away: the slot is empty again */
    ipc_slot_free(child);
    return 0;
}

/* The command line as a read-only page at MICA_ARGS_VADDR, its frame
 * read-only at MICA_CHILD_SLOT_ARGS so the child can see it is there. */
static long grant_args(struct build *b)
{
    size_t length = strnlen(b->req->args, MICA_ARGS_MAX);
    if (length >= MICA_ARGS_MAX)
        return fail(b, -MICA_E2BIG, "command line longer than 511 bytes");
    long frame = create(b, b->proc->quota, MICA_CAP_FRAME, 1, "command-line frame");
    if (frame < 0)
        return frame;
    long copy, err;
    struct mica_args_page *page = (struct mica_args_page *)ipc_frame_map_copy(frame, 1, RW, &copy, &err);
    if (!page)
        return fail(b, err, "mapping the command line for writing");
    page->magic = MICA_ARGS_MAGIC;
    page->length = (uint32_t)length;
    page->priority = b->req->priority;
    memcpy(page->text, b->req->args, length); /* frames come zeroed: the NUL is there */
    ipc_frame_unmap(page, 1, copy);
    long r = map_into_child(b, frame, MICA_ARGS_VADDR, MICA_RIGHT_READ, "mapping the command line");
    if (r < 0)
        return r;
    r = mica_sys_cap_copy(b->proc->cnode, MICA_CHILD_SLOT_ARGS, frame, MICA_RIGHT_READ);
    return r < 0 ? fail(b, r, "granting the command line") : 0;
}

/* A capability the builder made into one of its own slots, then copied to
 * the child's fixed slot: destroy's revoke of the builder's slot reaches
 * the child's copy. */
static long grant_made(struct build *b, long mine, long child_slot, const char *why)
{
    long r = copy_as_is(b->proc->cnode, child_slot, mine);
    return r < 0 ? fail(b, r, why) : 0;
}

static long grant_server_caps(struct build *b)
{
    const struct spawn_request *req = b->req;
    long slot, r;
    if (req->service_endpoint) {
        slot = create(b, b->proc->quota, MICA_CAP_ENDPOINT, 0, "service endpoint");
        if (slot < 0 || (r = grant_made(b, slot, MICA_SERVER_SLOT_ENDPOINT, "granting the endpoint")) < 0)
            return slot < 0 ? slot : r;
        b->proc->endpoint = slot;
    }
    if (req->irq_line) {
        if ((slot = own_new_slot(b)) < 0)
            return slot;
        r = mica_sys_irq_claim(MICA_SLOT_IRQ_CONTROL, req->irq_line, slot);
        if (r < 0)
            return fail(b, r, "claiming the interrupt line");
        if ((r = grant_made(b, slot, MICA_SERVER_SLOT_IRQ, "granting the interrupt")) < 0)
            return r;
    }
    if (req->dma_bytes) {
        slot = create(b, MICA_SLOT_QUOTA, MICA_CAP_QUOTA, req->dma_bytes, "DMA quota");
        if (slot < 0 || (r = grant_made(b, slot, MICA_SERVER_SLOT_DMA_QUOTA, "granting the DMA quota")) < 0)
            return slot < 0 ? slot : r;
    }
    return 0;
}

static long fill_cspace(struct build *b, long ipc_frame)
{
    struct process *p = b->proc;
    const struct spawn_request *req = b->req;
    const long self_caps[][2] = {
        { MICA_SLOT_SELF_CNODE, p->cnode },   { MICA_SLOT_SELF_VSPACE, p->vspace },
        { MICA_SLOT_SELF_THREAD, p->thread }, { MICA_SLOT_QUOTA, p->quota },
        { MICA_SLOT_IPC_BUFFER, ipc_frame },
    };
    for (unsigned i = 0; i < sizeof self_caps / sizeof self_caps[0]; i++) {
        long r = copy_as_is(p->cnode, self_caps[i][0], self_caps[i][1]);
        if (r < 0)
            return fail(b, r, "copying the child's own capabilities");
    }
    /* GRANT: a server hands its supervisor a capability (a notification
     * init signals, mica/server_supervision.h); init takes only that one. */
    long r = mica_sys_cap_mint(p->cnode, MICA_CHILD_SLOT_PARENT, req->supervisor_ep,
                               MICA_RIGHT_WRITE | MICA_RIGHT_GRANT, (long)req->badge);
    if (r < 0)
        return fail(b, r, "minting the parent endpoint");
    if (req->names_badge &&
        (r = mica_sys_cap_mint(p->cnode, MICA_CHILD_SLOT_NAMES, req->supervisor_ep,
                               MICA_RIGHT_WRITE, (long)req->names_badge)) < 0)
        return fail(b, r, "minting the name service endpoint");
    if (req->control_badge &&
        (r = mica_sys_cap_mint(p->cnode, MICA_CHILD_SLOT_CONTROL, req->supervisor_ep,
                               MICA_RIGHT_WRITE, (long)req->control_badge)) < 0)
        return fail(b, r, "minting the process-control endpoint");
    if (req->grant_system && (r = copy_as_is(p->cnode, MICA_SLOT_SYSTEM, MICA_SLOT_SYSTEM)) < 0)
        return fail(b, r, "granting the SYSTEM capability");
    if (req->grant_initrd && (r = grant_initrd(b)) < 0)
        return r;
    if (req->args && (r = grant_args(b)) < 0)
        return r;
    for (unsigned i = 0; i < req->grant_count && i < SPAWN_MAX_GRANTS; i++) {
        r = copy_as_is(p->cnode, MICA_CHILD_SLOT_FIRST_GRANT + i, req->grants[i]);
        if (r < 0)
            return fail(b, r, "granting a requested capability");
    }
    return grant_server_caps(b);
}

static long start_thread(struct build *b, long ipc_frame, uint64_t entry, uint64_t sp)
{
    struct process *p = b->proc;
    long fault_ep = own_new_slot(b);
    if (fault_ep < 0)
        return fault_ep;
    long r = mica_sys_cap_mint(0, fault_ep, b->req->supervisor_ep, MICA_RIGHT_WRITE,
                               (long)b->req->badge);
    if (r < 0)
        return fail(b, r, "minting the fault endpoint");
    r = mica_sys_thread_configure(p->thread, p->cnode, p->vspace, ipc_frame,
                                  (long)MICA_PROC_IPC_BUFFER_VADDR);
    if (r < 0)
        return fail(b, r, "thread_configure");
    r = mica_sys_thread_set_sched(p->thread, b->req->priority, fault_ep);
    if (r < 0)
        return fail(b, r, "thread_set_sched");
    if (b->req->place_on_hart && (r = mica_sys_thread_set_hart(p->thread, b->req->hart)) < 0)
        return fail(b, r, "thread_set_hart");
    uint64_t a0 = b->req->stack_record ? sp : b->req->arg;
    r = mica_sys_thread_start(p->thread, (long)entry, (long)sp, (long)a0);
    return r < 0 ? fail(b, r, "thread_start") : 0;
}

int spawn_process(const struct spawn_request *req, struct process *proc, const char **why)
{
    struct build b = { req, proc, 0 };
    memset(proc, 0, sizeof *proc);
    strncpy(proc->name, req->name, sizeof proc->name - 1);
    proc->badge = req->badge;

    const struct spawn_segment *segs = req->segments;
    unsigned count = req->segment_count;
    uint64_t entry = req->entry;
    struct spawn_segment from_elf[ELF_PLAN_MAX_SEGMENTS];
    if (count == 0) {
        struct elf_plan plan;
        const struct elf_plan_limits limits = { MICA_PROC_IMAGE_BASE, MICA_PROC_DYNAMIC_BASE };
        long r = elf_plan(req->image, req->image_size, &limits, &plan);
        if (r < 0) {
            *why = plan.error;
            return (int)r;
        }
        for (unsigned i = 0; i < plan.count; i++) {
            const struct elf_plan_segment *e = &plan.segments[i];
            from_elf[i] = (struct spawn_segment){ e->vaddr, e->pages, e->rights, e->copy_to,
                                                  req->image + e->file_offset, e->file_bytes, 0 };
        }
        segs = from_elf;
        count = plan.count;
        entry = plan.entry;
    }
    long ipc_frame = 0;
    uint64_t sp = MICA_PROC_STACK_TOP;
    long r = make_objects(&b);
    if (r >= 0)
        r = make_memory(&b, segs, count, &ipc_frame, &sp);
    if (r >= 0)
        r = fill_cspace(&b, ipc_frame);
    if (r >= 0)
        r = start_thread(&b, ipc_frame, entry, sp);
    if (r < 0) {
        *why = b.why;
        process_destroy(proc);
        return (int)r;
    }
    proc->alive = 1;
    return 0;
}

void process_destroy(struct process *proc)
{
    if (proc->thread > 0)
        mica_sys_thread_suspend(proc->thread);
    while (proc->owned_count > 0) {
        long slot = proc->owned[--proc->owned_count];
        mica_sys_cap_revoke(slot);
        mica_sys_cap_delete(0, slot);
        ipc_slot_free(slot);
    }
    proc->alive = 0;
}

int initrd_find(uint64_t initrd_size, const char *name, const uint8_t **data, size_t *size)
{
    struct cpio_entry e;
    int r = cpio_find((const uint8_t *)MICA_INITRD_VADDR, initrd_size, name, &e);
    if (r != CPIO_OK)
        return -MICA_ENOENT;
    *data = e.data;
    *size = e.size;
    return 0;
}
