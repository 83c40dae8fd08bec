/* init.conf parsing: options, defaults, comments, and malformed lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mica/abi/errno.h>

#include "../config.h"

static void reads_entries_with_defaults_and_options(void **state)
{
    (void)state;
    const char text[] = "# comment line\n"
                        "\n"
                        "kfault arg=1 quota=256K   # trailing comment\n"
                        "ktest initrd system poweroff prio=0x20 quota=2M arg=7 hart=3\r\n"
                        "plain";
    struct config_cursor c;
    struct config_entry e;
    const char *why = "";
    config_begin(&c, text, sizeof text - 1);

    assert_int_equal(config_next(&c, &e, &why), 1);
    assert_string_equal(e.program, "kfault");
    assert_int_equal(c.line, 3);
    assert_int_equal(e.arg, 1);
    assert_int_equal(e.quota_bytes, 256 * 1024);
    assert_int_equal(e.priority, CONFIG_DEFAULT_PRIORITY);
    assert_false(e.grant_initrd || e.grant_system || e.poweroff);
    assert_false(e.place_on_hart);

    assert_int_equal(config_next(&c, &e, &why), 1);
    assert_string_equal(e.program, "ktest");
    assert_true(e.grant_initrd && e.grant_system && e.poweroff);
    assert_int_equal(e.priority, 0x20);
    assert_int_equal(e.quota_bytes, 2 * 1024 * 1024);
    assert_int_equal(e.arg, 7);
    assert_true(e.place_on_hart);
    assert_int_equal(e.hart, 3);

    assert_int_equal(config_next(&c, &e, &why), 1);
    assert_string_equal(e.program, "plain");
    assert_int_equal(e.quota_bytes, CONFIG_DEFAULT_QUOTA);
    assert_int_equal(config_next(&c, &e, &why), 0);
}

static void names_the_bad_line(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *why;
    } bad[] = {
        { "ok\nx frobnicate\n", "unknown option: frobnicate" },
        { "ok\nx arg=12z\n", "bad number: arg=12z" },
        { "ok\nx prio=256\n", "priority above 255" },
        { "ok\nx quota=99999999999999999999\n", "bad number: quota=99999999999999999999" },
        { "ok\nx arg=\n", "bad number: arg=" },
        { "ok\nboot:/this/program/name/is/longer/than/the/sixty-three/bytes/allowed.srv\n", "program name too long" },
        { "ok\nx restart=sometimes\n", "restart is never, always or on-fault" },
        { "ok\nx restarts=100001\n", "number too large" },
        { "ok\nx heartbeat=200\n", "heartbeat is <n>ms, 20ms to 600000ms: heartbeat=200" },
        { "ok\nx heartbeat=10ms\n", "heartbeat is <n>ms, 20ms to 600000ms: heartbeat=10ms" },
        { "ok\nx heartbeat=ms\n", "heartbeat is <n>ms, 20ms to 600000ms: heartbeat=ms" },
        { "ok\nx hart=64\n", "hart above 63" },
        { "ok\nx reload=100\n", "unknown option: reload=100" },
        { "ok\nx restarts=x\n", "bad number: restarts=x" },
        { "ok\nx colour=blue\n", "unknown option: colour=blue" },
        /* A command line's quoting; the line is named as for any option. */
        { "ok\nx args=\"verify disk.vblk0:\n", "args: no closing quote" },
        { "ok\nx args=\"a\\\"\n", "args: no closing quote" },
        { "ok\nx args=\"a\\n\"\n", "args: a backslash escapes only \" and \\" },
        { "ok\nx args=\"a\"b\n", "args: text after the closing quote" },
        { "ok\nx args=a\"b\n", "args: a quote inside a bare word" },
        { "ok\nx args=a args=b\n", "args given twice" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct config_cursor c;
        struct config_entry e;
        const char *why = "";
        config_begin(&c, bad[i].text, strlen(bad[i].text));
        assert_int_equal(config_next(&c, &e, &why), 1);
        assert_int_equal(config_next(&c, &e, &why), -MICA_EINVAL);
        assert_int_equal(c.line, 2);
        assert_string_equal(why, bad[i].why);
    }
}

