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
