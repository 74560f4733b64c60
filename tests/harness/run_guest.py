#!/usr/bin/env python3
"""Run guest test suites: boot MX in QEMU headless, read the suite's report
from the console, fail on any failed test, a missing report, a crash or a
hang (timeout).

Guest tests print one line per test and one at the end:
    TEST <suite>.<name> PASS
    TEST <suite>.<name> FAIL <why>
    SUITE <suite> DONE pass=<n> fail=<m>
Suites are declared in tests/guest/suites.py.  Usage:
    run_guest.py [--build DIR] [--keep] [SUITE ...]
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "guest"))
from mxqemu import MX, MXError  # noqa: E402
from suites import SUITES  # noqa: E402


def run_suite(name, spec, build, log_dir):
    start = time.time()
    mx = MX(build=build, modules=spec["modules"], cmdline=spec.get("cmdline", ""),
            icount=spec.get("icount", False), mem=spec.get("mem", "128M"))
    failures = []
    try:
        with mx:
            try:
                m = mx.wait_for(r"^SUITE %s DONE pass=(\d+) fail=(\d+)\n" % re.escape(name),
                                timeout=spec.get("timeout", 120),
                                fail=r"MX kernel panic")
            except MXError as e:
                failures.append(str(e))
                m = None
            text = mx.console()
            with open(os.path.join(log_dir, name + ".console.log"), "w") as f:
                f.write(text)
            results = re.findall(r"^TEST (\S+) (PASS|FAIL)(.*)$", text, re.M)
            failed = [(t, why.strip()) for t, st, why in results if st == "FAIL"]
            passed = sum(1 for _, st, _ in results if st == "PASS")
            for t, why in failed:
                failures.append("%s: %s" % (t, why))
            if m:
                if int(m.group(1)) != passed or int(m.group(2)) != len(failed):
                    failures.append("suite report pass=%s fail=%s disagrees with the TEST lines (%d passed, %d failed)"
                                    % (m.group(1), m.group(2), passed, len(failed)))
                if passed == 0:
                    failures.append("no test passed")
            expect = spec.get("min_tests", 1)
            if passed + len(failed) < expect:
                failures.append("only %d tests reported, expected at least %d" % (passed + len(failed), expect))
    except MXError as e:
        failures.append(str(e))
    took = time.time() - start
    status = "PASS" if not failures else "FAIL"
    print("== guest suite %-12s %s  (%.1fs)" % (name, status, took))
    for f in failures:
        print("   " + f.replace("\n", "\n   "))
    return not failures


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("suites", nargs="*")
    args = ap.parse_args()
    names = args.suites or [n for n, s in SUITES.items() if s.get("default", True)]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        sys.exit("run_guest: unknown suite(s): %s (known: %s)" % (", ".join(unknown), ", ".join(SUITES)))
    log_dir = os.path.join(args.build, "tests", "guest")
    os.makedirs(log_dir, exist_ok=True)
    ok = all([run_suite(n, SUITES[n], args.build, log_dir) for n in names])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
