#!/usr/bin/env python3
"""mxtop on a real terminal: run it in tmux against a prepared database
(mxtop_fixture.py), press keys, and check what capture-pane shows after
sorting, filtering, searching, switching views, stepping through the
replay, following a live database, and in a terminal too small for it.
Bad databases must give one clear line and a non-zero exit, never a
curses screen.  Needs no QEMU.
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mxtop_fixture  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("MX_BUILD", os.path.join(ROOT, "build"))
MXTOP = os.path.join(BUILD, "bin", "mxtop")
SOCK = "mxtop-test-%d" % os.getpid()
ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
ENV.pop("NO_COLOR", None)

failures = []


def check(cond, what, screen=None):
    if cond:
        print("ok   %s" % what)
    else:
        print("FAIL %s" % what)
        if screen is not None:
            print("     screen:\n" + "\n".join("     | " + l for l in screen.splitlines()))
        failures.append(what)


def tmux(*args, check_rc=True):
    r = subprocess.run(["tmux", "-L", SOCK] + list(args), env=ENV, capture_output=True, text=True, timeout=20)
    if check_rc and r.returncode != 0:
        raise RuntimeError("tmux %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout


class Pane:
    """One tmux session running a command, remembered by name."""

    def __init__(self, name, cmd, width=160, height=50):
        self.name = name
        # The shell prints the exit status so a crash or an error exit is visible.
        tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
             "sh -c '%s; echo EXIT=$?; sleep 600'" % cmd)

    def screen(self):
        return tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys, literal=False):
        tmux("send-keys", "-t", self.name, *((["-l"] if literal else []) + list(keys)))

    def click(self, x, y):
        """A left-button click at column x, line y (0-based) as an xterm reports it:
        press (button 0) and release (3) in the X10 encoding."""
        for button in (0x20, 0x23):
            tmux("send-keys", "-t", self.name, "-H", "1b", "5b", "4d", "%x" % button, "%x" % (x + 33), "%x" % (y + 33))

    def line_of(self, pattern):
        """The 0-based line where pattern first matches, or None."""
        for i, l in enumerate(self.screen().splitlines()):
            if re.search(pattern, l):
                return i
        return None

    def wait(self, pattern, timeout=8.0):
        """The screen once pattern (a regular expression) shows and the
        screen has stopped changing (a capture can catch mxtop halfway
        through drawing a page), or the last one."""
        end = time.time() + timeout
        s, last = "", None
        while time.time() < end:
            s = self.screen()
            if re.search(pattern, s, re.M) and s == last:
                return s
            last = s
            time.sleep(0.1)
        return s

    def rows(self):
        """Table rows: the lines between the column titles and the function bar."""
        lines = self.screen().splitlines()
        for i, l in enumerate(lines):
            if re.match(r"^\s+EP\s+PID", l) or re.match(r"^\s+SRC\s+DST", l):
                out = []
                for r in lines[i + 1:]:
                    if r.startswith("F1Help") or not r.strip():
                        break
                    out.append(r)
                return out
        return []

    def first_name(self):
        rows = self.rows()
        return rows[0].split()[-1] if rows else None

    def wait_first(self, name, timeout=5.0):
        """The first row's name once it is name (or the last one seen)."""
        end = time.time() + timeout
        while time.time() < end:
            if self.first_name() == name:
                break
            time.sleep(0.1)
        return self.first_name()

    def kill(self):
        tmux("kill-session", "-t", self.name, check_rc=False)


