#!/usr/bin/env python3
"""mxtop's frame cost: CPU time of one frame at 1,000 processes over a run
database of 10 million events (target: under 10 ms).

The database is generated once by build/bench/mxtop_gendb (events and the
writer's aggregates filled consistently, one transaction, prepared
statements) and kept in build/bench/ (mxtop-10M-1000p.db); it is made again
when the generator's source is newer.  build/bench/mxtop_frame then times frames of each view,
and of the IPC view sorted by p99 (which reads every path's histogram: no target).
Prints BENCH lines for tests/bench/run_bench.py.

    bench_mxtop.py [BUILD_DIR] [--events N] [--frames N]
"""
import argparse
import os
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--processes", type=int, default=1000)
    ap.add_argument("--frames", type=int, default=50)
    args = ap.parse_args()
    bench = os.path.join(args.build, "bench")
    gen, frame = os.path.join(bench, "mxtop_gendb"), os.path.join(bench, "mxtop_frame")
    for exe in (gen, frame):
        if not os.access(exe, os.X_OK):
            sys.exit("bench_mxtop: %s is not built (make)" % exe)
    db = os.path.join(bench, "mxtop-%dM-%dp.db" % (args.events // 1_000_000, args.processes))
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mxtop_gendb.c")
    if not os.path.exists(db) or os.path.getmtime(db) < os.path.getmtime(source):
        start = time.time()
        subprocess.run([gen, db + ".tmp", str(args.events), str(args.processes)], check=True)
        os.replace(db + ".tmp", db)
        print("BENCH mxtop benchmark database: %d events, %d processes, aggregates (generated once) | %.1f | s | - | %s %s %d %d"
              % (args.events, args.processes, time.time() - start, gen, db, args.events, args.processes))
    r = subprocess.run([frame, db, str(args.frames), "processes", "ipc", "kcalls", "locks", "ipc:p99"],
                       capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    sys.stderr.write(r.stderr)
    sys.exit(r.returncode)


if __name__ == "__main__":
    main()
