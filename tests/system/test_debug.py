"""`make debug`: QEMU waits for gdb, and build/gdbinit attaches, loads the
kernel's symbols and stops at kmain in the upper half."""
import os
import subprocess

from conftest import BUILD, ROOT


def test_gdb_stops_at_kmain(boot):
    gdbinit = os.path.join(BUILD, "gdbinit")
    subprocess.run(["make", "-s", "-C", ROOT, "BUILD=" + BUILD, gdbinit], check=True)
    m = boot("--gdb")
    try:
        out = subprocess.run(["gdb-multiarch", "-nx", "-batch", "-x", gdbinit,
                              "-ex", "continue", "-ex", "info symbol $pc", "-ex", "kill"],
                             capture_output=True, text=True, timeout=60).stdout
    finally:
        m.kill()
    assert "kmain in section .text" in out, out
