/* Runs build/tools/blkverify on temporary image files: write, PASS, a flipped
 * byte found at the right LBA and offset, and each kind of bad argument. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <mica/blkpattern.h>

struct fixture {
    char image[64];
    char errors[80];
    char tool[512];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *build = getenv("MICA_BUILD");

    if (f == NULL)
        return -1;
    snprintf(f->tool, sizeof(f->tool), "%s/tools/blkverify", build ? build : "build");
    strcpy(f->image, "/tmp/mica-blkverify-XXXXXX");
    int fd = mkstemp(f->image);
    if (fd < 0)
        return -1;
    close(fd);
    snprintf(f->errors, sizeof(f->errors), "%s.stderr", f->image);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    unlink(f->image);
    unlink(f->errors);
    free(f);
    return 0;
}

/* Runs the tool with args (IMAGE is replaced by the temp file); stdout goes to
 * out, stderr to f->errors. Returns the exit status. */
static int run_tool(struct fixture *f, const char *args, char *out, size_t out_size)
{
    char command[2048], expanded[1024];
    const char *marker = strstr(args, "IMAGE");

    if (marker != NULL)
        snprintf(expanded, sizeof(expanded), "%.*s%s%s", (int)(marker - args), args, f->image,
                 marker + 5);
    else
        snprintf(expanded, sizeof(expanded), "%s", args);
    snprintf(command, sizeof(command), "%s %s 2>%s", f->tool, expanded, f->errors);

    FILE *pipe = popen(command, "r");
    assert_non_null(pipe);
    size_t n = fread(out, 1, out_size - 1, pipe);
    out[n] = '\0';
    int status = pclose(pipe);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void read_errors(struct fixture *f, char *buf, size_t size)
{
    FILE *file = fopen(f->errors, "r");
    assert_non_null(file);
    size_t n = fread(buf, 1, size - 1, file);
    buf[n] = '\0';
    fclose(file);
}

static void patch_image(struct fixture *f, long offset, uint8_t xor_mask)
{
    FILE *file = fopen(f->image, "r+b");
    assert_non_null(file);
    assert_int_equal(fseek(file, offset, SEEK_SET), 0);
    int byte = fgetc(file);
    assert_true(byte != EOF);
    assert_int_equal(fseek(file, offset, SEEK_SET), 0);
    fputc(byte ^ xor_mask, file);
    fclose(file);
}

static void test_write_then_check_passes(void **state)
{
    struct fixture *f = *state;
    char out[4096];

    assert_int_equal(run_tool(f, "IMAGE --seed 5 --write --sectors 64", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "blkverify|result: PASS 64 sectors"));
    assert_int_equal(run_tool(f, "IMAGE --seed 5", out, sizeof(out)), 0);
    assert_string_equal(out, "blkverify|result: PASS 64 sectors\n");
    assert_int_equal(run_tool(f, "IMAGE --seed=0x5 --gen=1 --sectors 10", out, sizeof(out)), 0);
    assert_string_equal(out, "blkverify|result: PASS 10 sectors\n");

    /* What the tool wrote is what the library (and so blkbench) writes. */
    static uint8_t image[64 * 512], expected[64 * 512];
    FILE *file = fopen(f->image, "rb");
    assert_non_null(file);
    assert_int_equal(fread(image, 1, sizeof(image) + 1, file), sizeof(image));
    fclose(file);
    blkpattern_fill(expected, 64, 0, 5, BLKPATTERN_DEFAULT_GENERATION);
    assert_memory_equal(image, expected, sizeof(image));
}

static void test_flipped_byte_fails_at_its_lba(void **state)
{
    struct fixture *f = *state;
    char out[4096];

    assert_int_equal(run_tool(f, "IMAGE --seed 5 --gen 3 --write --sectors 64", out, sizeof(out)), 0);

    patch_image(f, 37 * 512 + 100, 0x01);
    assert_int_equal(run_tool(f, "IMAGE --seed 5 --gen 3", out, sizeof(out)), 1);
    assert_string_equal(out, "blkverify|error: lba 37 offset 100: data mismatch\n"
                             "blkverify|result: FAIL 1 of 64 sectors bad, first at lba 37\n");

    patch_image(f, 12 * 512 + 8, 0x80);
    assert_int_equal(run_tool(f, "IMAGE --seed 5 --gen 3", out, sizeof(out)), 1);
    assert_string_equal(out, "blkverify|error: lba 12 offset 8: wrong lba\n"
                             "blkverify|error: lba 37 offset 100: data mismatch\n"
                             "blkverify|result: FAIL 2 of 64 sectors bad, first at lba 12\n");

    /* The intact sectors still pass when only they are checked. */
    assert_int_equal(run_tool(f, "IMAGE --seed 5 --gen 3 --sectors 12", out, sizeof(out)), 0);

    assert_int_equal(run_tool(f, "IMAGE --seed 6 --gen 3 --sectors 1", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "blkverify|error: lba 0 offset 16: wrong seed\n"));
    assert_int_equal(run_tool(f, "IMAGE --seed 5 --sectors 1", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "blkverify|error: lba 0 offset 24: wrong generation\n"));

    patch_image(f, 3, 0xff);
    assert_int_equal(run_tool(f, "IMAGE --seed 5 --gen 3 --sectors 1", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "blkverify|error: lba 0 offset 3: bad magic\n"));
}

static void test_unusable_images(void **state)
{
    struct fixture *f = *state;
    char out[4096];

    /* The empty temp file, then one that is not whole sectors, then none. */
    assert_int_equal(run_tool(f, "IMAGE --seed 1", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "blkverify|error: "));
    assert_int_equal(run_tool(f, "IMAGE --seed 1 --write --sectors 2", out, sizeof(out)), 0);
    assert_int_equal(run_tool(f, "IMAGE --seed 1 --sectors 3", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "has 2 sectors, 3 asked for"));
    assert_int_equal(truncate(f->image, 1000), 0);
    assert_int_equal(run_tool(f, "IMAGE --seed 1", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "is not a multiple of 512"));
    assert_int_equal(run_tool(f, "/nonexistent/mica.img --seed 1", out, sizeof(out)), 1);
    assert_non_null(strstr(out, "blkverify|error: /nonexistent/mica.img: open: "));
}

static void test_bad_arguments_give_usage(void **state)
{
    struct fixture *f = *state;
    char out[4096], errors[4096];
    static const char *const bad[] = {
        "",
        "IMAGE",
        "--seed 1",
        "IMAGE --seed",
        "IMAGE --seed x12",
        "IMAGE --seed -1",
        "IMAGE --seed 1 --sectors 0",
        "IMAGE --seed 1 --gen",
        "IMAGE --seed 1 --frobnicate",
        "IMAGE IMAGE --seed 1",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(run_tool(f, bad[i], out, sizeof(out)), 2);
        assert_string_equal(out, "");
        read_errors(f, errors, sizeof(errors));
        assert_non_null(strstr(errors, "usage: blkverify <image> --seed N"));
    }

    assert_int_equal(run_tool(f, "--help", out, sizeof(out)), 0);
    assert_non_null(strstr(out, "usage: blkverify <image> --seed N [--gen N] [--write] [--sectors N]"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_then_check_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flipped_byte_fails_at_its_lba, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unusable_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments_give_usage, setup, teardown),
    };

    return cmocka_run_group_tests_name("blkverify", tests, NULL, NULL);
}
