#!/usr/bin/env python3
"""Guest IPC cost under -icount shift=0 (the TSC counts guest instructions).

Boots MX with ipcbench as the only boot process; ipcbench measures a
SENDREC ping-pong and a client->server->driver chain, each with tracing off
and on, in the same boot.  Prints BENCH lines for tests/bench/run_bench.py.
    bench_kernel_ipc.py BUILD_DIR
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from mxqemu import MX  # noqa: E402

ROUNDS = 200000


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    with MX(build=build, modules=["ipcbench %d exit" % ROUNDS], icount=True) as mx:
        mx.wait_for(r"IPCBENCH DONE", timeout=300, fail=r"MX kernel panic")
        text = mx.console()
    got = {}
    for m in re.finditer(r"IPCBENCH (\w+) trace=(\w+) rounds=\d+ ticks_per_rt=([\d.]+) records_per_rt=([\d.]+)", text):
        got[(m.group(1), m.group(2))] = (float(m.group(3)), float(m.group(4)))
    cmd = "make bench (tests/bench/bench_kernel_ipc.py: ipcbench %d under qemu -icount shift=0)" % ROUNDS
    for test, label in (("pingpong", "SENDREC round trip"), ("chain", "client->server->driver round trip")):
        off, _ = got[(test, "off")]
        on, recs = got[(test, "on")]
        over = (on - off) / off * 100
        target = "< 1500" if test == "pingpong" else "-"
        print("BENCH %s, tracing off | %.0f | guest instructions | %s | %s" % (label, off, target, cmd))
        print("BENCH %s, tracing on | %.0f | guest instructions | - | %s" % (label, on, cmd))
        print("BENCH tracing overhead, %s | %.1f | %% | %s | %s" % (test, over, "< 10" if test == "pingpong" else "-", cmd))
        if test == "pingpong":
            print("BENCH cost per trace record (%.0f records per round trip) | %.1f | guest instructions | - | %s"
                  % (recs, (on - off) / recs, cmd))


if __name__ == "__main__":
    main()
