"""Shared pieces of the QEMU system tests: booting Mica through tools/run-qemu
and waiting for exact log lines under timeouts."""
import io
import os
import sys

import pexpect
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("MICA_BUILD", os.path.join(ROOT, "build"))


class _Tee:
    """Copies QEMU's output to pytest's captured stdout and a transcript."""

    def __init__(self, *outs):
        self.outs = outs

    def write(self, data):
        for o in self.outs:
            o.write(data)

    def flush(self):
        for o in self.outs:
            o.flush()


class Machine:
    """One QEMU run. expect() waits for an exact line fragment; finish()
    waits for power-off and returns QEMU's exit status."""

    def __init__(self, args, timeout):
        # The test initrd: the boot one plus test fixtures and configurations.
        cmd = [os.path.join(ROOT, "tools", "run-qemu"), "--build", BUILD,
               "--initrd", os.path.join(BUILD, "test-initrd.cpio")] + args
        self.log = []
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", timeout=timeout,
                                   codec_errors="replace")
        self.transcript = io.StringIO()
        self.child.logfile_read = _Tee(sys.stdout, self.transcript)

    def expect(self, text, timeout=-1):
        self.child.expect_exact(text, timeout=timeout)

    def finish(self, timeout=-1):
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus

    def output(self):
        """Everything QEMU printed so far, for checks where order does not matter."""
        return self.transcript.getvalue()

    def kill(self):
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def boot():
    machines = []

    def start(*args, timeout=60):
        m = Machine(list(args), timeout)
        machines.append(m)
        return m

    yield start
    for m in machines:
        m.kill()
