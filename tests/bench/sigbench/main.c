/* sigbench: what init's signature check costs per image. It checks
 * bench/sign-64k.img (64 KiB of random bytes the build signed like every
 * image) as init checks a server image (the trailer, its key against
 * etc/keys/build.pub, the Ed25519 signature), ROUNDS times, and prints
 * "BENCH name=sign.verify.64k" with the counter blkbench times with (unit
 * instr under QEMU -icount shift=0). Like init, it prepares the key once
 * before (servers/init/trust.c: when the key file is read); what that
 * costs is printed on its own line, and so is the SHA-512 block function
 * it chose, as init does, from the kernel's ISA extensions. A copy with one payload byte changed
 * must be refused, or the run fails: a check that accepts anything would
 * be cheap. */
#include <stdint.h>
#include <string.h>

#include <mica/abi/bootinfo.h>
#include <mica/bench_stats.h>
#include <mica/cap.h>
#include <mica/log.h>
#include <mica/proc_spawn.h>
#include <mica/runtime.h>

#include <mica/image_signature.h>
#include <mica/sha512.h>

#include "../blkbench/counter.h"

MICA_PROGRAM("sigbench");

#define IMAGE_PATH "bench/sign-64k.img"
#define KEY_PATH "etc/keys/build.pub"
#define ROUNDS 5
#define IMAGE_MAX (64 * 1024 + 128)

static uint8_t tampered[IMAGE_MAX];

static struct ed25519_prepared_key prepared;

/* init's check (servers/init/trust.c) less its messages: a well-formed
 * trailer, the trusted key, a signature that verifies. */
static enum ed25519_result check(const uint8_t *image, size_t size,
                                 const struct ed25519_prepared_key *key, size_t *payload)
{
    struct image_signature sig;
    if (image_signature_find(image, size, &sig) < 0 ||
        memcmp(sig.public_key, key->public_key, ED25519_PUBLIC_KEY_SIZE) != 0)
        return ED25519_BAD_PUBLIC_KEY;
    *payload = sig.payload_size;
    return ed25519_verify_prepared(sig.signature, image, sig.payload_size, key);
}

int mica_main(uintptr_t arg)
{
    (void)arg;
    struct mica_sysret2 initrd = ipc_frame_info(MICA_SLOT_INITRD_FRAME);
    const uint8_t *image, *key;
    size_t image_size, key_size;
    if (initrd.value < 0 || initrd_find((uint64_t)initrd.value, IMAGE_PATH, &image, &image_size) < 0 ||
        initrd_find((uint64_t)initrd.value, KEY_PATH, &key, &key_size) < 0) {
        ipc_log_result("FAIL no " IMAGE_PATH " or " KEY_PATH " in the initrd (granted `initrd`?)");
        return 1;
    }
    if (image_size > IMAGE_MAX || key_size != ED25519_PUBLIC_KEY_SIZE) {
        ipc_log_result("FAIL " IMAGE_PATH " is %zu bytes, " KEY_PATH " %zu", image_size, key_size);
        return 1;
    }
    const char *unit = counter_unit();
    sha512_use_isa_extensions(ipc_isa_extensions());
    ipc_log_info("SHA-512 block function: %s", sha512_block_variant());
    uint64_t prepare_start = arch_rdcycle();
    enum ed25519_result prepare = ed25519_prepare_key(&prepared, key);
    uint64_t prepare_end = arch_rdcycle();
    if (prepare != ED25519_OK) {
        ipc_log_result("FAIL " KEY_PATH ": %s", ed25519_result_text(prepare));
        return 1;
    }
    ipc_log_info("key " KEY_PATH " prepared once in %llu %s", (unsigned long long)(prepare_end - prepare_start),
                 unit);
    uint64_t storage[ROUNDS];
    struct bench_samples samples;
    bench_samples_init(&samples, storage, ROUNDS);
    size_t payload = 0;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t start = arch_rdcycle();
        enum ed25519_result r = check(image, image_size, &prepared, &payload);
        uint64_t end = arch_rdcycle();
        if (r != ED25519_OK) {
            ipc_log_result("FAIL " IMAGE_PATH ": %s", ed25519_result_text(r));
            return 1;
        }
        bench_add(&samples, end - start);
    }
    memcpy(tampered, image, image_size);
    tampered[payload / 2] ^= 1;
    enum ed25519_result refused = check(tampered, image_size, &prepared, &payload);
    if (refused == ED25519_OK) {
        ipc_log_result("FAIL a tampered copy of " IMAGE_PATH " was accepted");
        return 1;
    }
    struct bench_summary summary;
    bench_summarize(&samples, &summary);
    char line[200];
    bench_format_line(line, sizeof line, "sign.verify.64k", unit, &summary, 0);
    ipc_log_info("%s", line);
    ipc_log_result("PASS %zu-byte payload verified %d times, tampered copy refused (%s)", payload,
                   ROUNDS, ed25519_result_text(refused));
    return 0;
}
