/* The attacks, each expected to be refused: making a badge (minting from a
 * door, from a copy of it, from a received handle cap, 2^16 guesses),
 * reaching a handle through the door, opening through a handle, and
 * registering a taken name. A forged cap that works is used as an attacker
 * would (fstat, a write over the victim's block) so the victim sees it. */
#include <string.h>

#include <mica/blk_handle_badge.h>
#include <mica/cap.h>
#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/proc.h>
#include <mica/runtime.h>
#include <mica/scheme.h>
#include <mica/serial.h>
#include <mica/syscall.h>

#include "hostile.h"

#define BRUTE_FORCE_BADGES (1u << 16)

static long scratch; /* the slot every mint attempt targets */

static void refused(struct hostile_tally *t, bool ok, const char *target, const char *what, long got)
{
    if (ok) {
        t->refused++;
        return;
    }
    t->failures++;
    ipc_log_error("attacker: %s: %s was not refused (got %ld)", target, what, got);
}

static void held(struct hostile_tally *t, bool ok, const char *target, const char *what, long got)
{
    if (ok) {
        t->checked++;
        return;
    }
    t->failures++;
    ipc_log_error("attacker: %s: %s (got %ld)", target, what, got);
}

/* What a forged handle cap in `scratch` lets an attacker do to the victim. */
static void use_forgery(const char *target)
{
    struct ipc_blk_handle forged = { .ep = scratch };
    struct blk_stat st;
    int r = ipc_blk_fstat(&forged, &st);
    uint8_t junk[HOSTILE_BLOCK];
    memset(junk, 0x66, sizeof junk);
    long w = ipc_blk_write(&forged, HOSTILE_BLOCK, junk, sizeof junk);
    ipc_log_error("attacker: %s: a forged cap is served: fstat %d, write %ld", target, r, w);
}

/* One mint from src with badge; true when it was refused. A mint that
 * worked leaves its cap in scratch for use_forgery, then it is dropped. */
static bool mint_refused(long src, uint64_t badge, const char *target, bool forge)
{
    if (!scratch)
        scratch = ipc_slot_alloc();
    long r = mica_sys_cap_mint(0, scratch, src, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT, (long)badge);
    if (r < 0)
        return true;
    if (forge)
        use_forgery(target);
    mica_sys_cap_delete(0, scratch);
    return false;
}

/* 2^16 badges from src: every handle index (16 in use of 256) at 4096
 * generations, the neighbourhood of every badge the servers have made. */
static void brute_force(struct hostile_tally *t, long src, const char *target)
{
    unsigned long worked = 0;
    for (uint64_t i = 0; i < BRUTE_FORCE_BADGES; i++) {
        uint64_t badge = blk_handle_badge(1u + (i >> 4), (unsigned)(i & 15u));
        if (!mint_refused(src, badge, target, false))
            worked++;
    }
    if (worked == 0)
        t->refused += BRUTE_FORCE_BADGES;
    else
        t->failures += worked;
    refused(t, worked == 0, target, "brute-forcing 65536 badges", (long)worked);
}

/* A copy of src asking for every right: what it got must lack ADMIN, and
 * minting from it must fail too. */
static void copy_then_mint(struct hostile_tally *t, long src, uint64_t badge, const char *target)
{
    long copy = ipc_slot_alloc();
    long r = mica_sys_cap_copy(0, copy, src, MICA_RIGHTS_ALL);
    held(t, r == 0, target, "copy of the cap", r);
    struct ipc_cap_id id = ipc_cap_identify(copy);
    refused(t, !(id.rights & MICA_RIGHT_ADMIN), target, "ADMIN in a copy", (long)id.rights);
    refused(t, mint_refused(copy, badge, target, true), target, "minting from a copy", 0);
    ipc_cap_drop(copy);
}

static long lookup(const char *scheme)
{
    long door = ipc_slot_alloc();
    const char *colon = strchr(scheme, ':');
    uint64_t length = colon ? (uint64_t)(colon - scheme) : strlen(scheme);
    long r = ipc_scheme_lookup(scheme, length, door);
    if (r < 0) {
        ipc_slot_free(door);
        return r;
    }
    return door;
}

static void check_door(struct hostile_tally *t, long door, const char *target)
{
    struct ipc_cap_id id = ipc_cap_identify(door);
    held(t, id.type == MICA_CAP_ENDPOINT && ipc_scheme_is_door(id.badge), target,
         "the door carries the door marker", (long)id.badge);
    refused(t, !(id.rights & MICA_RIGHT_ADMIN), target, "ADMIN on the door", (long)id.rights);
}

