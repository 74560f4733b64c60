"""Guest test suites run by tests/harness/run_guest.py (make test-guest).

Each suite boots MX with the given boot modules and kernel command line and
waits for "SUITE <name> DONE".  default=False keeps a suite out of make test.
"""
SUITES = {
    # Kernel: IPC semantics, privileges, ELOCKED, stale endpoints, notify,
    # SENDA, denied kernel calls, bad pointers, grants, the trace ring.
    "kernel": dict(modules=["ktest"], cmdline="", timeout=120, min_tests=20),
}
SUITES["pm"] = dict(modules=["pm", "vm", "testlog", "pmtest"], cmdline="", timeout=60, min_tests=10)
SUITES["port"] = dict(modules=["vm", "ds", "portd", "porttest"], cmdline="", timeout=60, min_tests=10)
# File systems: VFS (worker threads, three-level locks and their tables, the
# deliberate deadlock), the file-system server, pipes, select, exec, the
# memory and tty drivers.  fsuser runs the POSIX part as a user process;
# fstest the system part, relays fsuser's lines and prints the SUITE line.
# "root.img" is the file-system image beside build/os/bin.
SUITES["fs"] = dict(modules=["pm", "vfs debug-deadlock", "vm", "tty", "memory", "fs", "fstest", "fsuser",
                             "root.img"], cmdline="", timeout=90, min_tests=40)
# POSIX: the user-level system through libc, as MINIX's numbered tests do it:
# processes, signals, pipes, files, memory, copy-on-write, faults, garbage
# to every server, stdio, the shell and utilities.  init runs /bin/runtests,
# which runs every /bin/ptest_* and powers the machine off (-x).  The root
# file system image is build/os/root.img (os/tools/mkfs).
SUITES["posix"] = dict(modules=["pm", "vfs", "vm", "tty", "memory", "fs", "init -p runtests -x", "root.img"],
                       cmdline="", timeout=180, min_tests=100)
# RS, DS and IS on the full system: services crashed, killed, hung and restarted.
SUITES["rs"] = dict(modules=["pm", "vfs", "rs", "vm", "ds", "tty", "memory", "fs", "is", "init -p rstest", "root.img"],
                    cmdline="", timeout=120, min_tests=13)
# ptrace(2) and the trace command, on the full system.
SUITES["ptrace"] = dict(modules=["pm", "vfs", "rs", "vm", "ds", "tty", "memory", "fs", "is", "init -p tracetest", "root.img"],
                        cmdline="", timeout=120, min_tests=11)
