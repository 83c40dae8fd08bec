/* The name service's table and its requests (and the drivers' feature
 * reports, which arrive on the same capability). decode_name is the one
 * place a scheme name from a child is checked. init never calls a server
 * here: a lookup hands back the server's door (a badged copy of its
 * endpoint) and the client sends OPEN itself, so a hung server cannot stall
 * the supervisor. */
#include "names.h"

#include <stdio.h>
#include <string.h>

#include <mica/blk_protocol.h>
#include <mica/cap.h>
#include <mica/abi/caps.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/scheme.h>
#include <mica/server_manifest.h>

#include "children.h"
#include "devices.h"

struct name_entry {
    char name[MICA_SCHEME_NAME_MAX];
    uint64_t pid;
    long door; /* WRITE|GRANT, MICA_SCHEME_DOOR_BADGE, minted from the
                * server's endpoint at registration; each lookup mints the
                * caller a door of its own (reply_door: no ADMIN, so no
                * badge of its choosing), and stopping the server (a
                * revoke) empties them all */
    struct names_block_facts facts; /* block schemes: what the server reported */
};

static struct name_entry table[NAMES_MAX];

static int name_char_ok(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
           ch == '-';
}

/* The name in m into out (NUL-terminated), or -EINVAL. */
static int decode_name(const struct ipc_msg *m, char out[MICA_SCHEME_NAME_MAX])
{
    uint64_t length = m->w[MICA_SCHEME_W_LENGTH];
    int r = ipc_msg_text(m, MICA_MSG_REG_WORDS, length, out, MICA_SCHEME_NAME_MAX);
    for (uint64_t i = 0; r == 0 && i < length; i++)
        if (!name_char_ok(out[i]))
            r = -MICA_EINVAL;
    return r;
}

static struct name_entry *find(const char *name)
{
    for (unsigned i = 0; i < NAMES_MAX; i++)
        if (table[i].pid && strcmp(table[i].name, name) == 0)
            return &table[i];
    return 0;
}

/* Whether the manifest lists name: a scheme as is ("serial") or with a
 * decimal unit after it ("disk.vblk" -> "disk.vblk0", "disk.vblk12"). */
static bool declared(const struct mica_server_manifest *m, const char *name)
{
    for (unsigned i = 0; m->magic && i < MICA_MANIFEST_SCHEMES_MAX; i++) {
        size_t n = strnlen(m->schemes[i], MICA_MANIFEST_SCHEME_MAX);
        if (n == 0 || n == MICA_MANIFEST_SCHEME_MAX || strncmp(name, m->schemes[i], n) != 0)
            continue;
        const char *unit = name + n;
        while (*unit >= '0' && *unit <= '9')
            unit++;
        if (*unit == 0)
            return true;
    }
    return false;
}

/* The manifest's schemes as "a, b" for a refusal's log line. */
static void declared_text(const struct mica_server_manifest *m, char *out, size_t size)
{
    size_t used = 0;
    out[0] = 0;
    for (unsigned i = 0; m->magic && i < MICA_MANIFEST_SCHEMES_MAX && used < size; i++)
        if (m->schemes[i][0])
            used += (size_t)snprintf(out + used, size - used, "%s%.*s", used ? ", " : "",
                                     (int)MICA_MANIFEST_SCHEME_MAX, m->schemes[i]);
    if (!used)
        snprintf(out, size, "no schemes");
}

/* The refusal's reply and log line; the holder of a taken name goes in the
 * reply too, so the refused server can say who has it. */
static long refuse_register(const struct child *c, const char *name, long status,
                            const struct name_entry *holder)
{
    uint64_t pid = c ? c->pid : 0;
    const char *who = c ? child_name(c) : "?";
    if (status == -MICA_EACCES) {
        char schemes[MICA_MANIFEST_SCHEMES_MAX * (MICA_MANIFEST_SCHEME_MAX + 2)];
        declared_text(&c->manifest, schemes, sizeof schemes);
        ipc_log_warn("scheme %s: registration by %s pid %llu refused: its manifest declares %s",
                     name, who, (unsigned long long)pid, schemes);
    } else if (holder) {
        const struct child *h = children_by_pid(holder->pid);
        ipc_log_warn("scheme %s: registration by %s pid %llu refused: held by %s pid %llu", name,
                     who, (unsigned long long)pid, h ? child_name(h) : "?",
                     (unsigned long long)holder->pid);
    } else {
        ipc_log_warn("scheme %s: registration by pid %llu refused: %s", name,
                     (unsigned long long)pid, mica_errno_name((int)status));
    }
    return status;
}