def screen_tests(db):
    p = Pane("main", "%s -d 5 %s" % (MXTOP, db))
    try:
        s = p.wait(r"Tasks:")
        check("Tasks: 21 total" in s, "header shows the tasks", s)
        check(re.search(r"Mem\[\|+.*16\.0M/64\.0M\]", s) is not None, "memory meter from kinfo", s)
        check(re.search(r"CPU\[\|+", s) is not None, "CPU meter drawn", s)
        check("REPLAY" in s and "Snapshot #5 full 5/5" in s, "finished run opens in replay at the last snapshot", s)
        check("Deadlock: 2 cycles" in s, "deadlocks in the header", s)
        check(p.first_name() == "hog", "sorted by CPU%% by default (first: %s)" % p.first_name(), s)
        check(re.search(r"^\*\s+18/0 .*SEND→deadb .* deada$", s, re.M) is not None, "deadlock member marked *", s)
        check(re.search(r"^!\s+14/0 .*REPLY-WAIT←vfs\s+10\.0s .* sh$", s, re.M) is not None,
              "stuck process marked ! with its wait", s)
        check("F1Help" in s and "F10Quit" in s, "function bar", s)

        # The mouse: a click selects a row, on a title sorts, on a tab switches.
        y = p.line_of(r" deadb$")
        p.click(10, y)
        p.keys("w")
        s = p.wait(r"Wait chain of deadb")
        check("Wait chain of deadb" in s and "verdict: deadlock" in s, "a click selects a row (then w: its chain)", s)
        p.keys("Escape")
        s = p.wait(r"Tasks:")
        y, x = p.line_of(r"^\s+EP\s+PID"), s.splitlines()[p.line_of(r"^\s+EP\s+PID")].index("NAME")
        p.click(x + 1, y)
        first = p.wait_first("cat")
        check(first == "cat", "a click on NAME sorts by name (first: %s)" % first, p.screen())
        p.click(x + 1, y)
        first = p.wait_first("vm")
        check(first == "vm", "a second click reverses it (first: %s)" % first, p.screen())
        ty = p.line_of(r" 1 Processes ")
        p.click(p.screen().splitlines()[ty].index("2 IPC") + 1, ty)
        s = p.wait(r"MSG/s")
        check("MSG/s" in s, "a click on a tab switches the view", s)
        p.keys("1")
        p.keys("P")
        p.wait_first("hog")

        # Sorting: N sorts by endpoint, I inverts, > moves the sort column.
        p.keys("N")
        first = p.wait_first("idle")
        check(first == "idle", "N sorts by endpoint (first: %s)" % first, p.screen())
        p.keys("I")
        first = p.wait_first("hog")
        check(first == "hog", "I inverts the order (first: %s)" % first, p.screen())
        p.keys("F6")
        s = p.wait(r"Sort by")
        check("Sort by" in s and "NAME" in s, "F6 opens the sort menu", s)
        p.keys("End", "Enter")                     # NAME is the last column
        first = p.wait_first("cat")
        check(first == "cat", "sorted by NAME from the menu (first: %s)" % first, p.screen())
        p.keys("<")
        first = p.wait_first("hog")
        check(first == "hog", "< moves the sort to the column before, KCALL/s (first: %s)" % first, p.screen())
        p.keys("P")
        first = p.wait_first("hog")
        check(first == "hog", "P sorts by CPU%% again (first: %s)" % first, p.screen())

        # Filtering.
        p.keys("\\")
        p.keys("dead", literal=True)
        s = p.wait(r'filter "dead": 2 of 21')
        rows = p.rows()
        check(len(rows) == 2 and all("dead" in r for r in rows), "filter keeps deada and deadb", s)
        p.keys("Enter")
        p.keys("\\")
        p.keys("Escape")
        s = p.wait(r"21 rows")
        check(len(p.rows()) == 21, "Esc in the filter clears it", s)

        # Incremental search, then the wait chain of the selected process.
        p.keys("/")
        p.keys("ech", literal=True)
        s = p.wait(r"Search: ech")
        check("Search: ech" in s and "not found" not in s, "incremental search prompt", s)
        p.keys("Enter")
        p.keys("w")
        s = p.wait(r"Wait chain of echod")
        check("Wait chain of echod" in s and "verdict:" in s, "search selected echod; w shows its wait chain", s)
        p.keys("Escape")
        p.keys("/")
        p.keys("zzz", literal=True)
        s = p.wait(r"not found")
        check("not found" in s, "a search without a match says so", s)
        p.keys("Escape")

        # The stuck shell: its chain ends in the VFS lock deadlock.
        p.keys("/")
        p.keys("sh", literal=True)
        p.keys("Enter")
        p.keys("w")
        s = p.wait(r"verdict:")
        check("Wait chain of sh" in s and "worker1" in s and "verdict: deadlock" in s,
              "sh's wait chain goes through the VFS workers to a deadlock", s)
        p.keys("e")
        s = p.wait(r"Recent IPC of sh")
        check("send-blk" in s and "VFS_READ" in s, "e shows sh's recent IPC from the event table", s)
        p.keys("Escape")

        # Views.
        p.keys("2")
        s = p.wait(r"MSG/s")
        check(re.search(r"ping\s+echod\s+DEV_READ\s+2000", s) is not None, "IPC view: hot path ping->echod", s)
        check(re.search(r"sh\s+vfs\s+VFS_READ\s+10\.0\s+10\s+[\d.]+\s+50\.0µs", s) is not None,
              "IPC view: rate and mean latency", s)
        p.keys("3")
        s = p.wait(r"CALLS/s")
        check(re.search(r"hog\s+GETINFO\s+500", s) is not None, "kernel-call view", s)
        p.keys("4")
        s = p.wait(r"HOLDERS")
        check(re.search(r"^\*\s+vfs .*vnode 12\s+worker2\s+worker1", s, re.M) is not None,
              "lock view: holder, waiter, deadlock mark", s)
        p.keys("5")
        s = p.wait(r"WAITS FOR")
        check("lock vnode 12 (W)" in s and "worker1" in s, "thread view", s)
        p.keys("Tab")
        s = p.wait(r"EP\s+PID")
        check(" 1 Processes " in s, "Tab cycles back to processes", s)

        # Tree.
        p.keys("t")
        s = p.wait(r"└─")
        check(re.search(r"│\s+└─ sh$", s, re.M) is not None, "tree by parent", s)
        p.keys("t")

        # Replay: step back, jump.
        p.keys("[")
        s = p.wait(r"Snapshot #4")
        check("Snapshot #4 sample 4/5" in s, "[ steps back a snapshot", s)
        p.keys("j")
        p.keys("#2", literal=True)
        p.keys("Enter")
        s = p.wait(r"Snapshot #2")
        check("Snapshot #2 sample 2/5" in s and "deada" in s, "j jumps to a snapshot", s)
        check(re.search(r"^\*\s+18/0", s, re.M) is None, "no deadlock yet at #2", s)
        p.keys("]")
        s = p.wait(r"Snapshot #3")
        check("Snapshot #3 full 3/5" in s, "] steps forward", s)

        # Play from the start at twice the speed; space stops.
        p.keys("j")
        p.keys("start", literal=True)
        p.keys("Enter")
        s = p.wait(r"Snapshot #1 ")
        p.keys("+")
        p.keys("Space")
        s = p.wait(r"REPLAY ▶ x2")
        check("REPLAY ▶ x2" in s, "space plays the replay, + doubles the speed", s)
        s = p.wait(r"Snapshot #4 ", timeout=6)
        check("Snapshot #4 " in s, "playing moves the cursor through the run", s)
        p.keys("Space")
        s = p.wait(r"stopped")
        check("▶" not in s.splitlines()[4], "space stops playing", s)

        # Help.
        p.keys("h")
        s = p.wait(r"mxtop help")
        check("Keys" in s and "wait chain" in s, "help screen", s)
        p.keys("Escape")

        # Too small, and back.
        tmux("resize-window", "-t", "main", "-x", "50", "-y", "10")
        s = p.wait(r"too small")
        check("terminal too small (50x10)" in s and "needs at least 60x13" in s, "a too-small terminal says so", s)
        tmux("resize-window", "-t", "main", "-x", "160", "-y", "50")
        s = p.wait(r"Tasks:")
        check("Tasks:" in s and "too small" not in s, "grows back after the resize", s)

        p.keys("q")
        s = p.wait(r"EXIT=")
        check("EXIT=0" in s, "q quits with status 0", s)
    finally:
        p.kill()


