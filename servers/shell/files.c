/* Files on a file-system scheme (mica/file_client.h): ls lists a
 * directory (or says what a file is), sum prints a file's SHA-256, so the
 * copy on the target can be compared with the one on the host (a directory
 * is refused). */
#include <stdint.h>

#include <mica/abi/errno.h>
#include <mica/file_client.h>
#include <mica/sha256.h>

#include "shell.h"

#define SUM_CHUNK 4096u

static int open_or_say(const char *cmd, const char *path, struct ipc_file *f)
{
    int r = ipc_file_open(f, path);
    if (r < 0)
        shell_printf("%s: %s: %s\n", cmd, path, mica_errno_text(r));
    return r;
}

void cmd_ls(char **argv, unsigned argc)
{
    (void)argc;
    struct ipc_file f;
    if (open_or_say("ls", argv[0], &f) < 0)
        return;
    if (f.kind != FILE_KIND_DIRECTORY) {
        shell_printf("%10llu  %s\n", (unsigned long long)f.size, argv[0]);
        ipc_file_close(&f);
        return;
    }
    static struct ipc_file_entry e;
    uint64_t cookie = 0;
    int r;
    while ((r = ipc_file_readdir(&f, &cookie, &e)) > 0) {
        if (e.kind == FILE_KIND_DIRECTORY)
            shell_printf("%10s  %s/\n", "dir", e.name);
        else
            shell_printf("%10llu  %s\n", (unsigned long long)e.size, e.name);
    }
    if (r < 0)
        shell_printf("ls: %s: %s\n", argv[0], mica_errno_text(r));
    ipc_file_close(&f);
}

void cmd_sum(char **argv, unsigned argc)
{
    (void)argc;
    struct ipc_file f;
    if (open_or_say("sum", argv[0], &f) < 0)
        return;
    /* A directory's size is 0: read as a file it would pass for an empty one. */
    if (f.kind == FILE_KIND_DIRECTORY) {
        shell_printf("sum: %s: %s\n", argv[0], mica_errno_text(-MICA_EISDIR));
        ipc_file_close(&f);
        return;
    }
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    static uint8_t chunk[SUM_CHUNK];
    uint64_t at = 0;
    long n = 0;
    while (at < f.size && (n = ipc_file_read(&f, at, chunk, sizeof chunk)) > 0) {
        sha256_update(&ctx, chunk, (size_t)n);
        at += (uint64_t)n;
    }
    ipc_file_close(&f);
    if (n < 0 || at != f.size) {
        shell_printf("sum: %s: %s\n", argv[0], n < 0 ? mica_errno_text((int)n) : "shorter than its size");
        return;
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    sha256_final(&ctx, digest);
    sha256_to_hex(digest, hex);
    shell_printf("%s  %llu  %s\n", hex, (unsigned long long)f.size, argv[0]);
}
