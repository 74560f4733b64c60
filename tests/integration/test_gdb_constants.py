#!/usr/bin/env python3
"""The gdb-scripts' generated constants and names agree with the C headers.

A small C program, compiled here against os/include/mx/ and linked with
tracer/lib/names.c (libmxt), prints every name, letter string and state
the host tools derive from the X-macro lists, plus a set of values and
structure offsets straight from the headers; the same is computed in
Python from mx.names and the generated mx.constants.  Every line must be
equal.  No QEMU is needed.
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("MX_BUILD", os.path.join(ROOT, "build"))
CC = os.environ.get("HOST_CC", "gcc")

C_PROGRAM = r"""
#include <stdio.h>
#include <stddef.h>
#include <mx/endpoint.h>
#include <mx/errno.h>
#include <mx/ipc.h>
#include <mx/kcall.h>
#include <mx/trace.h>
#include <mx/procflags.h>
#include <mx/callnr.h>
#include <mx/dump.h>
#include <mx/chan.h>
#include <mx/mxinfo.h>
#include <mx/tables.h>
#include "mxt/names.h"

static const char *s(const char *p) { return p ? p : "-"; }

int main(void)
{
	char buf[64], f[MXT_FLAGS_MAX];
	for (int k = 0; k <= MX_TK_MAX + 1; k++)
		printf("kind %d %s\n", k, s(mxt_kind_name(k)));
	for (int e = -120; e <= 120; e++)
		printf("errno %d %s %s\n", e, s(mxt_errno_name(e)), mxt_errno_text(e));
	for (int c = 0; c <= 8; c++)
		printf("ipc %d %s\n", c, s(mxt_ipc_name(c)));
	for (int c = 0; c <= MX_NR_KCALLS + 1; c++)
		printf("kcall %d %s\n", c, s(mxt_kcall_name(c)));
	for (int t = 0; t < 0x1010; t++)
		if (mxt_msgtype_name(t))
			printf("msgtype %d %s\n", t, mxt_msgtype_name(t));
	for (int k = -1; k <= MX_DUMP_MAX + 1; k++)
		printf("dump %d %s %s\n", k, s(mxt_dump_name(k)), s(mxt_dump_title(k)));
	for (int t = 0; t <= MX_FR_MAX + 1; t++)
		printf("frame %d %s\n", t, s(mxt_frame_type_name(t)));
	static const char *dn[] = { "proc", "F1", "privs", "S-F2", "vm", "12", "13", "0", "PROCTAB", "nope", "Ipc" };
	for (unsigned i = 0; i < sizeof(dn) / sizeof(dn[0]); i++)
		printf("dumpbyname %s %d\n", dn[i], mxt_dump_by_name(dn[i]));
	static const char *kn[] = { "send", "SEND_BLOCK", "recv-blk", "Lock-Acq", "traceop", "nope", "" };
	for (unsigned i = 0; i < sizeof(kn) / sizeof(kn[0]); i++)
		printf("kindbyname %s %d\n", kn[i], mxt_kind_by_name(kn[i]));
	for (unsigned v = 0; v < 0x400; v++) {
		mxt_rts_letters(v, f);
		printf("rts %u %s", v, f);
		mxt_misc_letters(v, f);
		printf(" %s", f);
		mxt_priv_letters(v & 0x3f, f);
		printf(" %s", f);
		printf(" %s %s\n", mxt_proc_state(v, 0), mxt_proc_state(v, MX_MF_REPLY_PEND));
	}
	int eps[] = { 0, 5, 1038, MX_EP(3, 14), MX_EP(65535, 1023), MX_ANY, MX_NONE, MX_SELF };
	for (unsigned i = 0; i < sizeof(eps) / sizeof(eps[0]); i++)
		printf("ep %d %s\n", eps[i], mxt_ep_str(eps[i], buf, sizeof(buf)));
	/* Values and layouts straight from the headers. */
	printf("value ANY %d\nvalue NONE %d\nvalue SELF %d\nvalue NR_SLOTS %d\nvalue NR_PRIVS %d\n",
	       MX_ANY, MX_NONE, MX_SELF, MX_NR_SLOTS, MX_NR_PRIVS);
	printf("value TRACE_MAGIC %u\nvalue TCTL_ON %d\nvalue TCTL_EPFILT %d\nvalue NOTIFY_MESSAGE %d\n",
	       MX_TRACE_MAGIC, MX_TCTL_ON, MX_TCTL_EPFILT, MX_NOTIFY_MESSAGE);
	printf("size mx_info %zu\nsize mx_trace_ring %zu\nsize mx_trace_rec %zu\nsize mx_registry %zu\n",
	       sizeof(mx_info), sizeof(mx_trace_ring), sizeof(mx_trace_rec), sizeof(mx_registry));
	printf("size mx_message %zu\nsize mx_bootinfo %zu\nsize mx_klog %zu\n",
	       sizeof(mx_message), sizeof(mx_bootinfo), sizeof(mx_klog));
	printf("off mx_info ring_addr %zu\noff mx_info registry_addr %zu\noff mx_info structs %zu\n",
	       offsetof(mx_info, ring_addr), offsetof(mx_info, registry_addr), offsetof(mx_info, structs));
	printf("off mx_info fields %zu\noff mx_info tsc_hz %zu\noff mx_trace_ring head %zu\n",
	       offsetof(mx_info, fields), offsetof(mx_info, tsc_hz), offsetof(mx_trace_ring, head));
	printf("off mx_trace_ring ep_filter %zu\noff mx_trace_rec arg %zu\noff mx_registry ent %zu\n",
	       offsetof(mx_trace_ring, ep_filter), offsetof(mx_trace_rec, arg), offsetof(mx_registry, ent));
	printf("off mx_registry_ent desc %zu\noff mx_table_desc fields %zu\noff mx_bootinfo mods %zu\n",
	       offsetof(mx_registry_ent, desc), offsetof(mx_table_desc, fields), offsetof(mx_bootinfo, mods));
	return 0;
}
"""

PY_PROGRAM = r"""
import sys
from mx import names as N
from mx import constants as C
out = []
def s(p): return p if p is not None else "-"
for k in range(0, C.TK_MAX + 2):
    out.append("kind %d %s" % (k, s(N.kind_name(k))))
