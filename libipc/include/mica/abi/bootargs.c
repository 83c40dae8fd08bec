/* Finds key=value words in the kernel command line (bootargs.h). Byte
 * loops only: the kernel and user space compile this one file. */
#include "mica/abi/bootargs.h"

const char *bootargs_next_word(const char **cursor, size_t *length)
{
    const char *p = *cursor;
    while (*p == ' ')
        p++;
    const char *word = p;
    while (*p && *p != ' ')
        p++;
    *cursor = p;
    *length = (size_t)(p - word);
    return *length ? word : NULL;
}

const char *bootargs_find(const char *args, const char *key, size_t *length)
{
    size_t key_len = 0;
    while (key[key_len])
        key_len++;
    const char *p = args, *word;
    size_t word_len;
    while ((word = bootargs_next_word(&p, &word_len))) {
        size_t i = 0;
        while (i < key_len && i < word_len && word[i] == key[i])
            i++;
        if (i == key_len && (word_len == key_len || word[key_len] == '=')) {
            *length = word_len > key_len ? word_len - key_len - 1 : 0;
            return word + key_len + (word_len > key_len);
        }
    }
    return NULL;
}

bool bootargs_get(const char *args, const char *key, char *out, size_t cap)
{
    size_t length;
    const char *value = bootargs_find(args, key, &length);
    if (!value)
        return false;
    if (cap) {
        if (length >= cap)
            length = cap - 1;
        for (size_t i = 0; i < length; i++)
            out[i] = value[i];
        out[length] = 0;
    }
    return true;
}
