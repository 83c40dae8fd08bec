/* Which slots of this process's own cspace are free. One bitmap sized for
 * the largest cspace a process starts with (init's); threads of a process
 * share it, so it is only used from one thread at a time by convention. */
#include <stdint.h>

#include <mica/abi/bootinfo.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/proc.h>

#define WORD_BITS 64u
static uint64_t used[MICA_INIT_CNODE_SLOTS / WORD_BITS];
static unsigned slot_first = MICA_SLOT_FIRST_FREE;
static unsigned slot_limit = MICA_CHILD_CNODE_SLOTS;
static unsigned search_from = MICA_SLOT_FIRST_FREE;

void ipc_slots_init(unsigned first, unsigned limit)
{
    slot_first = first;
    slot_limit = limit < MICA_INIT_CNODE_SLOTS ? limit : MICA_INIT_CNODE_SLOTS;
    search_from = first;
}

static int slot_used(unsigned s)
{
    return (used[s / WORD_BITS] >> (s % WORD_BITS)) & 1;
}

long ipc_slot_alloc(void)
{
    unsigned span = slot_limit - slot_first;
    for (unsigned i = 0; i < span; i++) {
        unsigned s = slot_first + (search_from - slot_first + i) % span;
        if (!slot_used(s)) {
            used[s / WORD_BITS] |= 1ull << (s % WORD_BITS);
            search_from = s + 1 < slot_limit ? s + 1 : slot_first;
            return s;
        }
    }
    return -MICA_ENOSPC;
}

void ipc_slot_free(long slot)
{
    if (slot >= slot_first && slot < slot_limit)
        used[slot / WORD_BITS] &= ~(1ull << (slot % WORD_BITS));
}

unsigned ipc_slots_free(void)
{
    unsigned free = 0;
    for (unsigned s = slot_first; s < slot_limit; s++)
        free += !slot_used(s);
    return free;
}
