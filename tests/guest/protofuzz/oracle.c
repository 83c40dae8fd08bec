/* The fuzzer's oracle: docs/block-protocol.md's validation table, written
 * again from the document (not from the servers' code) so that a request a
 * server acknowledges but the protocol refuses is caught. Only refusals are
 * judged; a request this lets through may still fail for other reasons. */
#include <mica/blk_protocol.h>

#include "protofuzz.h"

bool pf_must_refuse(const struct pf_disk *d, const struct pf_request *r)
{
    uint64_t block = d->stat.block_size, size = d->stat.size_bytes;
    uint64_t max = r->window_path    ? d->window_max
                   : r->message_path ? BLK_MSG_DATA_MAX
                                     : d->stat.max_transfer;
    if (r->op > BLK_OP_FLUSH)
        return true; /* check 1 */
    if ((r->flags & ~(unsigned)BLK_SUBMIT_KNOWN_FLAGS) || r->reserved)
        return true; /* check 2 */
    if (r->op != BLK_OP_READ && (!r->writable_handle || d->read_only))
        return true; /* checks 3 and 4 */
    if (r->op == BLK_OP_FLUSH)
        return r->offset || r->length || r->buffer_offset; /* check 5 */
    if (r->length == 0 || r->length % block || r->offset % block || r->length > max)
        return true; /* checks 6, 7, 8 */
    if (r->offset >= size || r->length > size - r->offset)
        return true; /* check 9 */
    if (r->uses_buffer &&
        (r->buffer_offset > PF_BUFFER_BYTES || r->length > PF_BUFFER_BYTES - r->buffer_offset))
        return true; /* check 10 */
    return false;
}
