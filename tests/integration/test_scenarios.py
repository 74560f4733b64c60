#!/usr/bin/env python3
"""The guest scenarios (os/scenarios) on the whole system, typed at the
shell as a user would, and what the toolkit finds in them.

Boots MX (VFS with its debug-deadlock argument) with COM1 on a socket, the
guest RAM shared, QMP and the gdbstub, then:

 1. healthy load: fsstorm and forkstorm run together and report no error;
    a snapshot taken while they run has no deadlock, and no process's
    why-chain ends in one (mxdump why on every process, mxdump deadlocks,
    mxviz deadlock, and gdb's mx-deadlock live); memhog reaches ENOMEM
    with brk and with mmap and the system goes on.
 2. hang recv, cycle, noreply, traced: mxdump deadlocks lists exactly
    rcv-a/rcv-b and cyc-a/cyc-b/cyc-c, mxviz draws exactly those in red,
    gdb's mx-deadlock agrees; why cat ends at the idle stall driver through
    a VFS worker, why sleep at its tracer, and the processes that are
    merely waiting (sh, init, the servers) are in no deadlock.
 3. hang crash: RS restarts the stall driver (a new endpoint), the cat the
    driver kept got EIO, and the deadlocks are the same two.
 4. hang vfs: VFS's two threads deadlock on the root vmnt and /tmp's
    vnode; the process whose stat waits behind them is shown entering the
    cycle, by mxdump and by gdb.
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("MX_BUILD", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))

from mxqemu import FULL_SYSTEM, MX, MXError  # noqa: E402

KERNEL = os.path.join(BUILD, "os", "kernel.elf")
MXTRACE = os.path.join(BUILD, "bin", "mxtrace")
MXVIZ = os.path.join(BUILD, "bin", "mxviz")
MXDUMP = os.path.join(BUILD, "bin", "mxdump")
LOADER = os.path.join(ROOT, "gdb-scripts", "mx-gdb.py")
GDB = os.environ.get("GDB", "gdb")
CYCLE_COLOR = "#d62728"

failures = []


def check(cond, what, detail=""):
    print("  %s %s" % ("ok  " if cond else "FAIL", what))
    if not cond:
        failures.append(what)
        if detail:
            print("      " + detail.strip().replace("\n", "\n      ")[-3000:])


def snapshot(mx, db, note):
    r = subprocess.run([MXTRACE, "snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path, "--no-events",
                        "-k", KERNEL, "--note", note], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "mxtrace snapshot (%s)" % note, r.stdout + r.stderr)
    con = sqlite3.connect(db)
    snap = con.execute("SELECT max(snap_id) FROM snapshots").fetchone()[0]
    procs = dict(con.execute("SELECT name, endpoint FROM processes WHERE snap_id = ?", (snap,)).fetchall())
    eps = [e for (e,) in con.execute("SELECT endpoint FROM processes WHERE snap_id = ?", (snap,))]
    con.close()
    return snap, procs, eps


def tool(*argv):
    r = subprocess.run(list(argv), capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def deadlock_sets(text):
    """The member sets of 'deadlock N (k members): a -> b -> a' lines."""
    out = []
    for m in re.finditer(r"deadlock \d+ \(\d+ members\): (.*)", text):
        out.append(frozenset(x.strip() for x in m.group(1).split("->")))
    return set(out)


def red_nodes(dot_text):
    red = set()
    for m in re.finditer(r'^\s*"([pt]:[0-9:]+)"\s*\[(.*?)\];', dot_text, re.M | re.S):
        if 'color="%s"' % CYCLE_COLOR in m.group(2):
            red.add(m.group(1))
    return red


def gdb(port, *cmds):
    a = [GDB, "-batch", "-nx", "-iex", "set auto-load python-scripts off", "-ex", "set pagination off",
         "-ex", "set width 0", "-ex", "file " + KERNEL, "-ex", "target remote 127.0.0.1:%d" % port,
         "-ex", "source " + LOADER]
    for c in cmds:
        a += ["-ex", "echo @@@ %s\\n" % c, "-ex", c]
    r = subprocess.run(a, capture_output=True, text=True, timeout=180, env=dict(os.environ, MX_BUILD=BUILD))
    out = "\n".join(l for l in r.stdout.splitlines() if not re.match(r"^\[Inferior \d+ .*\]$", l)) + "\n"
    parts = out.split("@@@ ")
    return {p.split("\n", 1)[0]: p.split("\n", 1)[1] if "\n" in p else "" for p in parts[1:]}, r.stderr


def healthy(mx, db):
    print("== healthy load: fsstorm, forkstorm, memhog")
    start = len(mx.console())
    mx.type("fsstorm -p 4 -s 6 & forkstorm -p 3 -s 6 &\n")
    time.sleep(2)
    snap, procs, eps = snapshot(mx, db, "storm")
    check("fsstorm" in procs and "forkstorm" in procs, "the storms run during the snapshot", repr(sorted(procs)))
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "deadlocks")
    check(rc == 0 and out.strip() == "no deadlock", "healthy: mxdump deadlocks finds none", out + err)
    bad = []
    for ep in eps:
        rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", str(ep))
        if rc != 0 or "verdict: deadlock" in out or "verdict:" not in out:
            bad.append(out + err)
    check(not bad, "healthy: no why-chain of the %d processes ends in a deadlock" % len(eps), "\n".join(bad))
    rc, out, err = tool(MXVIZ, "--db", db, "--snap", str(snap), "deadlock", "-T", "dot")
    check(rc == 0 and not red_nodes(out) and "no deadlock" in err, "healthy: mxviz deadlock draws no cycle", err)
    # fsstorm's parent reads its workers' tallies from a pipe: VFS suspended the read, an event wait.
    con = sqlite3.connect(db)
    parent = con.execute("SELECT pid FROM processes WHERE snap_id = ? AND name = 'fsstorm' AND pid IS NOT NULL "
                         "ORDER BY pid LIMIT 1", (snap,)).fetchone()[0]
    con.close()
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "pid:%d" % parent)
    check(rc == 0 and "verdict: suspended in vfs: fsstorm" in out and "waits on a pipe" in out,
          "why fsstorm's parent: suspended in VFS on its pipe, not 'waiting on an idle VFS'", out + err)
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "init")
    check(rc == 0 and "verdict: suspended in pm: init" in out and "waits in wait()" in out,
          "why init: suspended in PM's wait(), not 'waiting on an idle PM'", out + err)
    why_parent = "mx-why pid:%d" % parent
    o, err = gdb(mx.gdb_port, "mx-deadlock", why_parent, "mx-why init")
    check(o.get("mx-deadlock", "").strip() == "no deadlock", "healthy: gdb mx-deadlock finds none",
          repr(o) + err[-1500:])
    check("verdict: suspended in vfs: fsstorm" in o.get(why_parent, "") and "waits on a pipe" in o.get(why_parent, ""),
          "gdb %s: the same verdict" % why_parent, repr(o) + err[-1500:])
    check("verdict: suspended in pm: init" in o.get("mx-why init", ""), "gdb mx-why init: the same verdict",
          repr(o) + err[-1500:])
    deadline = time.time() + 60
    while time.time() < deadline:
        text = mx.console()[start:]
        if "fsstorm: " in text and "forkstorm: " in text:
            break
        time.sleep(0.1)
    text = mx.console()[start:]
    m = re.search(r"fsstorm: 4 workers, 6 s: (\d+) files, (\d+) KB written and read back, (\d+) errors", text)
    check(m is not None and int(m.group(1)) > 0 and m.group(3) == "0", "fsstorm: files written and read back, 0 errors",
          text[-1500:])
    m = re.search(r"forkstorm: 6 s, 3 at a time: (\d+) fork\+exec\+exit, \d+/s, (\d+) failed, (\d+) fork errors", text)
    check(m is not None and int(m.group(1)) > 0 and m.group(2) == "0" and m.group(3) == "0",
          "forkstorm: every child ran", text[-1500:])
    check("fs: " not in text and "panic" not in text, "no file-system or kernel complaint under load", text[-1500:])
    m = mx.shell("memhog; echo memhog=$?", r"memhog=(\d+)\n", timeout=120)
    text = mx.console()[start:]
    check(m.group(1) == "0" and re.search(r"memhog: brk: (\d+) KB until ENOMEM", text) and
          re.search(r"memhog: mmap: \d+ KB in \d+ mappings until ENOMEM", text) and "fork works" in text,
          "memhog: brk and mmap end in ENOMEM, then fork works", text[-1500:])
    mx.shell("echo alive after memhog", r"^alive after memhog")


def hangs(mx, db):
    print("== hang recv, cycle, noreply, traced")
    mx.shell("hang recv", r"^hang: rcv-a and rcv-b")
    mx.shell("hang cycle", r"^hang: cyc-a -> cyc-b")
    mx.shell("hang noreply", r"^hang: cat \(pid \d+\)")
    mx.shell("hang traced", r"^hang: sleep \(pid \d+\)")
    time.sleep(0.5)
    snap, procs, _eps = snapshot(mx, db, "hangs")
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "deadlocks")
    want = {frozenset({"rcv-a", "rcv-b"}), frozenset({"cyc-a", "cyc-b", "cyc-c"})}
    check(deadlock_sets(out) == want, "mxdump deadlocks: exactly rcv-a/rcv-b and cyc-a/cyc-b/cyc-c", out + err)
    rc, out, err = tool(MXVIZ, "--db", db, "--snap", str(snap), "deadlock", "-T", "dot")
    want_red = {"p:%d" % procs[n] for n in ("rcv-a", "rcv-b", "cyc-a", "cyc-b", "cyc-c")}
    check(rc == 0 and red_nodes(out) == want_red, "mxviz deadlock: the five members, and only them, in red",
          "red %s want %s\n%s" % (sorted(red_nodes(out)), sorted(want_red), err))
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "cyc-b")
    check("verdict: deadlock (3 members)" in out and "reply" in out and "recv" in out,
          "why cyc-b: the SENDREC cycle closed by the asynchronous send", out + err)
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "cat")
    check(re.search(r"cat .* waits for vfs:\S+ +serve VFS_READ", out) is not None and
          re.search(r"vfs:\S+ +waits for stall .* ipc for VFS_READ", out) is not None and
          "verdict: waiting on an idle process: stall" in out, "why cat: a VFS worker waits for the stall driver", out + err)
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "sleep")
    check(re.search(r"sleep .* waits for hang .* trace", out) is not None and
          "verdict: stopped under ptrace: its tracer hang" in out, "why sleep: stopped, its tracer hang decides", out + err)
    con = sqlite3.connect(db)
    row = con.execute("SELECT p.state, t.name FROM processes p JOIN processes t ON t.snap_id = p.snap_id AND "
                      "t.endpoint = p.traced_by WHERE p.snap_id = ? AND p.name = 'sleep'", (snap,)).fetchone()
    con.close()
    check(row == ("STOPPED", "hang"), "processes: sleep is STOPPED, traced_by hang", repr(row))
    for name in ("sh", "init", "vfs", "fs", "pm", "rs", "memory", "stall"):
        rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", name)
        check(rc == 0 and "verdict: deadlock" not in out, "why %s: no deadlock" % name, out + err)
    o, err = gdb(mx.gdb_port, "mx-deadlock", "mx-why cat", "mx-why sleep")
    check(deadlock_sets(o.get("mx-deadlock", "")) == want, "gdb mx-deadlock: the same two", repr(o) + err[-1500:])
    check("verdict: waiting on an idle process: stall" in o.get("mx-why cat", "") and
          "ipc for VFS_READ" in o.get("mx-why cat", ""), "gdb mx-why cat (labelled as mxdump labels it)",
          o.get("mx-why cat", "") + err[-1500:])
    check("verdict: stopped under ptrace: its tracer hang" in o.get("mx-why sleep", ""), "gdb mx-why sleep",
          o.get("mx-why sleep", "") + err[-1500:])
    return procs


def crash(mx, db, before):
    print("== hang crash: RS restarts the driver")
    start = len(mx.console())
    mx.shell("hang crash", r"^hang: the stall driver crashed")
    m = mx.shell("sleep 60 & echo bg=$!", r"^bg=(\d+)\n")
    sleeper = m.group(1)
    mx.shell("echo restarted", r"^restarted\n\$ ")          # the shell is back at its prompt
    deadline = time.time() + 20
    while "vfs: driver stall is now endpoint" not in mx.console()[start:] and time.time() < deadline:
        time.sleep(0.1)
    text = mx.console()[start:]
    check("rs: stall is back (restart 1" in text and "cat: /dev/stall: input/output error" in text,
          "the driver is back and the kept read ended with EIO", text[-1500:])
    snap, procs, _eps = snapshot(mx, db, "crash")
    check("cat" not in procs and procs.get("stall") not in (None, before["stall"]),
          "cat is gone; stall has a new endpoint", repr(procs))
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "deadlocks")
    check(deadlock_sets(out) == {frozenset({"rcv-a", "rcv-b"}), frozenset({"cyc-a", "cyc-b", "cyc-c"})},
          "after the crash: the same two deadlocks", out + err)
    # The shell at its prompt: its read is one the tty driver keeps on purpose (tty.pending), unlike cat's was.
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "sh")
    check(re.search(r"sh .* waits for vfs:\S+ +serve VFS_READ", out) is not None and
          re.search(r"verdict: suspended in tty: vfs:\S+ waits for input", out) is not None,
          "why sh: its read waits in the tty driver for input, not a lost request", out + err)
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", "pid:" + sleeper)
    check("verdict: suspended in pm: sleep" in out and "waits in sleep()" in out,
          "why the background sleep: PM keeps it until its time passes", out + err)
    o, err = gdb(mx.gdb_port, "mx-why sh", "mx-why pid:" + sleeper)
    check(re.search(r"verdict: suspended in tty: vfs:\S+ waits for input", o.get("mx-why sh", "")) is not None,
          "gdb mx-why sh: the same verdict", repr(o) + err[-1500:])
    check("waits in sleep()" in o.get("mx-why pid:" + sleeper, ""), "gdb mx-why of the sleep: the same verdict",
          repr(o) + err[-1500:])


def vfs_deadlock(mx, db):
    print("== hang vfs: VFS's lock-order deadlock")
    m = mx.shell("hang vfs", r"^hang: VFS threads (\d+) and (\d+) deadlocked on locks \d+ and \d+; "
                              r"hang \(pid (\d+)\) waits in stat")
    ta, tb, pid = m.groups()
    time.sleep(0.5)
    snap, procs, _eps = snapshot(mx, db, "vfs")
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "deadlocks")
    sets = deadlock_sets(out)
    check(len(sets) == 3 and frozenset({"vfs:dl-A", "vfs:dl-B"}) in sets, "mxdump deadlocks: VFS's dl-A and dl-B too",
          out + err)
    con = sqlite3.connect(db)
    ep = con.execute("SELECT endpoint FROM processes WHERE snap_id = ? AND pid = ?", (snap, int(pid))).fetchone()
    con.close()
    check(ep is not None, "the stat's process (pid %s) is in the snapshot" % pid)
    # By the pid hang printed (the way its hint says), and by endpoint: the same chain.
    victim = "pid:" + pid
    rc, out, err = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", victim)
    check(re.search(r"serve VFS_STAT", out) is not None and "lock" in out and
          re.search(r"verdict: deadlock \(2 members\): vfs:dl-[AB] -> vfs:dl-[AB] -> vfs:dl-[AB]", out) is not None,
          "why the stat: through a VFS worker into the lock cycle", out + err)
    rc2, out2, err2 = tool(MXDUMP, "--db", db, "--snap", str(snap), "why", str(ep[0]))
    check(rc2 == 0 and out2 == out, "why by endpoint %d gives the same chain as why %s" % (ep[0], victim), out2 + err2)
    rc, out, err = tool(MXVIZ, "--db", db, "--snap", str(snap), "locks", "--server", "vfs", "-T", "dot")
    check(rc == 0 and out.count('color="%s"' % CYCLE_COLOR) >= 2, "mxviz locks --server vfs: the cycle in red", err)
    o, err = gdb(mx.gdb_port, "mx-why %s" % victim)
    check(re.search(r"verdict: deadlock \(2 members\): vfs:dl-[AB]", o.get("mx-why %s" % victim, "")) is not None,
          "gdb mx-why of the stat: the same cycle", repr(o) + err[-1500:])


def main():
    for t in (MXTRACE, MXVIZ, MXDUMP):
        if not os.access(t, os.X_OK):
            sys.exit("missing %s: build first" % t)
    with tempfile.TemporaryDirectory(prefix="mxscen.") as tmp:
        db = os.path.join(tmp, "scen.db")
        with MX(build=BUILD, modules=FULL_SYSTEM, typing=True, shm=True, qmp=True, gdb=True) as mx:
            mx.wait_for(r"^\$ $", timeout=60)
            try:
                healthy(mx, db)
                before = hangs(mx, db)
                crash(mx, db, before)
                vfs_deadlock(mx, db)
            except (AssertionError, MXError) as e:
                check(False, "the scenario ran", str(e))
            check("panic" not in mx.console(), "no panic", mx.console()[-2000:])
    if failures:
        print("%d failed: %s" % (len(failures), "; ".join(failures)))
        sys.exit(1)
    print("all passed")


if __name__ == "__main__":
    main()