static void restart_policy_and_control(void **state)
{
    (void)state;
    struct config_entry e;
    const char *why = "";
    static const char line[] = "srv/probe.srv restart=on-fault restarts=1000 heartbeat=250ms control";
    assert_int_equal(config_parse_line(line, sizeof line - 1, &e, &why), 1);
    assert_int_equal(e.restart, RESTART_ON_FAULT);
    assert_int_equal(e.restart_limit, 1000);
    assert_int_equal(e.heartbeat_ms, 250);
    assert_true(e.grant_control);
    assert_string_equal(config_restart_name(e.restart), "on-fault");
    assert_int_equal(config_parse_line("x restart=always", 16, &e, &why), 1);
    assert_int_equal(e.restart, RESTART_ALWAYS);
    assert_int_equal(e.restart_limit, CONFIG_DEFAULT_RESTART_LIMIT);
    assert_false(e.grant_control);
    assert_int_equal(config_parse_line("x", 1, &e, &why), 1);
    assert_int_equal(e.restart, RESTART_NEVER);
    assert_int_equal(config_parse_line("  # only a comment", 18, &e, &why), 0);
}

static int parse(const char *line, struct config_entry *e, const char **why)
{
    return config_parse_line(line, strlen(line), e, why);
}

static void reads_command_lines(void **state)
{
    (void)state;
    struct config_entry e;
    const char *why = "";
    assert_int_equal(parse("blkbench initrd args=\"verify  disk.vblk0: --seed 1\" poweroff", &e, &why), 1);
    assert_true(e.has_args && e.grant_initrd && e.poweroff);
    assert_string_equal(e.args, "verify  disk.vblk0: --seed 1");
    /* '#' is text inside the quotes and a comment after them. */
    assert_int_equal(parse("p args=\"a # b\" # comment", &e, &why), 1);
    assert_string_equal(e.args, "a # b");
    assert_int_equal(parse("p args=\"say \\\"hi\\\" \\\\o/\"", &e, &why), 1);
    assert_string_equal(e.args, "say \"hi\" \\o/");
    assert_int_equal(parse("p args=help#comment", &e, &why), 1);
    assert_string_equal(e.args, "help");
    assert_int_equal(parse("p args=\"\"", &e, &why), 1);
    assert_true(e.has_args);
    assert_string_equal(e.args, "");
    assert_int_equal(parse("p arg=3", &e, &why), 1);
    assert_false(e.has_args);
    assert_int_equal(e.arg, 3);

    char longest[CONFIG_ARGS_MAX + 16];
    int n = snprintf(longest, sizeof longest, "p args=\"%0*d\"", (int)CONFIG_ARGS_MAX - 1, 0);
    assert_int_equal(parse(longest, &e, &why), 1);
    assert_int_equal(strlen(e.args), CONFIG_ARGS_MAX - 1);
    /* One byte more does not fit the page. */
    memmove(longest + n - 1, "0\"", 3);
    assert_int_equal(parse(longest, &e, &why), -MICA_EINVAL);
    assert_string_equal(why, "args longer than 511 bytes");
}

static void finds_the_path_in_bootargs(void **state)
{
    (void)state;
    char path[32];
    config_path_from_bootargs("quiet init.conf=etc/stress.conf x=1", path, sizeof path);
    assert_string_equal(path, "etc/stress.conf");
    config_path_from_bootargs("quiet", path, sizeof path);
    assert_string_equal(path, CONFIG_DEFAULT_PATH);
    config_path_from_bootargs("", path, sizeof path);
    assert_string_equal(path, CONFIG_DEFAULT_PATH);
    /* A path that does not fit falls back to the default rather than being cut. */
    config_path_from_bootargs("init.conf=etc/a_very_long_configuration_name.conf", path, 16);
    assert_string_equal(path, "etc/init.conf");
    assert_true(config_bootarg_present("a mica.shell=1 b", "mica.shell=1"));
    assert_true(config_bootarg_present("mica.shell=1", "mica.shell=1"));
    assert_false(config_bootarg_present("mica.shell=10", "mica.shell=1"));
    assert_false(config_bootarg_present("", "mica.shell=1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_entries_with_defaults_and_options),
        cmocka_unit_test(names_the_bad_line),
        cmocka_unit_test(restart_policy_and_control),
        cmocka_unit_test(reads_command_lines),
        cmocka_unit_test(finds_the_path_in_bootargs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