def monochrome_and_small_start(db):
    p = Pane("mono", "%s -C %s" % (MXTOP, db))
    try:
        s = p.wait(r"Tasks:")
        check("Tasks: 21 total" in s and "hog" in s, "monochrome (-C) shows the same frame", s)
        p.keys("q")
        check("EXIT=0" in p.wait("EXIT="), "monochrome quits")
    finally:
        p.kill()
    p = Pane("vt", "TERM=vt100 %s %s" % (MXTOP, db))
    try:
        s = p.wait(r"Tasks:")
        check("Tasks: 21 total" in s, "a terminal without colours (vt100) works", s)
        p.keys("q")
    finally:
        p.kill()
    p = Pane("small", "%s %s" % (MXTOP, db), width=40, height=8)
    try:
        s = p.wait(r"too small")
        check("terminal too small" in s, "starting in a too-small terminal says so", s)
        p.keys("q")
        check("EXIT=0" in p.wait("EXIT="), "and q still quits")
    finally:
        p.kill()


def live_test(tmp):
    db = os.path.join(tmp, "live.db")
    mxtop_fixture.make(db, live=True)
    p = Pane("live", "%s -d 2 %s" % (MXTOP, db))
    try:
        s = p.wait(r"LIVE")
        check("LIVE" in s and "Snapshot #5" in s, "a recording run opens live", s)
        try:
            mxtop_fixture.append_snapshot(db, 6)
            wrote = True
        except sqlite3.OperationalError as e:
            wrote = False
            print("     writer: %s" % e)
        check(wrote, "the writer commits while mxtop reads")
        s = p.wait(r"Snapshot #6")
        check("Snapshot #6 sample 6/6" in s, "live mode shows the new snapshot", s)
        p.keys("Z")
        s = p.wait(r"PAUSED")
        mxtop_fixture.append_snapshot(db, 7)
        time.sleep(0.8)
        s = p.screen()
        check("PAUSED" in s and "Snapshot #6" in s, "paused: the display stays frozen", s)
        p.keys("Z")
        s = p.wait(r"Snapshot #7")
        check("Snapshot #7" in s and "LIVE" in s, "resumed: follows again", s)
        p.keys("q")
    finally:
        p.kill()


