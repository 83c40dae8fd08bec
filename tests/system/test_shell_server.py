"""The shell as a program of its own and init's process-control protocol:
hostile clients (malformed requests with the capability, a request without
it, a client that faults) get errors and cost init nothing; the shell,
restarted from its own prompt, comes back with a new pid while init and
the console server carry on."""
import re

from test_shell import run

REFUSED = ("ctlprobe|info: refused: label -38, no words -22, index -22, pid 0 -3, "
           "pid 99999 -3, poweroff 256 -22, empty line -22, short line -22, "
           "control char -22, cap -13")


def test_hostile_clients_and_a_restarted_shell(boot):
    m = boot("--append", "mica.shell=1 init.conf=etc/ctl-hostile.conf")
    m.expect(REFUSED)
    m.expect("ctlprobe|info: past the tables: program -2, device -2, image -2; "
             "a good request 1")
    m.expect("init|info: ctlprobe pid 2 exited with status 0")
    limit = "init|error: ctlprobe: restart limit 1 reached; not restarting"
    if limit not in m.output():  # the faulting client runs beside the first
        m.expect(limit)
    out = m.output()
    assert "ctlprobe|info: without control: EBADF" in out
    assert "init|warn: ctlprobe pid 4 faulted" in out
    run(m, "lssrv", "PID   NAME         STATE     VERSION    MEMORY RESTARTS  SCHEMES")
    m.child.expect(r"5     shell        running   -        +\d+K        0  -\r")
    m.expect("mica> ")
    # The shell stops itself through init and init loads it again.
    run(m, "restart shell", "init|info: stopped shell pid 5", "init|info: started shell pid 7",
        "mica> ")
    run(m, "lssrv")
    m.child.expect(r"1     uart16550    running   1\.0\.0    +\d+K        0  serial:\r")
    m.child.expect(r"7     shell        running   -        +\d+K        1  -\r")
    m.expect("mica> ")
    run(m, "poweroff", "init|info: powering off with status 0")
    assert m.finish() == 0
    assert not re.search(r"init\|error: (?!ctlprobe: restart limit)", m.output())


def test_a_shell_without_control_names_the_missing_grant(boot):
    """etc/shell-no-control.conf starts the shell without `control`: the
    console server runs, so "no console server" would be the wrong reason;
    the shell says its init.conf line needs `control`."""
    m = boot("--append", "mica.shell=1 init.conf=etc/shell-no-control.conf")
    m.expect("init|info: shell pid 2 exited with status 1")
    if "init|info: uart16550 pid 1 ready" not in m.output():  # it may come after
        m.expect("init|info: uart16550 pid 1 ready")
    out = m.output()
    assert ("shell|error: no process-control endpoint: its init.conf line needs `control` "
            "(shell control prio=120 restart=on-fault)") in out, out
    assert "no console server" not in out and "mica> " not in out, out
