/* Host tests for blkbench's command line: every subcommand and option of
 * docs/blkbench.md, the range and cross-option errors, splitting, and the
 * steps of a command line, and the command lines of the shipped init
 * configurations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <mica/abi/errno.h>

#include "../blkbench_args.h"
#include "../../../../servers/init/config.h"

#define ETC_DIR "tests/bench/blkbench/etc/"
#define DEMO_CONF "servers/init/etc/init.conf"

static char line_buf[512];

/* Parses a command line given as one string. */
static int parse(const char *text, struct blkbench_opts *o, struct blkbench_arg_error *err)
{
    char *argv[BLKBENCH_MAX_ARGS];
    snprintf(line_buf, sizeof line_buf, "%s", text);
    int argc = blkbench_split(line_buf, argv, BLKBENCH_MAX_ARGS);
    assert_true(argc >= 0);
    *err = (struct blkbench_arg_error){ 0 };
    return blkbench_parse(argc, argv, o, err);
}

static void expect_error(const char *text, const char *why, const char *arg)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    assert_int_equal(parse(text, &o, &err), -MICA_EINVAL);
    assert_string_equal(err.why, why);
    if (arg)
        assert_string_equal(err.arg, arg);
    else
        assert_null(err.arg);
}

static void test_ipc_defaults_and_options(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("ipc", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_IPC);
    assert_int_equal(o.rounds, BLKBENCH_DEFAULT_ROUNDS);
    assert_int_equal(o.warmup, BLKBENCH_DEFAULT_WARMUP);
    assert_null(o.scheme);
    assert_int_equal(parse("ipc --rounds 200 --warmup=0", &o, &err), 0);
    assert_int_equal(o.rounds, 200);
    assert_int_equal(o.warmup, 0);
    assert_int_equal(parse("ipc --rounds 0x10 --rounds 1000000", &o, &err), 0);
    assert_int_equal(o.rounds, BLKBENCH_MAX_ROUNDS);
}

static void test_ipc_errors(void **state)
{
    (void)state;
    expect_error("ipc --rounds 0", "number out of range", "0");
    expect_error("ipc --rounds 1000001", "number out of range", "1000001");
    expect_error("ipc --rounds ten", "not a number", "ten");
    expect_error("ipc --rounds 10x", "not a number", "10x");
    expect_error("ipc --rounds", "option needs a value", "--rounds");
    expect_error("ipc disk.ram0:", "unexpected argument", "disk.ram0:");
    expect_error("ipc --bs 4096", "option not taken by this subcommand", "--bs");
    expect_error("ipc --fast", "unknown option", "--fast");
}

static void test_blk_full_syntax(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("blk disk.vblk0: --path zerocopy --rw randwrite --bs 64K --qd 32 "
                           "--clients 4 --bytes 1M --seed 0x10",
                           &o, &err),
                     0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_BLK);
    assert_string_equal(o.scheme, "disk.vblk0:");
    assert_int_equal(o.path, BLKBENCH_PATH_ZEROCOPY);
    assert_int_equal(o.rw, BLKBENCH_RW_RANDWRITE);
    assert_int_equal(o.bs, 65536);
    assert_int_equal(o.qd, 32);
    assert_int_equal(o.clients, 4);
    assert_int_equal(o.bytes, 1u << 20);
    assert_int_equal(o.ops, 0);
    assert_int_equal(o.seed, 16);

    assert_int_equal(parse("blk --qd=64 disk.ram0:0p1 --ops 5 --path queue --rw read", &o, &err), 0);
    assert_string_equal(o.scheme, "disk.ram0:0p1");
    assert_int_equal(o.qd, BLKBENCH_MAX_QD);
    assert_int_equal(o.ops, 5);
    assert_int_equal(o.path, BLKBENCH_PATH_QUEUE);
}

