/* protofuzz: a hostile client of every server. It seeds each disk with a
 * known pattern through the trusted client path, keeps a shadow copy, sends
 * random and edge-case messages and ring entries (deterministic from a
 * printed seed), updates the shadow only for what a server acknowledged,
 * then reads everything back and checks every server still answers.
 * Command line: seed=<n> (0 or absent: from the clock), messages=<n>,
 * ring=<n> (ring entries), names=<list>: the disks, read-only ones with a
 * leading '!', e.g. "disk.ram0,!disk.ram1,disk.vblk0". docs/protofuzz.md. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/args.h>
#include <mica/cap.h>
#include <mica/abi/errno.h>
#include <mica/log.h>
#include <mica/runtime.h>
#include <mica/scheme.h>
#include <mica/serial.h>
#include <mica/sha256.h>

#include "protofuzz.h"

MICA_PROGRAM("protofuzz");

#define MAX_DISKS 4u
#define NAME_MAX 32u
#define LOOKUP_TICKS 100000000ull /* 10 s on QEMU's 10 MHz timebase */
#define CHECK_EVERY 512u

struct pf_stats pf_stats;
uint64_t pf_changed_bytes;
static char first_failure[200];
static bool failed;

int pf_fail(const char *fmt, ...)
{
    if (!failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(first_failure, sizeof first_failure, fmt, ap);
        va_end(ap);
        ipc_log_error("%s", first_failure);
        failed = true;
    }
    return -1;
}

bool pf_failed(void)
{
    return failed;
}

static struct pf_disk disks[MAX_DISKS];
static char disk_names[MAX_DISKS][NAME_MAX + 2];
static unsigned disk_count;
static long serial_door;
static uint64_t want_messages = 20000, want_ring = 5000;

/* "key=value" words; the values are numbers except names=. */
static int parse_args(void)
{
    const char *args = mica_args();
    static char text[MICA_ARGS_MAX];
    snprintf(text, sizeof text, "%s", args ? args : "");
    for (char *word = strtok(text, " "); word; word = strtok(0, " ")) {
        char *value = strchr(word, '=');
        if (!value)
            return pf_fail("argument %s: not key=value", word);
        *value++ = 0;
        if (strcmp(word, "seed") == 0) {
            pf_stats.seed = strtoull(value, 0, 0);
        } else if (strcmp(word, "messages") == 0) {
            want_messages = strtoull(value, 0, 0);
        } else if (strcmp(word, "ring") == 0) {
            want_ring = strtoull(value, 0, 0);
        } else if (strcmp(word, "names") == 0) {
            for (char *name = strtok_r(value, ",", &value); name; name = strtok_r(0, ",", &value)) {
                if (disk_count == MAX_DISKS || strlen(name) > NAME_MAX)
                    return pf_fail("names: at most %u disks of %u characters", MAX_DISKS, NAME_MAX);
                struct pf_disk *d = &disks[disk_count];
                d->read_only = name[0] == '!';
                snprintf(disk_names[disk_count], sizeof disk_names[0], "%s:", name + d->read_only);
                d->scheme = disk_names[disk_count++];
            }
        } else {
            return pf_fail("unknown argument %s", word);
        }
    }
    return 0;
}

/* The door the name service hands out for a scheme ("disk.ram0:" or "serial"). */
static long lookup(const char *scheme)
{
    uint64_t length = strcspn(scheme, ":");
    long slot = ipc_slot_alloc();
    uint64_t start = arch_rdtime();
    long r;
    while ((r = ipc_scheme_lookup(scheme, length, slot)) == -MICA_ENOENT &&
           arch_rdtime() - start < LOOKUP_TICKS)
        mica_sys_thread_yield();
    if (r < 0)
        return pf_fail("names: LOOKUP %.*s: %s", (int)length, scheme, mica_errno_name((int)r));
    return slot;
}

static int setup(void)
{
    if (pf_caps_init() < 0)
        return -1;
    for (unsigned i = 0; i < disk_count; i++) {
        struct pf_disk *d = &disks[i];
        if (pf_disk_prepare(d, pf_stats.seed) < 0 || (d->door = lookup(d->scheme)) < 0)
            return -1;
        ipc_log_info("%s %llu bytes, blocks of %u, max transfer %u%s: %s", d->scheme,
                     (unsigned long long)d->stat.size_bytes, d->stat.block_size,
                     d->stat.max_transfer, d->read_only ? ", read-only" : "",
                     d->read_only ? "contents read" : "pattern written");
    }
    serial_door = lookup(SERIAL_SCHEME);
    return serial_door < 0 ? -1 : 0;
}

