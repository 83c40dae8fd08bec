/* The client side of the direct-run bench program (tests/bench/vblkdirect):
 * find it by name and ask it for a run. Linked by blkbench and by the
 * schemetest client that checks the program's answers. */
#ifndef BENCH_DIRECT_CALL_H
#define BENCH_DIRECT_CALL_H
#include <mica/blk_direct.h>

/* Looks the bench program up under `name` (a scheme name such as
 * "direct.vblk1", no colon) and puts its endpoint in a fresh slot: the slot,
 * or a negative MICA_E* code (-MICA_ENOENT: nobody registered the name). */
long direct_lookup(const char *name);
/* Asks the program behind `ep` to run `mix` on its disk: 0 and *out, or a
 * negative MICA_E* code (then *out is untouched). Its checks are
 * decode_blk_direct_mix's; the program answers nobody else meanwhile. */
int direct_call(long ep, const struct blk_direct_mix *mix, struct blk_direct_result *out);
/* Empties and frees the slot direct_lookup filled. */
void direct_forget(long ep);

#endif
