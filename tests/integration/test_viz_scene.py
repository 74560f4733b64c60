#!/usr/bin/env python3
"""mxviz and mxdump on real snapshots of scenarios that deadlock.

Boots MX with tests/guest/scene (`scene ipc`: a wait chain and a
receive-receive deadlock between sc-x and sc-y; `scene locks`: server
threads in a lock cycle, a thread waiting on a driver that waits on a
running process, one waiting on a dead process), takes a snapshot with
mxtrace, and checks that `mxviz deadlock` draws exactly the cycle members
in the deadlock colour, that its DOT renders with the real `dot`, and that
`mxdump why` gives the expected verdicts.
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("MX_BUILD", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))

from mxqemu import MX  # noqa: E402

KERNEL = os.path.join(BUILD, "os", "kernel.elf")
MXTRACE = os.path.join(BUILD, "bin", "mxtrace")
MXVIZ = os.path.join(BUILD, "bin", "mxviz")
MXDUMP = os.path.join(BUILD, "bin", "mxdump")
CYCLE_COLOR = "#d62728"

failures = []


def check(cond, what, detail=""):
    print("  %s %s" % ("ok  " if cond else "FAIL", what))
    if not cond:
        failures.append(what)
        if detail:
            print("      " + detail.strip().replace("\n", "\n      ")[-3000:])


def snapshot(mx, db):
    r = subprocess.run([MXTRACE, "snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path,
                        "--no-events", "-k", KERNEL], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "mxtrace snapshot", r.stdout + r.stderr)
    return r.returncode == 0


def scene_eps(mx, name):
    m = mx.wait_for(r"SCENE READY %s ([^\n]*)\n" % name, timeout=60, fail=r"scene: |panic")
    return {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}


def red_nodes(dot_text):
    """Node names drawn in the deadlock colour (DOT as agwrite writes it)."""
    red = set()
    for m in re.finditer(r'^\s*"([pt]:[0-9:]+)"\s*\[(.*?)\];', dot_text, re.M | re.S):
        if 'color="%s"' % CYCLE_COLOR in m.group(2):
            red.add(m.group(1))
    return red


def viz_deadlock(db, what, want_red):
    r = subprocess.run([MXVIZ, "--db", db, "deadlock", "-T", "dot"], capture_output=True, text=True)
    check(r.returncode == 0, "%s: mxviz deadlock" % what, r.stderr)
    red = red_nodes(r.stdout)
    check(red == want_red, "%s: the deadlock's members, and only them, in red" % what,
          "red %s, expected %s" % (sorted(red), sorted(want_red)))
    d = subprocess.run(["dot", "-Tsvg"], input=r.stdout, capture_output=True, text=True)
    check(d.returncode == 0 and "<svg" in d.stdout, "%s: the DOT renders with dot" % what, d.stderr)
    return r


def why(db, who):
    r = subprocess.run([MXDUMP, "--db", db, "why", who], capture_output=True, text=True)
    return r.stdout + r.stderr


def test_ipc(tmp):
    with MX(build=BUILD, modules=["scene ipc"], shm=True, qmp=True) as mx:
        eps = scene_eps(mx, "ipc")
        db = os.path.join(tmp, "ipc.db")
        if not snapshot(mx, db):
            return
    r = viz_deadlock(db, "scene ipc", {"p:%d" % eps["sc-x"], "p:%d" % eps["sc-y"]})
    check("mxviz: deadlock 1 (2 members)" in r.stderr, "scene ipc: one deadlock reported", r.stderr)
    w = why(db, "sc-a")
    check(re.search(r"verdict: waiting on a running process: sc-d ", w) is not None, "why sc-a: sc-d runs", w)
    check(re.search(r"sc-a .*waits for sc-b .* send", w) is not None, "why sc-a: first step", w)
    w = why(db, "sc-e")
    check("waits for sc-f" in w and "verdict: waiting on a running process: sc-d" in w, "why sc-e", w)
    w = why(db, "sc-x")
    check(re.search(r"verdict: deadlock \(2 members\): sc-[xy] -> sc-[xy] -> sc-[xy]", w) is not None, "why sc-x", w)
    r = subprocess.run([MXVIZ, "--db", db, "ipc", "-T", "svg", "-o", os.path.join(tmp, "ipc.svg")],
                       capture_output=True, text=True)
    check(r.returncode == 0, "scene ipc: mxviz ipc", r.stderr)
    r = subprocess.run([MXDUMP, "--db", db, "all"], capture_output=True, text=True)
    check(r.returncode == 0 and "sc-gone" not in r.stdout.split("Process memory map")[0] and
          re.search(r"^\S+\s+sc-x\s+.*RECV\s+sc-y\s", r.stdout, re.M) is not None, "scene ipc: mxdump all", r.stdout + r.stderr)


def test_locks(tmp):
    with MX(build=BUILD, modules=["scene locks"], shm=True, qmp=True) as mx:
        eps = scene_eps(mx, "locks")
        db = os.path.join(tmp, "locks.db")
        if not snapshot(mx, db):
            return
    srv = eps["sc-srv"]
    viz_deadlock(db, "scene locks", {"t:%d:0" % srv, "t:%d:1" % srv})
    w = why(db, "sc-cl1")
    check(re.search(r"verdict: deadlock \(2 members\): sc-srv:worker[01] -> sc-srv:worker[01] -> sc-srv:worker[01]", w)
          is not None and "lock vnode 7 (W)" in w, "why sc-cl1: the lock cycle", w)
    w = why(db, "sc-cl3")
    check("verdict: waiting on a running process: sc-spin" in w, "why sc-cl3: sc-drv waits on the running sc-spin", w)
    w = why(db, "sc-cl4")
    check("verdict: waiting on a dead process" in w, "why sc-cl4: the dead sc-gone", w)
    r = subprocess.run([MXVIZ, "--db", db, "locks", "--server", "sc-srv", "-T", "dot"], capture_output=True, text=True)
    check(r.returncode == 0 and r.stdout.count('color="%s"' % CYCLE_COLOR) >= 2, "scene locks: mxviz locks", r.stderr)


def main():
    for tool in (MXTRACE, MXVIZ, MXDUMP):
        if not os.access(tool, os.X_OK):
            print("missing %s: build first" % tool)
            sys.exit(1)
    with tempfile.TemporaryDirectory(prefix="mxviz.") as tmp:
        test_ipc(tmp)
        test_locks(tmp)
    if failures:
        print("%d failed: %s" % (len(failures), "; ".join(failures)))
        sys.exit(1)
    print("all passed")


if __name__ == "__main__":
    main()