/* One step: mostly a message to a disk's server (about one in seven a window
 * request), sometimes to the name service or the serial server, sometimes
 * ring work. */
static int step(void)
{
    bool messages_left = pf_stats.messages < want_messages;
    bool ring_left = pf_stats.ring_entries < want_ring;
    struct pf_disk *d = &disks[pf_below(disk_count)];
    unsigned way = (unsigned)pf_below(64);
    if (ring_left && (!messages_left || way < 3)) {
        if (pf_chance(16))
            return pf_ring_garbage(d);
        return pf_ring_batch(d);
    }
    if (way == 3)
        return pf_setup_round(d);
    if (way < 8)
        return pf_names_message();
    if (way < 12)
        return pf_serial_message(serial_door);
    if (way < 20)
        return pf_blk_window(d);
    return pf_blk_message(d);
}

static void report_digests(void)
{
    for (unsigned i = 0; i < disk_count; i++) {
        uint8_t digest[SHA256_DIGEST_SIZE];
        char hex[SHA256_HEX_SIZE];
        sha256(disks[i].shadow, disks[i].stat.size_bytes, digest);
        sha256_to_hex(digest, hex);
        ipc_log_info("%s sha256 %s", disks[i].scheme, hex);
    }
}

static int finish(void)
{
    for (unsigned i = 0; i < disk_count; i++)
        if (pf_disk_verify(&disks[i]) < 0 || pf_names_still_answer(disks[i].scheme) < 0)
            return -1;
    if (pf_names_still_answer(SERIAL_SCHEME) < 0 || pf_serial_still_answers(serial_door, true) < 0)
        return -1;
    report_digests();
    return 0;
}

int mica_main(uintptr_t arg)
{
    (void)arg;
    if (parse_args() == 0 && disk_count == 0)
        pf_fail("no disks named (names=...)");
    if (!pf_stats.seed)
        pf_stats.seed = (arch_rdtime() * 0x9e3779b97f4a7c15ull >> 16) | 1;
    ipc_log_info("seed %llu: %llu messages, %llu ring entries", (unsigned long long)pf_stats.seed,
                 (unsigned long long)want_messages, (unsigned long long)want_ring);
    pf_rng_seed(pf_stats.seed);
    uint64_t next_report = want_messages / 10, checks = 0;
    if (!failed && setup() == 0) {
        while (!failed && (pf_stats.messages < want_messages || pf_stats.ring_entries < want_ring)) {
            if (step() < 0)
                break;
            if (++checks % CHECK_EVERY == 0) {
                struct pf_disk *d = &disks[pf_below(disk_count)];
                if (pf_session_check(d) < 0 || pf_buffer_verify(d, "between messages") < 0)
                    break;
            }
            if (next_report && pf_stats.messages >= next_report) {
                ipc_log_info("%llu messages, %llu ring entries, %llu acknowledged, %llu refused",
                             (unsigned long long)pf_stats.messages,
                             (unsigned long long)pf_stats.ring_entries,
                             (unsigned long long)pf_stats.acked, (unsigned long long)pf_stats.refused);
                next_report += want_messages / 10;
            }
        }
        if (!failed)
            finish();
    }
    ipc_log_info("%llu acknowledged, %llu refused, %llu sessions reopened",
                 (unsigned long long)pf_stats.acked, (unsigned long long)pf_stats.refused,
                 (unsigned long long)pf_stats.reopened);
    ipc_log_info("%llu window requests, %llu acknowledged", (unsigned long long)pf_stats.windows,
                 (unsigned long long)pf_stats.windows_acked);
    if (failed) {
        ipc_log_result("FAIL %s (%llu messages, %llu ring entries, %llu crashes, %llu changed "
                       "bytes); seed=%llu replays it", first_failure,
                       (unsigned long long)pf_stats.messages,
                       (unsigned long long)pf_stats.ring_entries,
                       (unsigned long long)pf_stats.crashes, (unsigned long long)pf_changed_bytes,
                       (unsigned long long)pf_stats.seed);
        return 1;
    }
    ipc_log_result("PASS %llu messages, %llu ring entries, %u servers, %llu crashes, %llu changed "
                   "bytes", (unsigned long long)pf_stats.messages,
                   (unsigned long long)pf_stats.ring_entries, disk_count + 2,
                   (unsigned long long)pf_stats.crashes, (unsigned long long)pf_changed_bytes);
    return 0;
}