static void test_blk_defaults(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("blk disk.ram0:", &o, &err), 0);
    assert_int_equal(o.path, BLKBENCH_PATH_MSG);
    assert_int_equal(o.rw, BLKBENCH_RW_READ);
    assert_int_equal(o.bs, BLKBENCH_DEFAULT_BS);
    assert_int_equal(o.qd, 1);
    assert_int_equal(o.clients, 1);
    assert_int_equal(o.ops, BLKBENCH_DEFAULT_OPS);
    assert_int_equal(o.bytes, 0);
    assert_int_equal(o.seed, BLKBENCH_DEFAULT_SEED);
}

static void test_blk_errors(void **state)
{
    (void)state;
    expect_error("blk", "missing <scheme>", "blk");
    expect_error("blk vblk0", "not a scheme (expected name: such as disk.vblk0:)", "vblk0");
    expect_error("blk :", "not a scheme (expected name: such as disk.vblk0:)", ":");
    expect_error("blk disk/x:", "not a scheme (expected name: such as disk.vblk0:)", "disk/x:");
    expect_error("blk a: b:", "more than one scheme", "b:");
    expect_error("blk a: --bs 1000", "block size is not a multiple of 512", "1000");
    expect_error("blk a: --bs 256", "number out of range", "256");
    expect_error("blk a: --bs 2M", "number out of range", "2M");
    expect_error("blk a: --qd 0", "number out of range", "0");
    expect_error("blk a: --qd 65", "number out of range", "65");
    expect_error("blk a: --clients 9", "number out of range", "9");
    expect_error("blk a: --bytes 0", "number out of range", "0");
    expect_error("blk a: --bytes 1T", "not a number", "1T");
    expect_error("blk a: --ops 99999999999999999999", "number out of range", "99999999999999999999");
    expect_error("blk a: --ops 0x4000000000000000K", "number out of range", "0x4000000000000000K");
    expect_error("blk a: --bytes 1M --ops 5", "--bytes and --ops exclude each other", NULL);
    expect_error("blk a: --path dma", "unknown path", "dma");
    expect_error("blk a: --rw append", "unknown access pattern", "append");
    expect_error("blk a: --gen 2", "option not taken by this subcommand", "--gen");
}

