"""Kernel core in QEMU: ksmoke (the kernel's own smoke test) builds a second
address space and thread through syscalls, runs IPC round trips and checks
error paths; its result line and exit status decide."""


def test_ksmoke_ipc_and_error_paths(boot):
    m = boot("--icount", "--append", "mica.init=ksmoke")
    m.expect("kernel|info: starting ksmoke")
    m.expect("ksmoke|info: build server address space and thread ok")
    m.expect("ksmoke|info: call/reply_recv round trips carry the message ok")
    m.expect("BENCH name=ipc.call_rt unit=instr n=10000 min=")
    m.expect("ksmoke|info: revoke removes derived caps ok")
    m.expect("ksmoke|info: the interrupt arrives as a notification ok")
    m.expect("ksmoke|info: deleting the handler frees the line ok")
    m.expect("ksmoke|info: deleting the chain frees all of it ok")
    m.expect("ksmoke|info: revoking the quota frees everything it paid for ok")
    m.expect("ksmoke|info: a deleted child quota returns its bytes ok")
    m.expect("ksmoke|info: a pending signal ends a receive ok")
    m.expect("ksmoke|info: a signal wakes a blocked receive ok")
    m.expect("ksmoke|result: PASS")
    assert m.finish() == 0