for e in range(-120, 121):
    out.append("errno %d %s %s" % (e, s(N.errno_name(e)), N.errno_text(e)))
for c in range(0, 9):
    out.append("ipc %d %s" % (c, s(N.ipc_name(c))))
for c in range(0, C.NR_KCALLS + 2):
    out.append("kcall %d %s" % (c, s(N.kcall_name(c))))
for t in range(0, 0x1010):
    if N.msgtype_name(t):
        out.append("msgtype %d %s" % (t, N.msgtype_name(t)))
dmax = max(d[0] for d in C.DUMPS) + 1
for k in range(-1, dmax + 2):
    out.append("dump %d %s %s" % (k, s(N.dump_name(k)), s(N.dump_title(k))))
for t in range(0, max(C.FRAME_TYPES) + 3):
    out.append("frame %d %s" % (t, s(N.frame_type_name(t))))
for d in ["proc", "F1", "privs", "S-F2", "vm", "12", "13", "0", "PROCTAB", "nope", "Ipc"]:
    out.append("dumpbyname %s %d" % (d, N.dump_by_name(d)))
for k in ["send", "SEND_BLOCK", "recv-blk", "Lock-Acq", "traceop", "nope", ""]:
    out.append("kindbyname %s %d" % (k, N.kind_by_name(k)))
for v in range(0, 0x400):
    out.append("rts %d %s %s %s %s %s" % (v, N.rts_letters(v), N.misc_letters(v), N.priv_letters(v & 0x3f),
                                          N.proc_state(v, 0), N.proc_state(v, C.MF_REPLY_PEND)))
for e in [0, 5, 1038, N.ep_make(3, 14), N.ep_make(65535, 1023), C.ANY, C.NONE, C.SELF]:
    if e >= 1 << 31:
        e -= 1 << 32
    out.append("ep %d %s" % (e, N.ep_str(e)))
for n in ["ANY", "NONE", "SELF", "NR_SLOTS", "NR_PRIVS"]:
    out.append("value %s %d" % (n, getattr(C, n)))
for n in ["TRACE_MAGIC", "TCTL_ON", "TCTL_EPFILT", "NOTIFY_MESSAGE"]:
    out.append("value %s %d" % (n, getattr(C, n)))
for n in ["mx_info", "mx_trace_ring", "mx_trace_rec", "mx_registry", "mx_message", "mx_bootinfo", "mx_klog"]:
    out.append("size %s %d" % (n, C.LAYOUTS[n]["size"]))
for st, f in [("mx_info", "ring_addr"), ("mx_info", "registry_addr"), ("mx_info", "structs"), ("mx_info", "fields"),
              ("mx_info", "tsc_hz"), ("mx_trace_ring", "head"), ("mx_trace_ring", "ep_filter"), ("mx_trace_rec", "arg"),
              ("mx_registry", "ent"), ("mx_registry_ent", "desc"), ("mx_table_desc", "fields"), ("mx_bootinfo", "mods")]:
    out.append("off %s %s %d" % (st, f, C.LAYOUTS[st]["fields"][f][0]))
print("\n".join(out))
"""


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    libmxt = os.path.join(BUILD, "host", "libmxt.a")
    consts = os.path.join(BUILD, "gdb-scripts", "mx", "constants.py")
    for p in (libmxt, consts):
        if not os.path.exists(p):
            fail("%s is missing: run make" % p)
    with tempfile.TemporaryDirectory(prefix="gdbconst.") as d:
        src, exe = os.path.join(d, "names.c"), os.path.join(d, "names")
        with open(src, "w") as f:
            f.write(C_PROGRAM)
        # -m32: the layouts are the guest's (i386); names.c is rebuilt here for it.
        cmd = [CC, "-m32", "-std=gnu11", "-Wall", "-Werror", "-I", os.path.join(ROOT, "os", "include"),
               "-I", os.path.join(ROOT, "tracer", "include"), "-o", exe, src,
               os.path.join(ROOT, "tracer", "lib", "names.c")]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            fail("compiling the C side failed:\n" + r.stderr)
        c_out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.splitlines()
        env = dict(os.environ, MX_BUILD=BUILD, PYTHONPATH=os.path.join(ROOT, "gdb-scripts"))
        r = subprocess.run([sys.executable, "-c", PY_PROGRAM], capture_output=True, text=True, env=env)
        if r.returncode != 0:
            fail("the Python side failed:\n" + r.stderr)
        py_out = r.stdout.splitlines()
    diffs = [(a, b) for a, b in zip(c_out, py_out) if a != b]
    if len(c_out) != len(py_out):
        fail("C printed %d lines, Python %d" % (len(c_out), len(py_out)))
    if diffs:
        fail("%d lines differ, e.g.:\n%s" % (len(diffs), "\n".join("  C:  %s\n  Py: %s" % d for d in diffs[:10])))
    print("ok: %d names, letters, values and offsets agree with the C headers and names.c" % len(c_out))


if __name__ == "__main__":
    main()
