"""Helpers for the tracer integration tests (test_tracer_*.py): run mxtrace,
query a run database, talk QMP, read an ELF's bytes at a virtual address."""
import atexit
import json
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("MX_BUILD", "build")
MXTRACE = os.path.join(BUILD, "bin", "mxtrace")
KERNEL = os.path.join(BUILD, "os", "kernel.elf")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok: " + msg)


def mxtrace(*args, timeout=120, expect=0):
    """Run mxtrace; returns (stdout, stderr); fails the test on another exit status."""
    r = subprocess.run([MXTRACE] + [str(a) for a in args], capture_output=True, text=True, timeout=timeout)
    if expect is not None and r.returncode != expect:
        fail("mxtrace %s exited %d (wanted %d):\n%s%s" % (" ".join(map(str, args[:2])), r.returncode, expect,
                                                          r.stdout, r.stderr))
    return r.stdout, r.stderr


def q(db, sql, *args):
    """All rows of a query."""
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def q1(db, sql, *args):
    rows = q(db, sql, *args)
    return rows[0][0] if rows else None


class QMP:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rwb")
        json.loads(self.f.readline())
        self.cmd("qmp_capabilities")

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.f.write(json.dumps(msg).encode() + b"\n")
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "return" in r:
                return r["return"]
            if "error" in r:
                fail("QMP %s: %s" % (name, r["error"]))

    def close(self):
        self.s.close()


def elf_bytes(path, va, n):
    """n bytes of an ELF32 file at virtual address va (from its PT_LOAD headers)."""
    with open(path, "rb") as f:
        data = f.read()
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    for i in range(phnum):
        ptype, off, vaddr, _, filesz = struct.unpack_from("<IIIII", data, phoff + i * phentsize)
        if ptype == 1 and vaddr <= va and va + n <= vaddr + filesz:
            return data[off + va - vaddr:off + va - vaddr + n]
    fail("%s: 0x%x is not in a loadable segment" % (path, va))


def elf_entry(path):
    with open(path, "rb") as f:
        return struct.unpack_from("<I", f.read(28), 24)[0]


def wait_file(path, timeout=10):
    deadline = time.time() + timeout
    while not os.path.exists(path):
        if time.time() > deadline:
            fail("%s did not appear" % path)
        time.sleep(0.05)


def scratch():
    """A scratch directory, removed at exit unless MX_KEEP_TMP is set."""
    d = tempfile.mkdtemp(prefix="mxt-int.")
    if not os.environ.get("MX_KEEP_TMP"):
        atexit.register(shutil.rmtree, d, True)
    return d