def bad_input_tests(tmp, good):
    def run(path, *extra):
        return subprocess.run([MXTOP, "--once", path] + list(extra), env=ENV, capture_output=True, text=True,
                              timeout=30)

    r = run(os.path.join(tmp, "missing.db"))
    check(r.returncode == 1 and "no such database" in r.stderr and r.stderr.count("\n") == 1,
          "missing database: one line, exit 1 (%r)" % r.stderr)
    text = os.path.join(tmp, "text.db")
    with open(text, "w") as f:
        f.write("not a database\n" * 100)
    r = run(text)
    check(r.returncode == 1 and "not an SQLite database" in r.stderr, "foreign file (%r)" % r.stderr)
    foreign = os.path.join(tmp, "foreign.db")
    c = sqlite3.connect(foreign)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    r = run(foreign)
    check(r.returncode == 1 and "not an MX run database" in r.stderr, "SQLite without the MX schema (%r)" % r.stderr)
    old = os.path.join(tmp, "old.db")
    shutil.copy(good, old)
    c = sqlite3.connect(old)
    c.execute("PRAGMA user_version = 0")
    c.commit()
    c.close()
    r = run(old)
    check(r.returncode == 1 and "schema version 0" in r.stderr, "older schema (%r)" % r.stderr)
    locked = os.path.join(tmp, "locked.db")
    shutil.copy(good, locked)
    c = sqlite3.connect(locked, isolation_level=None)
    c.execute("PRAGMA journal_mode = DELETE")
    c.execute("BEGIN EXCLUSIVE")
    c.execute("INSERT INTO meta VALUES ('held', 'x')")
    r = run(locked)
    check(r.returncode == 1 and "locked" in r.stderr, "locked database (%r)" % r.stderr)
    # Interactive: the message, no curses screen.
    p = Pane("locked", "%s %s" % (MXTOP, locked))
    try:
        s = p.wait(r"EXIT=")
        check("locked" in s and "EXIT=1" in s and "F1Help" not in s, "interactive: locked database, clear exit", s)
    finally:
        p.kill()
    c.execute("ROLLBACK")
    c.close()
    r = run(good, "--view", "nope")
    check(r.returncode == 2 and "no view 'nope'" in r.stderr, "usage error: exit 2 (%r)" % r.stderr)
    r = subprocess.run([MXTOP, "--help"], env=ENV, capture_output=True, text=True)
    check(r.returncode == 0 and "Usage: mxtop" in r.stdout and "--once" in r.stdout, "--help")


def once_tests(good):
    r = subprocess.run([MXTOP, "--once", "--ascii", "--sort", "name", "--filter", "dead", good], env=ENV,
                       capture_output=True, text=True)
    rows = [l for l in r.stdout.splitlines() if l.startswith("*")]
    check(r.returncode == 0 and len(rows) == 2 and "SEND->deadb" in rows[0], "--once text with sort and filter")
    r = subprocess.run([MXTOP, "--once", "--why", "deada", good], env=ENV, capture_output=True, text=True)
    check(r.returncode == 0 and "verdict: deadlock" in r.stdout, "--once --why")


def main():
    if not os.path.exists(MXTOP):
        print("mxtop is not built: %s" % MXTOP)
        sys.exit(1)
    if shutil.which("tmux") is None:
        print("tmux is not installed")
        sys.exit(1)
    tmp = tempfile.mkdtemp(prefix="mxtop-screen-")
    try:
        good = os.path.join(tmp, "run.db")
        mxtop_fixture.make(good)
        screen_tests(good)
        monochrome_and_small_start(good)
        live_test(tmp)
        bad_input_tests(tmp, good)
        once_tests(good)
    finally:
        tmux("kill-server", check_rc=False)
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all mxtop screen checks passed")


if __name__ == "__main__":
    main()
