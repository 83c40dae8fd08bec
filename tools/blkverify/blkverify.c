/* blkverify: checks (or with --write, fills) a disk image file with the block
 * verify pattern, so a host can judge what blkbench wrote in the guest, and
 * prepare images for blkbench to check. Format: docs/blkbench.md. */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mica/blkpattern.h>

#define EXIT_MISMATCH 1
#define EXIT_USAGE 2
/* Enough lines to see the shape of the damage without flooding the log. */
#define MAX_REPORTED_SECTORS 16
#define SECTORS_PER_CHUNK 2048

struct options {
    const char *image;
    uint64_t seed;
    uint64_t generation;
    uint64_t sectors; /* 0: the whole image */
    bool seed_given;
    bool write;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: blkverify <image> --seed N [--gen N] [--write] [--sectors N]\n"
            "  Checks every 512-byte sector of <image> against the Mica block verify\n"
            "  pattern (docs/blkbench.md), or fills it with --write.\n"
            "  --seed N      pattern seed (required)\n"
            "  --gen N       generation (default %u)\n"
            "  --write       write the pattern instead of checking it\n"
            "  --sectors N   only the first N sectors (with --write, extends the file)\n"
            "  --help        this text\n"
            "Numbers may be decimal or 0x-prefixed hex. Exit status: 0 PASS,\n"
            "1 mismatch or I/O error, 2 bad arguments.\n",
            BLKPATTERN_DEFAULT_GENERATION);
}

static bool parse_u64(const char *text, uint64_t *value)
{
    char *end;

    if (text == NULL || *text == '\0' || *text == '-')
        return false;
    errno = 0;
    unsigned long long parsed = strtoull(text, &end, 0);
    if (errno != 0 || *end != '\0')
        return false;
    *value = parsed;
    return true;
}

struct numeric_option {
    const char *name;
    uint64_t *value;
    bool *given; /* may be NULL */
    bool positive;
};

/* Matches "--name value" or "--name=value" at argv[*i]. Returns 1 if parsed,
 * 0 if argv[*i] is not this option, -1 if its value is missing or bad. */
static int parse_numeric_option(const struct numeric_option *opt, int argc, char **argv, int *i)
{
    size_t len = strlen(opt->name);
    const char *arg = argv[*i];
    const char *text = NULL;

    if (strncmp(arg, opt->name, len) != 0 || (arg[len] != '\0' && arg[len] != '='))
        return 0;
    if (arg[len] == '=')
        text = arg + len + 1;
    else if (*i + 1 < argc)
        text = argv[++*i];
    if (!parse_u64(text, opt->value) || (opt->positive && *opt->value == 0)) {
        fprintf(stderr, "blkverify|error: %s needs a number%s\n", opt->name,
                opt->positive ? " above 0" : "");
        return -1;
    }
    if (opt->given != NULL)
        *opt->given = true;
    return 1;
}

/* Returns -1 to go on, or an exit status (help, bad arguments). */
static int parse_arguments(int argc, char **argv, struct options *opts)
{
    const struct numeric_option numeric[] = {
        { "--seed", &opts->seed, &opts->seed_given, false },
        { "--gen", &opts->generation, NULL, false },
        { "--sectors", &opts->sectors, NULL, true },
    };

    opts->generation = BLKPATTERN_DEFAULT_GENERATION;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int matched = 0;

        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return EXIT_SUCCESS;
        }
        if (strcmp(arg, "--write") == 0) {
            opts->write = true;
            continue;
        }
        for (size_t k = 0; k < sizeof(numeric) / sizeof(numeric[0]) && matched == 0; k++)
            matched = parse_numeric_option(&numeric[k], argc, argv, &i);
        if (matched < 0) {
            usage(stderr);
            return EXIT_USAGE;
        }
        if (matched > 0)
            continue;
        if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "blkverify|error: unknown option %s\n", arg);
            usage(stderr);
            return EXIT_USAGE;
        }
        if (opts->image != NULL) {
            fprintf(stderr, "blkverify|error: more than one image given (%s)\n", arg);
            usage(stderr);
            return EXIT_USAGE;
        }
        opts->image = arg;
    }

    if (opts->image == NULL || !opts->seed_given) {
        fprintf(stderr, "blkverify|error: %s\n",
                opts->image == NULL ? "no image given" : "--seed is required");
        usage(stderr);
        return EXIT_USAGE;
    }
    return -1;
}

static int io_error(const struct options *opts, const char *what)
{
    printf("blkverify|error: %s: %s: %s\n", opts->image, what, strerror(errno));
    return EXIT_MISMATCH;
}

/* Sectors to visit: --sectors, or the whole image (which must then be made
 * of whole sectors). Returns an exit status on error, -1 otherwise. */
