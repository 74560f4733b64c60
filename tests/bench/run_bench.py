#!/usr/bin/env python3
"""Run every MX benchmark and write the performance table.

Each benchmark is a provider: a script tests/bench/bench_*.py (or an
executable tests/bench/bench_*.sh) run with the build directory as its
argument, printing one line per figure:

    BENCH <figure> | <value> | <unit> | <target> | <command>

(the reference, where there is one, is measured in the same run and shows
in the figure's text).  The table goes to build/bench/results.md and, with
--readme (what `make bench` does), replaces the README's performance table
between the markers <!-- bench:begin --> and <!-- bench:end -->.

    run_bench.py [--build DIR] [--readme] [-k SUBSTRING]
"""
import argparse
import datetime
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def run_provider(path, build):
    cmd = [sys.executable, path, build] if path.endswith(".py") else [path, build]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    rows = []
    for line in r.stdout.splitlines():
        if line.startswith("BENCH "):
            parts = [p.strip() for p in line[6:].split("|")]
            if len(parts) == 5:
                rows.append(parts)
    if r.returncode != 0 or not rows:
        err = (r.stderr or r.stdout).strip().splitlines()[-5:]
        rows.append([os.path.basename(path), "failed", "", "", " / ".join(err)])
    return rows


def tidy(cmd):
    """A command as a reader would type it: paths from the repository's top, scratch files without their pid."""
    cmd = cmd.replace(ROOT + "/", "")
    return re.sub(r"(/tmp/[A-Za-z_.-]+?)-\d+", r"\1", cmd)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def table(rows):
    out = ["| figure | value | unit | target | command |", "|---|---|---|---|---|"]
    for r in rows:
        out.append("| %s | %s | %s | %s | `%s` |" % (r[0], r[1], r[2], r[3], tidy(r[4])))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--readme", action="store_true")
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    providers = sorted(glob.glob(os.path.join(HERE, "bench_*.py")) + glob.glob(os.path.join(HERE, "bench_*.sh")))
    providers = [p for p in providers if args.k in os.path.basename(p)]
    rows = []
    for p in providers:
        print("== bench %s" % os.path.basename(p), flush=True)
        got = run_provider(p, os.path.abspath(args.build))
        for r in got:
            print("   %s: %s %s (target %s)" % (r[0], r[1], r[2], r[3]))
        rows += got
    os.makedirs(os.path.join(args.build, "bench"), exist_ok=True)
    stamp = "Measured %s on %s (%d cores, %s)." % (datetime.date.today().isoformat(), os.uname().nodename,
                                                   os.cpu_count() or 0, cpu_model())
    text = table(rows) + "\n\n" + stamp + "\n"
    with open(os.path.join(args.build, "bench", "results.md"), "w") as f:
        f.write(text)
    print("== wrote %s" % os.path.join(args.build, "bench", "results.md"))
    if args.readme:
        readme = os.path.join(ROOT, "README.md")
        with open(readme) as f:
            body = f.read()
        new, n = re.subn(r"(<!-- bench:begin -->\n).*?(<!-- bench:end -->)",
                         lambda m: m.group(1) + text + m.group(2), body, flags=re.S)
        if n != 1:
            sys.exit("run_bench: README.md has no <!-- bench:begin --> ... <!-- bench:end --> section")
        with open(readme, "w") as f:
            f.write(new)
        print("== updated the performance table in README.md")
    if any(r[1] == "failed" for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
