/* ed25519-check: the verifier on files, for comparing it with OpenSSL.
 *   ed25519-check <raw public key> <raw signature> <message>
 *     exit 0 if the signature verifies, 1 with the reason if not
 *   ed25519-check --sha512 <file>
 *     prints the file's SHA-512 in hex */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/ed25519.h>
#include <mica/sha512.h>

#include "../../../tools/common/file.h"

static void *read_or_die(const char *path, size_t *size)
{
    void *data = tool_read_file(path, size);
    if (!data) {
        fprintf(stderr, "ed25519-check|error: %s: cannot read\n", path);
        exit(2);
    }
    return data;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--sha512") == 0) {
        size_t size;
        uint8_t *data = read_or_die(argv[2], &size), digest[SHA512_DIGEST_SIZE];
        sha512(data, size, digest);
        for (int i = 0; i < SHA512_DIGEST_SIZE; i++)
            printf("%02x", digest[i]);
        printf("\n");
        free(data);
        return 0;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: ed25519-check <public key> <signature> <message> | --sha512 <file>\n");
        return 2;
    }
    size_t key_size, sig_size, msg_size;
    uint8_t *key = read_or_die(argv[1], &key_size), *sig = read_or_die(argv[2], &sig_size);
    uint8_t *msg = read_or_die(argv[3], &msg_size);
    if (key_size != ED25519_PUBLIC_KEY_SIZE || sig_size != ED25519_SIGNATURE_SIZE) {
        fprintf(stderr, "ed25519-check|error: key must be 32 bytes, signature 64\n");
        return 2;
    }
    enum ed25519_result r = ed25519_verify(sig, msg, msg_size, key);
    printf("%s\n", ed25519_result_text(r));
    free(key);
    free(sig);
    free(msg);
    return r == ED25519_OK ? 0 : 1;
}