static int count_sectors(int fd, const struct options *opts, uint64_t *sectors)
{
    struct stat st;

    if (fstat(fd, &st) != 0)
        return io_error(opts, "stat");
    uint64_t image_sectors = (uint64_t)st.st_size / BLKPATTERN_SECTOR_SIZE;

    if (opts->sectors != 0) {
        if (!opts->write && opts->sectors > image_sectors) {
            printf("blkverify|error: %s: has %" PRIu64 " sectors, %" PRIu64 " asked for\n",
                   opts->image, image_sectors, opts->sectors);
            return EXIT_MISMATCH;
        }
        *sectors = opts->sectors;
        return -1;
    }
    if ((uint64_t)st.st_size % BLKPATTERN_SECTOR_SIZE != 0) {
        printf("blkverify|error: %s: size %" PRIu64 " is not a multiple of %u (use --sectors)\n",
               opts->image, (uint64_t)st.st_size, BLKPATTERN_SECTOR_SIZE);
        return EXIT_MISMATCH;
    }
    if (image_sectors == 0) {
        printf("blkverify|error: %s: empty image\n", opts->image);
        return EXIT_MISMATCH;
    }
    *sectors = image_sectors;
    return -1;
}

static int write_pattern(int fd, const struct options *opts, uint64_t sectors, uint8_t *chunk)
{
    for (uint64_t lba = 0; lba < sectors; lba += SECTORS_PER_CHUNK) {
        uint64_t n = sectors - lba < SECTORS_PER_CHUNK ? sectors - lba : SECTORS_PER_CHUNK;
        size_t bytes = (size_t)n * BLKPATTERN_SECTOR_SIZE;

        blkpattern_fill(chunk, (size_t)n, lba, opts->seed, opts->generation);
        if (pwrite(fd, chunk, bytes, (off_t)(lba * BLKPATTERN_SECTOR_SIZE)) != (ssize_t)bytes)
            return io_error(opts, "write");
    }
    if (fsync(fd) != 0)
        return io_error(opts, "fsync");
    printf("blkverify|result: PASS %" PRIu64 " sectors written (seed %" PRIu64 " gen %" PRIu64 ")\n",
           sectors, opts->seed, opts->generation);
    return EXIT_SUCCESS;
}

static int check_pattern(int fd, const struct options *opts, uint64_t sectors, uint8_t *chunk)
{
    uint64_t bad_sectors = 0, first_bad_lba = 0;

    for (uint64_t lba = 0; lba < sectors; lba += SECTORS_PER_CHUNK) {
        uint64_t n = sectors - lba < SECTORS_PER_CHUNK ? sectors - lba : SECTORS_PER_CHUNK;
        size_t bytes = (size_t)n * BLKPATTERN_SECTOR_SIZE;
        ssize_t got = pread(fd, chunk, bytes, (off_t)(lba * BLKPATTERN_SECTOR_SIZE));

        if (got < 0)
            return io_error(opts, "read");
        if ((size_t)got != bytes) {
            printf("blkverify|error: %s: short read at lba %" PRIu64 "\n", opts->image, lba);
            return EXIT_MISMATCH;
        }
        /* Every bad sector is counted; the first few are described. */
        for (uint64_t i = 0; i < n; i++) {
            uint32_t offset;
            enum blkpattern_result result = blkpattern_check_sector(
                chunk + i * BLKPATTERN_SECTOR_SIZE, lba + i, opts->seed, opts->generation, &offset);

            if (result == BLKPATTERN_OK)
                continue;
            if (bad_sectors == 0)
                first_bad_lba = lba + i;
            if (bad_sectors < MAX_REPORTED_SECTORS)
                printf("blkverify|error: lba %" PRIu64 " offset %" PRIu32 ": %s\n", lba + i, offset,
                       blkpattern_result_name(result));
            bad_sectors++;
        }
    }

    if (bad_sectors != 0) {
        printf("blkverify|result: FAIL %" PRIu64 " of %" PRIu64 " sectors bad, first at lba %" PRIu64 "\n",
               bad_sectors, sectors, first_bad_lba);
        return EXIT_MISMATCH;
    }
    printf("blkverify|result: PASS %" PRIu64 " sectors\n", sectors);
    return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    struct options opts = { 0 };
    uint64_t sectors = 0;
    int status = parse_arguments(argc, argv, &opts);

    if (status >= 0)
        return status;

    int fd = opts.write && opts.sectors != 0 ? open(opts.image, O_RDWR | O_CREAT, 0644)
                                             : open(opts.image, opts.write ? O_RDWR : O_RDONLY);
    if (fd < 0)
        return io_error(&opts, "open");

    status = count_sectors(fd, &opts, &sectors);
    if (status < 0) {
        uint8_t *chunk = malloc((size_t)SECTORS_PER_CHUNK * BLKPATTERN_SECTOR_SIZE);
        if (chunk == NULL) {
            status = io_error(&opts, "buffer");
        } else {
            status = opts.write ? write_pattern(fd, &opts, sectors, chunk)
                                : check_pattern(fd, &opts, sectors, chunk);
            free(chunk);
        }
    }
    close(fd);
    return status;
}
