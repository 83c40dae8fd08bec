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


def test_mica_server_loads_a_servers_symbols_at_its_link_address():
    """build/gdbinit's mica-server command: the probe server's code at the
    address init links it to (where a fault report's offset points)."""
    gdbinit = os.path.join(BUILD, "gdbinit")
    subprocess.run(["make", "-s", "-C", ROOT, "BUILD=" + BUILD, gdbinit], check=True)
    with open(gdbinit) as f:
        offline = [line for line in f if not line.startswith(("target remote", "break kmain"))]
    script = os.path.join(BUILD, "gdbinit-offline")
    with open(script, "w") as f:
        f.writelines(offline)
    nm = subprocess.run(["riscv64-unknown-elf-nm", os.path.join(BUILD, "srv", "probe.srv")],
                        capture_output=True, text=True, check=True).stdout
    offset = int(next(l.split()[0] for l in nm.splitlines() if l.endswith(" probe_main")), 16)
    out = subprocess.run(["gdb-multiarch", "-nx", "-batch", "-x", script, "-ex", "mica-server probe",
                          "-ex", "info symbol 0x%x" % (0x10000000 + offset),
                          "-ex", "info symbol ipc_log_info"],
                         capture_output=True, text=True, timeout=60).stdout
    assert "probe_main in section .text of " + os.path.join(BUILD, "srv", "probe.srv") in out, out
    assert "ipc_log_info in section .text of " in out and "libipc.elf" in out, out