static long call_status(long ep, unsigned msg)
{
    struct ipc_msg m = ipc_call(ep, MICA_MSGINFO(BLK_LABEL(msg), 0, 0), 0, 0, 0, 0);
    return m.badge < 0 ? m.badge : (long)m.w[BLK_REPLY_W_STATUS];
}

void hostile_attack_disk(struct hostile_tally *t, const char *name, uint64_t victim_id)
{
    char scheme[MICA_SCHEME_NAME_MAX];
    size_t length = strcspn(name, ":");
    if (length >= sizeof scheme)
        length = sizeof scheme - 1;
    memcpy(scheme, name, length);
    scheme[length] = 0;
    long door = lookup(scheme);
    if (door < 0) {
        held(t, false, scheme, "lookup", door);
        return;
    }
    check_door(t, door, scheme);
    /* The victim's exact badge, from the door and from a copy of it. */
    refused(t, mint_refused(door, victim_id, scheme, true), scheme, "minting the victim's badge", 0);
    copy_then_mint(t, door, victim_id, scheme);
    /* The door reaches no handle. */
    static const unsigned on_door[] = { BLK_MSG_FSTAT, BLK_MSG_CLOSE, BLK_MSG_FSYNC };
    for (unsigned i = 0; i < sizeof on_door / sizeof on_door[0]; i++) {
        long r = call_status(door, on_door[i]);
        refused(t, r == -MICA_EBADF, scheme, "a handle request on the door", r);
    }
    /* A handle of our own: its cap cannot be re-minted into the victim's,
     * nor into the next handle's badge, and it opens nothing. */
    struct ipc_blk_handle mine;
    int r = ipc_blk_open(&mine, door, "", BLK_OPEN_READ);
    held(t, r == 0, scheme, "open through the door", r);
    if (r == 0) {
        unsigned index = blk_handle_badge_index(mine.handle_id);
        uint64_t generation = (mine.handle_id & ~BLK_BADGE_HANDLE) >> BLK_BADGE_INDEX_BITS;
        uint64_t guesses[] = { victim_id, blk_handle_badge(generation, index + 1u),
                               blk_handle_badge(generation + 1u, index),
                               index ? blk_handle_badge(generation, index - 1u) : victim_id };
        for (unsigned i = 0; i < sizeof guesses / sizeof guesses[0]; i++) {
            refused(t, mint_refused(mine.ep, guesses[i], scheme, true), scheme,
                    "re-minting my handle cap", (long)i);
            refused(t, mint_refused(door, guesses[i], scheme, true), scheme,
                    "minting a guessed badge", (long)i);
        }
        struct ipc_blk_handle again;
        r = ipc_blk_open(&again, mine.ep, "", BLK_OPEN_READ);
        refused(t, r == -MICA_EBADF, scheme, "OPEN on a handle cap", r);
        if (r == 0)
            ipc_blk_close(&again);
        brute_force(t, mine.ep, scheme);
        held(t, ipc_blk_close(&mine) == 0, scheme, "close my handle", 0);
    }
    brute_force(t, door, scheme);
    ipc_cap_drop(door);
}

void hostile_attack_serial(struct hostile_tally *t)
{
    const char *target = SERIAL_SCHEME;
    long door = lookup(SERIAL_SCHEME);
    if (door < 0) {
        held(t, false, target, "lookup", door);
        return;
    }
    check_door(t, door, target);
    refused(t, mint_refused(door, 1, target, false), target, "minting from the door", 0);
    copy_then_mint(t, door, 1, target);
    brute_force(t, door, target);
    /* The door itself is served: a malformed write (count 0) reaches the
     * request checks, past the badge check. */
    struct ipc_msg m = ipc_call(door, MICA_MSGINFO(SERIAL_WRITE, 1, 0), 0, 0, 0, 0);
    held(t, m.badge >= 0 && (long)m.w[0] == -MICA_EINVAL, target, "a request on the door",
         m.badge < 0 ? m.badge : (long)m.w[0]);
    ipc_cap_drop(door);
}

void hostile_attack_names(struct hostile_tally *t)
{
    const char *target = "name service";
    static const long mine[] = { MICA_CHILD_SLOT_NAMES, MICA_CHILD_SLOT_PARENT };
    for (unsigned i = 0; i < 2; i++) {
        refused(t, mint_refused(mine[i], 1, target, false), target, "minting from init's cap", (long)i);
        copy_then_mint(t, mine[i], 1, target);
        brute_force(t, mine[i], target);
    }
    /* A client is no server: it cannot take a name, nor register a new one. */
    static const char *const names[] = { "disk.ram0", "disk.vblk0", "serial", "hostile" };
    for (unsigned i = 0; i < 4; i++) {
        long r = ipc_scheme_register(names[i]);
        refused(t, r < 0, target, "registering a name", r);
    }
}
