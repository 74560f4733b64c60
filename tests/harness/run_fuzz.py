#!/usr/bin/env python3
"""Run every fuzz target (tests/fuzz/<name>.c, built as <build>/fuzz/<name>
with libFuzzer) for the given number of seconds each, from its seed corpus
in tests/fuzz/corpus/<name>/.  A crash fails the run and leaves the input
in <build>/fuzz/crashes/.

    run_fuzz.py [--build DIR] [--seconds N]
"""
import argparse
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--seconds", type=int, default=300)
    args = ap.parse_args()
    targets = sorted(glob.glob(os.path.join(HERE, "..", "fuzz", "*.c")))
    if not targets:
        print("== fuzz: no targets")
        return
    r = subprocess.run(["make", "--no-print-directory", "fuzz-targets"])
    if r.returncode:
        sys.exit("fuzz: building the targets failed")
    crashes = os.path.join(args.build, "fuzz", "crashes")
    os.makedirs(crashes, exist_ok=True)
    failed = []
    for t in targets:
        name = os.path.basename(t)[:-2]
        binary = os.path.join(args.build, "fuzz", name)
        corpus_src = os.path.join(HERE, "..", "fuzz", "corpus", name)
        corpus = os.path.join(args.build, "fuzz", "corpus", name)
        os.makedirs(corpus, exist_ok=True)
        cmd = [binary, corpus] + ([corpus_src] if os.path.isdir(corpus_src) else []) + [
            "-max_total_time=%d" % args.seconds, "-artifact_prefix=%s/%s-" % (crashes, name), "-print_final_stats=1"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        runs = [l for l in r.stderr.splitlines() if "stat::number_of_executed_units" in l]
        print("== fuzz %-20s %s  %s" % (name, "PASS" if r.returncode == 0 else "FAIL",
                                         runs[0].split(":")[-1].strip() + " runs" if runs else ""))
        if r.returncode:
            failed.append(name)
            print(r.stderr[-3000:])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
