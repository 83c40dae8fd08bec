/* sigbench: what init's signature check costs per image. It checks
 * bench/sign-64k.img (64 KiB of random bytes the build signed like every
 * image) the way init checks a server image (trailer, trusted key, Ed25519
 * signature) against etc/keys/build.pub, ROUNDS times, and prints
 * "BENCH name=sign.verify.64k" with the counter blkbench times with (unit
 * instr under QEMU -icount shift=0). A copy with one payload byte changed
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

#include "../blkbench/counter.h"
#include "../../../servers/init/trust.h"

MICA_PROGRAM("sigbench");

#define IMAGE_PATH "bench/sign-64k.img"
#define KEY_PATH TRUST_KEYS_DIR "build.pub"
#define ROUNDS 5
#define IMAGE_MAX (64 * 1024 + 128)

static uint8_t tampered[IMAGE_MAX];

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
    static struct trust_store store;
    const char *why_key;
    if (image_size > IMAGE_MAX || trust_add_key(&store, key, key_size, &why_key) < 0) {
        ipc_log_result("FAIL " IMAGE_PATH " is %zu bytes or " KEY_PATH " is unusable", image_size);
        return 1;
    }
    const char *unit = counter_unit();
    uint64_t storage[ROUNDS];
    struct bench_samples samples;
    bench_samples_init(&samples, storage, ROUNDS);
    char why[120];
    size_t payload = 0;
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t start = arch_rdcycle();
        int r = trust_check_image(&store, image, image_size, &payload, why, sizeof why);
        uint64_t end = arch_rdcycle();
        if (r < 0) {
            ipc_log_result("FAIL " IMAGE_PATH ": %s", why);
            return 1;
        }
        bench_add(&samples, end - start);
    }
    memcpy(tampered, image, image_size);
    tampered[payload / 2] ^= 1;
    if (trust_check_image(&store, tampered, image_size, &payload, why, sizeof why) == 0) {
        ipc_log_result("FAIL a tampered copy of " IMAGE_PATH " was accepted");
        return 1;
    }
    struct bench_summary summary;
    bench_summarize(&samples, &summary);
    char line[200];
    bench_format_line(line, sizeof line, "sign.verify.64k", unit, &summary, 0);
    ipc_log_info("%s", line);
    ipc_log_result("PASS %zu-byte payload verified %d times, tampered copy refused (%s)", payload,
                   ROUNDS, why);
    return 0;
}
