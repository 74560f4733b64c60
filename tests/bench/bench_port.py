#!/usr/bin/env python3
"""Port IPC transaction cost under -icount shift=0: ipc_trans round trips
to a server, with the request and reply copied through grants (IPC_COPY)
and with both in a shared segment (IPC_SHARED).  Prints BENCH lines.
    bench_port.py BUILD_DIR
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from mxqemu import MX  # noqa: E402

ROUNDS = 20000


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    with MX(build=build, modules=["vm", "ds", "portd", "porttest bench %d" % ROUNDS], icount=True) as mx:
        mx.wait_for(r"PORTBENCH DONE", timeout=300, fail=r"MX kernel panic|PORTBENCH failed")
        text = mx.console()
    got = dict(re.findall(r"PORTBENCH (\w+) ticks_per_trans=(\d+)", text))
    cmd = "make bench (tests/bench/bench_port.py: porttest bench %d under qemu -icount shift=0)" % ROUNDS
    print("BENCH port trans round trip, IPC_COPY (3+1 buffers) | %s | guest instructions | - | %s" % (got["copy"], cmd))
    print("BENCH port trans round trip, IPC_SHARED (1+1 buffers) | %s | guest instructions | - | %s" % (got["shared"], cmd))


if __name__ == "__main__":
    main()