static long do_register(uint64_t pid, const char *name)
{
    struct child *c = children_by_pid(pid);
    if (!c || !child_alive(c) || !c->proc.endpoint)
        return refuse_register(0, name, -MICA_EPERM, 0);
    if (!declared(&c->manifest, name))
        return refuse_register(c, name, -MICA_EACCES, 0);
    struct name_entry *taken = find(name);
    if (taken)
        return refuse_register(c, name, -MICA_EEXIST, taken);
    struct name_entry *e = 0;
    for (unsigned i = 0; i < NAMES_MAX && !e; i++)
        if (!table[i].pid)
            e = &table[i];
    if (!e)
        return refuse_register(c, name, -MICA_ENOSPC, 0);
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = mica_sys_cap_mint(0, slot, c->proc.endpoint, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT,
                               (long)MICA_SCHEME_DOOR_BADGE);
    if (r < 0) {
        ipc_slot_free(slot);
        return refuse_register(c, name, r, 0);
    }
    strcpy(e->name, name);
    e->pid = pid;
    e->door = slot;
    ipc_log_info("scheme %s: registered by %s pid %llu", name, child_name(c),
                 (unsigned long long)pid);
    return 0;
}

/* The facts in m, checked: a power-of-two block size the protocol allows
 * (512..64 KiB), a whole number of blocks, no unknown flags. */
static int decode_block_facts(const struct ipc_msg *m, struct names_block_facts *out)
{
    uint64_t size = m->w[MICA_BLOCK_FACTS_W_SIZE], block = m->w[MICA_BLOCK_FACTS_W_BLOCK_SIZE];
    uint64_t flags = m->w[MICA_BLOCK_FACTS_W_FLAGS];
    if (block < BLK_BLOCK_SIZE_MIN || block > BLK_BLOCK_SIZE_MAX || (block & (block - 1)) ||
        size == 0 || size % block || (flags & ~(uint64_t)MICA_BLOCK_FACT_READ_ONLY))
        return -MICA_EINVAL;
    *out = (struct names_block_facts){ .known = true, .size_bytes = size,
                                       .block_size = (uint32_t)block,
                                       .read_only = (flags & MICA_BLOCK_FACT_READ_ONLY) != 0 };
    return 0;
}

static long do_block_facts(uint64_t pid, const char *name, const struct ipc_msg *m)
{
    struct name_entry *e = find(name);
    if (!e || e->pid != pid)
        return -MICA_ENOENT;
    struct names_block_facts facts;
    int r = decode_block_facts(m, &facts);
    if (r == 0)
        e->facts = facts;
    return r;
}

/* -EEXIST with the holder's pid and name (mica/scheme.h REGISTER). */
static void reply_holder(const struct name_entry *holder)
{
    const struct child *h = children_by_pid(holder->pid);
    const char *who = h ? child_name(h) : "?";
    uint64_t length = strnlen(who, MICA_SCHEME_NAME_MAX - 1);
    uint64_t words[MICA_SCHEME_NAME_WORDS] = { 0 };
    memcpy(words, who, length);
    for (unsigned i = 0; i < MICA_SCHEME_NAME_WORDS; i++)
        ipc_buffer()->msg[MICA_MSG_REG_WORDS + i] = words[i];
    ipc_reply(MICA_MSGINFO(0, MICA_MSG_REG_WORDS + MICA_SCHEME_NAME_WORDS, 0),
              (uint64_t)-MICA_EEXIST, holder->pid, length, 0);
}

/* A lookup's answer: a door of the caller's own (badged with its pid), so
 * the server can tell its clients apart and keep one from taking what all
 * of them share. It derives from the server's endpoint like the entry's
 * door, so stopping the server empties it too; init's slot goes once the
 * reply has copied it out. */
