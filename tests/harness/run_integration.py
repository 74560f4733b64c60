#!/usr/bin/env python3
"""Run the integration tests: every tests/integration/test_*.py, each a
standalone script that boots MX (tests/harness/mxqemu.py), runs the tools
against it and exits 0 when everything it checks holds.  One at a time:
the machine has two cores and each test runs a QEMU.

    run_integration.py [--build DIR] [-k SUBSTRING]
"""
import argparse
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("-k", default="")
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    tests = sorted(glob.glob(os.path.join(HERE, "..", "integration", "test_*.py")))
    tests = [t for t in tests if args.k in os.path.basename(t)]
    env = dict(os.environ, MX_BUILD=os.path.abspath(args.build),
               PYTHONPATH=HERE + os.pathsep + os.environ.get("PYTHONPATH", ""))
    failed = []
    for t in tests:
        name = os.path.basename(t)[:-3]
        start = time.time()
        try:
            r = subprocess.run([sys.executable, t], env=env, capture_output=True, text=True,
                               timeout=args.timeout)
            ok, out = r.returncode == 0, r.stdout + r.stderr
        except subprocess.TimeoutExpired as e:
            ok, out = False, "timed out after %ds\n%s" % (args.timeout, (e.stdout or b"").decode(errors="replace"))
        print("== integration %-28s %s  (%.1fs)" % (name, "PASS" if ok else "FAIL", time.time() - start))
        if not ok:
            failed.append(name)
            print("   " + out.strip().replace("\n", "\n   ")[-6000:])
    if not tests:
        print("== integration: no tests")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
