/* Syscall dispatch. The table and the names come from the one list in
 * mica/syscall_list.h; an unknown number is -ENOSYS, never a panic. */
#include "syscall.h"
#include "mica/abi/errno.h"

typedef long (*syscall_fn)(struct thread *t);

static const syscall_fn syscall_table[MICA_SYSCALL_COUNT] = {
#define SYSCALL_ENTRY(num, name, nargs, args, rights, doc) [num] = sys_##name,
    MICA_SYSCALL_LIST(SYSCALL_ENTRY)
#undef SYSCALL_ENTRY
};

const char *const syscall_names[MICA_SYSCALL_COUNT] = {
#define SYSCALL_NAME(num, name, nargs, args, rights, doc) [num] = #name,
    MICA_SYSCALL_LIST(SYSCALL_NAME)
#undef SYSCALL_NAME
};

void syscall_dispatch(struct thread *t)
{
    uint64_t number = t->ctx.regs[REG_A7];
    t->ctx.CTX_PC += 4; /* resume after the ecall, whether now or after blocking */
    /* The caller may delete its own last thread cap: keep it alive until its
     * result is written. */
    kobj_get(&t->obj);
    long result = number < MICA_SYSCALL_COUNT && syscall_table[number] ? syscall_table[number](t)
                                                                       : -MICA_ENOSYS;
    if (result != SYSCALL_NO_RESULT)
        t->ctx.regs[REG_A0] = (uint64_t)result;
    kobj_put(&t->obj);
}

long decode_cap(struct thread *t, uint64_t slot, uint8_t type, uint8_t rights, struct cap **out)
{
    struct cap *c = t->cspace ? cnode_slot(t->cspace, slot) : NULL;
    if (!c || c->type == MICA_CAP_NULL)
        return -MICA_EBADF;
    if (type != MICA_CAP_NULL && c->type != type)
        return -MICA_ENOTTY;
    if ((c->rights & rights) != rights)
        return -MICA_EACCES;
    *out = c;
    return 0;
}

long decode_empty_slot(struct thread *t, uint64_t cnode_slot_index, uint64_t index, struct cap **out)
{
    struct cnode *cn = t->cspace;
    if (cnode_slot_index) {
        struct cap *c;
        long err = decode_cap(t, cnode_slot_index, MICA_CAP_CNODE, MICA_RIGHT_ADMIN, &c);
        if (err)
            return err;
        cn = (struct cnode *)c->object;
    }
    struct cap *dest = cn ? cnode_slot(cn, index) : NULL;
    if (!dest || index == 0)
        return -MICA_EBADF;
    if (dest->type != MICA_CAP_NULL)
        return -MICA_EEXIST;
    *out = dest;
    return 0;
}