static void test_matrix_and_verify(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("matrix disk.vblk0:", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_MATRIX);
    assert_string_equal(o.scheme, "disk.vblk0:");
    expect_error("matrix", "missing <scheme>", "matrix");
    expect_error("matrix a: --bs 4K", "option not taken by this subcommand", "--bs");
    assert_false(o.quick);
    assert_int_equal(parse("matrix disk.ram0: --quick --seed 9", &o, &err), 0);
    assert_true(o.quick);
    assert_int_equal(o.seed, 9);
    expect_error("matrix a: --quick=1", "option takes no value", "--quick=1");
    expect_error("blk a: --quick", "option not taken by this subcommand", "--quick");

    assert_int_equal(parse("verify disk.vblk0: --seed 1", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_VERIFY);
    assert_int_equal(o.verify, BLKBENCH_VERIFY_BOTH);
    assert_int_equal(o.seed, 1);
    assert_int_equal(o.gen, BLKBENCH_DEFAULT_GEN);
    assert_int_equal(parse("verify disk.vblk0: --seed 7 --write --gen 2", &o, &err), 0);
    assert_int_equal(o.verify, BLKBENCH_VERIFY_WRITE);
    assert_int_equal(o.seed, 7);
    assert_int_equal(o.gen, 2);
    assert_int_equal(parse("verify --check disk.vblk0: --seed=0", &o, &err), 0);
    assert_int_equal(o.verify, BLKBENCH_VERIFY_CHECK);
    assert_int_equal(o.seed, 0);
    expect_error("verify a:", "verify needs --seed N", NULL);
    expect_error("verify a: --seed 1 --write --check", "--write and --check exclude each other", NULL);
    expect_error("verify a: --seed 1 --write=1", "option takes no value", "--write=1");
}

static void test_file(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("file boot:/bench/64k.bin --rounds 100 --warmup 10", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_FILE);
    assert_string_equal(o.scheme, "boot:/bench/64k.bin");
    assert_int_equal(o.rounds, 100);
    assert_int_equal(o.warmup, 10);
    expect_error("file", "missing <scheme>", "file");
    expect_error("file boot:/a --seed 1", "option not taken by this subcommand", "--seed");
    expect_error("file /a", "not a scheme (expected name: such as disk.vblk0:)", "/a");
}

static void test_chaos(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("chaos disk.vblk0:", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_CHAOS);
    assert_string_equal(o.scheme, "disk.vblk0:");
    assert_int_equal(o.crashes, BLKBENCH_DEFAULT_CRASHES);
    assert_int_equal(o.seed, BLKBENCH_DEFAULT_SEED);
    assert_int_equal(parse("chaos disk.ram0: --crashes 1000 --seed 5", &o, &err), 0);
    assert_int_equal(o.crashes, 1000);
    assert_int_equal(o.seed, 5);
    expect_error("chaos", "missing <scheme>", "chaos");
    expect_error("chaos a: --crashes 0", "number out of range", "0");
    expect_error("chaos a: --crashes 1001", "number out of range", "1001");
    expect_error("chaos a: --gen 2", "option not taken by this subcommand", "--gen");
    expect_error("verify a: --seed 1 --crashes 3", "option not taken by this subcommand", "--crashes");
    assert_null(o.update);
    assert_int_equal(parse("chaos disk.ram0: --update srv/a.srv,srv/b.srv --crashes 9", &o, &err), 0);
    assert_string_equal(o.update, "srv/a.srv,srv/b.srv");
    assert_int_equal(o.crashes, 9);
    assert_int_equal(parse("chaos disk.ram0: --update srv/a.srv", &o, &err), 0);
    assert_string_equal(o.update, "srv/a.srv");
    expect_error("chaos a: --update srv/a.srv,", "empty image path", "srv/a.srv,");
    expect_error("chaos a: --update ,srv/a.srv", "empty image path", ",srv/a.srv");
    expect_error("chaos a: --update a,b,c,d,e", "more than 4 images", "a,b,c,d,e");
    expect_error("blk a: --update a", "option not taken by this subcommand", "--update");
}

static void test_help_and_subcommands(void **state)
{
    struct blkbench_opts o;
    struct blkbench_arg_error err;
    (void)state;
    assert_int_equal(parse("help", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_HELP);
    assert_int_equal(parse("blk --help", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_HELP);
    assert_int_equal(parse("-h", &o, &err), 0);
    assert_int_equal(o.cmd, BLKBENCH_CMD_HELP);
    expect_error("", "no subcommand", NULL);
    expect_error("bench", "unknown subcommand", "bench");
    expect_error("help me", "unexpected argument", "me");
}

/* Every name a user may type appears in the usage text. */
static void test_usage_names_everything(void **state)
{
    (void)state;
    char all[2048] = "";
    for (const char *const *l = blkbench_usage; *l; l++) {
        strncat(all, *l, sizeof all - strlen(all) - 2);
        strcat(all, "\n");
    }
    for (int i = 0; i < BLKBENCH_CMD_COUNT; i++) {
        char word[32];
        snprintf(word, sizeof word, "blkbench %s", blkbench_cmd_names[i]);
        assert_non_null(strstr(all, word));
    }
    for (int i = 0; i < BLKBENCH_PATH_COUNT; i++)
        assert_non_null(strstr(all, blkbench_path_names[i]));
    for (int i = 0; i < BLKBENCH_RW_COUNT; i++)
        assert_non_null(strstr(all, blkbench_rw_names[i]));
}

static void test_split(void **state)
{
    char *argv[4];
    char a[] = "  ipc\t--rounds   5 \r\n";
    (void)state;
    assert_int_equal(blkbench_split(a, argv, 4), 3);
    assert_string_equal(argv[0], "ipc");
    assert_string_equal(argv[1], "--rounds");
    assert_string_equal(argv[2], "5");
    char b[] = "   ";
    assert_int_equal(blkbench_split(b, argv, 4), 0);
    char c[] = "a b c d e";
    assert_int_equal(blkbench_split(c, argv, 4), -MICA_E2BIG);
}

static void test_steps(void **state)
{
    char *steps[3];
    char a[] = "verify d: --seed 1 --write; verify d: --seed 1 --check;ipc";
    (void)state;
    assert_int_equal(blkbench_steps(a, steps, 3), 3);
    assert_string_equal(steps[0], "verify d: --seed 1 --write");
    assert_string_equal(steps[1], " verify d: --seed 1 --check");
    assert_string_equal(steps[2], "ipc");
    char b[] = "ipc";
    assert_int_equal(blkbench_steps(b, steps, 3), 1);
    assert_string_equal(steps[0], "ipc");
    char c[] = "a;;b";
    assert_int_equal(blkbench_steps(c, steps, 3), 3);
    assert_string_equal(steps[1], "");
    char d[] = "a;b;c;d";
    assert_int_equal(blkbench_steps(d, steps, 3), -MICA_E2BIG);
}

static char *read_text(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[8192];
    *size = fread(buf, 1, sizeof buf - 1, f);
    buf[*size] = '\0';
    fclose(f);
    return buf;
}

/* Every blkbench line of the shipped init configurations (init's own
 * parser reads them) has a command line whose every step parses. */
static void test_shipped_configs_parse(void **state)
{
    (void)state;
    const char *confs[] = {
        ETC_DIR "bench.conf",         ETC_DIR "bench-vblk.conf",        ETC_DIR "blkbench-ipc-quick.conf",
        ETC_DIR "blkverify-vblk.conf", ETC_DIR "blkverify-ram.conf",     ETC_DIR "blkverify-write.conf",
        ETC_DIR "blkverify-check.conf", DEMO_CONF,
        ETC_DIR "blkbench-blk-msg.conf", ETC_DIR "blkbench-blk-zerocopy.conf",
        ETC_DIR "blkbench-blk-queue.conf", ETC_DIR "blkbench-blk-refused.conf",
        ETC_DIR "blkbench-blk-noscheme.conf", ETC_DIR "blkbench-blk-vblk.conf",
        ETC_DIR "blkbench-matrix-quick.conf", ETC_DIR "blkbench-blk-vblk-queue.conf",
        ETC_DIR "blkbench-blk-vblk-zerocopy.conf", ETC_DIR "blkbench-blk-vblk-ioerror.conf",
    };
    for (size_t i = 0; i < sizeof confs / sizeof confs[0]; i++) {
        size_t size;
        const char *text = read_text(confs[i], &size);
        struct config_cursor c;
        struct config_entry e;
        const char *why = "";
        unsigned blkbench_lines = 0;
        config_begin(&c, text, size);
        int r;
        while ((r = config_next(&c, &e, &why)) > 0) {
            if (strcmp(e.program, "blkbench") != 0)
                continue;
            blkbench_lines++;
            assert_true(e.has_args);
            char *steps[BLKBENCH_MAX_STEPS];
            int count = blkbench_steps(e.args, steps, BLKBENCH_MAX_STEPS);
            assert_true(count > 0);
            for (int s = 0; s < count; s++) {
                struct blkbench_opts o;
                struct blkbench_arg_error err;
                if (parse(steps[s], &o, &err) != 0)
                    fail_msg("%s: step '%s': %s", confs[i], steps[s], err.why);
            }
        }
        assert_int_equal(r, 0);
        assert_true(blkbench_lines > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipc_defaults_and_options),
        cmocka_unit_test(test_ipc_errors),
        cmocka_unit_test(test_blk_full_syntax),
        cmocka_unit_test(test_blk_defaults),
        cmocka_unit_test(test_blk_errors),
        cmocka_unit_test(test_matrix_and_verify),
        cmocka_unit_test(test_chaos),
        cmocka_unit_test(test_help_and_subcommands),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_usage_names_everything),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_shipped_configs_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
