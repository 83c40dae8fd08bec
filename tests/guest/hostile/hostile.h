/* hostile: two client processes of one image. The victim opens disk.ram0:
 * and disk.vblk0:, fills a registered buffer and some blocks, and publishes
 * its handle ids; the attacker then tries to act on those handles and to
 * make badges of its own against every server, and the victim checks that
 * nothing of its changed. They meet through blocks of disk.ram0: near its
 * end (below), each side through its own handle. */
#ifndef HOSTILE_H
#define HOSTILE_H
#include <stdbool.h>
#include <stdint.h>

#include <mica/blk_client.h>

#define HOSTILE_ROLE_VICTIM 1u
#define HOSTILE_ROLE_ATTACKER 2u

#define HOSTILE_BLOCK 512u
#define HOSTILE_DATA_BLOCKS 4u  /* the victim's blocks 0..3 of each disk */
#define HOSTILE_DISKS 2u
/* Meeting blocks on disk.ram0: (256 KiB: blocks 0..511). */
#define HOSTILE_READY_BLOCK 500u   /* victim: magic, then its handle ids */
#define HOSTILE_DONE_BLOCK 501u    /* attacker: magic once every attack ran */
#define HOSTILE_VERDICT_BLOCK 502u /* victim: magic, failures found */
#define HOSTILE_READY_MAGIC 0x7265616479ull
#define HOSTILE_DONE_MAGIC 0x646f6e65ull
#define HOSTILE_VERDICT_MAGIC 0x76657264ull
/* 60 s of the 10 MHz timebase for the other side's block to appear. */
#define HOSTILE_WAIT_TICKS (60ull * 10000000ull)

extern const char *const hostile_disks[HOSTILE_DISKS];

/* Block b of disk d: every byte says which, so a foreign write shows. */
void hostile_fill(uint8_t *bytes, unsigned disk, unsigned block);
/* Reads `block` of ram0 through h until word 0 is `magic` or the wait ends;
 * the block's words in out. 0, or -MICA_ETIMEDOUT. */
int hostile_wait_block(struct ipc_blk_handle *h, unsigned block, uint64_t magic,
                       uint64_t out[HOSTILE_BLOCK / 8]);
int hostile_put_block(struct ipc_blk_handle *h, unsigned block, const uint64_t words[HOSTILE_BLOCK / 8]);

/* Each returns the number of failures (0: every check held). */
unsigned hostile_victim(void);
unsigned hostile_attacker(void);

/* The attacker's tally. */
struct hostile_tally {
    unsigned long refused;  /* attacks the system refused, as expected */
    unsigned long checked;  /* other expectations that held */
    unsigned long failures; /* attacks that worked or checks that failed */
};
/* The attacks on one block server, given the victim's handle id there. */
void hostile_attack_disk(struct hostile_tally *t, const char *scheme, uint64_t victim_id);
/* On the serial server's door and init's name service caps. */
void hostile_attack_serial(struct hostile_tally *t);
void hostile_attack_names(struct hostile_tally *t);

#endif
