/* Looks up key=value words in the kernel command line. */
#include "bootargs.h"
#include "lib/kstring.h"

bool bootargs_get(const char *args, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = args;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        size_t wlen = (size_t)(p - word);
        if (wlen >= klen && strncmp(word, key, klen) == 0 && (wlen == klen || word[klen] == '=')) {
            size_t vlen = wlen > klen ? wlen - klen - 1 : 0;
            if (cap) {
                if (vlen >= cap)
                    vlen = cap - 1;
                memcpy(out, word + klen + (wlen > klen), vlen);
                out[vlen] = 0;
            }
            return true;
        }
    }
    return false;
}