static long mint_door(const struct name_entry *e, uint64_t client, long slot)
{
    const struct child *c = children_by_pid(e->pid);
    if (!c || !c->proc.endpoint)
        return -MICA_ENOENT;
    return mica_sys_cap_mint(0, slot, c->proc.endpoint, MICA_RIGHT_WRITE | MICA_RIGHT_GRANT,
                             (long)ipc_scheme_door_badge(client));
}

/* The door's answer: reply 0 answers the current caller, else the saved
 * REPLY cap of a waiting lookup (names_wait.c). */
static long reply_door(const struct name_entry *e, uint64_t client, long reply)
{
    long slot = ipc_slot_alloc();
    if (slot < 0)
        return slot;
    long r = mint_door(e, client, slot);
    if (r == 0) {
        ipc_buffer()->send_caps[0] = (uint64_t)slot;
        if (reply)
            r = ipc_reply_send(reply, MICA_MSGINFO(0, 1, 1), 0, 0, 0, 0);
        else
            ipc_reply(MICA_MSGINFO(0, 1, 1), 0, 0, 0, 0);
        mica_sys_cap_delete(0, slot); /* the client's copy moves up to the endpoint */
    }
    ipc_slot_free(slot);
    return r < 0 ? r : 0;
}

long names_answer(const char *name, uint64_t client, long reply)
{
    struct name_entry *e = find(name);
    return e ? reply_door(e, client, reply) : -MICA_ENOENT;
}

void names_request(uint64_t pid, const struct ipc_msg *m)
{
    uint64_t label = MICA_MSGINFO_LABEL(m->info);
    if (label == MICA_LABEL_DEVICE_FEATURES) {
        long status = devices_report_features(pid, m);
        ipc_reply(MICA_MSGINFO(0, 1, 0), (uint64_t)status, 0, 0, 0);
        return;
    }
    char name[MICA_SCHEME_NAME_MAX];
    long status = decode_name(m, name);
    if (status == 0 && label == MICA_LABEL_SCHEME_BLOCK_FACTS) {
        status = do_block_facts(pid, name, m);
        if (status < 0)
            ipc_log_warn("scheme %s: block facts from pid %llu refused: %s", name,
                         (unsigned long long)pid, mica_errno_name((int)status));
    } else if (status == 0 && label == MICA_LABEL_SCHEME_REGISTER) {
        status = do_register(pid, name);
        struct name_entry *holder = status == -MICA_EEXIST ? find(name) : 0;
        if (holder) {
            reply_holder(holder);
            return;
        }
    } else if (status == 0 && label == MICA_LABEL_SCHEME_LOOKUP) {
        struct name_entry *e = find(name);
        status = e ? reply_door(e, pid, 0) : names_miss(name);
        /* Still unknown while a server starts: a caller that asked to wait
         * (w1 milliseconds) is answered when the name appears. */
        if (status == -MICA_EAGAIN && m->w[MICA_SCHEME_LOOKUP_W_WAIT_MS])
            status = names_wait(pid, name, m->w[MICA_SCHEME_LOOKUP_W_WAIT_MS]);
        if (status == 0)
            return;
    } else if (status == 0) {
        status = -MICA_EINVAL;
    }
    ipc_reply(MICA_MSGINFO(0, 1, 0), (uint64_t)status, 0, 0, 0);
}

long names_door(const char *name, long dest)
{
    const struct name_entry *e = find(name);
    return e ? mint_door(e, 0, dest) : names_miss(name);
}

void names_forget(uint64_t pid)
{
    for (unsigned i = 0; i < NAMES_MAX; i++) {
        struct name_entry *e = &table[i];
        if (e->pid != pid)
            continue;
        ipc_log_info("scheme %s: gone with pid %llu", e->name, (unsigned long long)pid);
        mica_sys_cap_delete(0, e->door); /* fails when the revoke emptied it already */
        ipc_slot_free(e->door);
        memset(e, 0, sizeof *e);
    }
}

const char *names_at(unsigned i, uint64_t *pid, struct names_block_facts *facts)
{
    if (i >= NAMES_MAX || !table[i].pid)
        return 0;
    *pid = table[i].pid;
    if (facts)
        *facts = table[i].facts;
    return table[i].name;
}
