#!/bin/sh
# Benchmarks of the wait-for graph analysis and mxviz (tests/bench/viz_bench.c):
# cycle detection at 10,000 / 100,000 / 1,000,000 nodes, 200-process diagrams.
# Usage: tests/bench/bench_viz.sh BUILD_DIR   (prints BENCH lines for run_bench.py)
set -eu
B=${1:-build}
[ -x "$B/bench/viz_bench" ] && [ -x "$B/bin/mxviz" ] || { echo "bench_viz: build first (make)" >&2; exit 1; }
exec "$B/bench/viz_bench" "$B"
