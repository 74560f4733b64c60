#!/usr/bin/env python3
"""Boot smoke test: stock GDB attached to QEMU's gdbstub reads mx_info from
the running guest and checks what it says (the address of proc[] and the
other tables, and the offset and size of every exported field) against the
kernel's own debug info; then reads a live process entry through those
offsets."""
import os
import subprocess
import sys

from mxqemu import MX

BUILD = os.environ.get("MX_BUILD", "build")
KERNEL = os.path.join(BUILD, "os", "kernel.elf")

CHECK = r'''
import gdb
def u(v): return int(v.cast(gdb.lookup_type("unsigned int")))
mi = gdb.parse_and_eval("mx_info_obj")
magic = bytes(int(mi["magic"][i]) & 0xff for i in range(16))
assert magic[:8] == b"MX_INFO\x01", "bad magic %r" % magic
assert u(mi["self"]) == u(gdb.parse_and_eval("&mx_info_obj")), "self address"
assert u(mi["kernel_base"]) == 0xc0000000
tables = {"proc": ("proc", "struct proc"), "priv": ("priv", "struct priv"),
          "irqhook": ("irq_hooks", "struct mx_irq_hook"), "kinfo": ("kinfo", "mx_kinfo")}
checked = 0
for i in range(4):
    sd = mi["structs"][i]
    name = sd["name"].string()
    sym, tname = tables[name]
    t = gdb.parse_and_eval("(%s *)0" % tname).dereference().type
    assert u(sd["addr"]) == u(gdb.parse_and_eval("&" + sym)), "%s address %x" % (name, u(sd["addr"]))
    assert u(sd["size"]) == t.sizeof, "%s size %d != %d" % (name, u(sd["size"]), t.sizeof)
    for k in range(u(sd["nfields"])):
        f = mi["fields"][u(sd["first_field"]) + k]
        fname = f["name"].string()
        if name == "proc" and fname in ("eip", "esp", "eax"):
            expr = "&((struct proc *)0)->p_reg.%s" % fname
        elif name == "proc" and fname == "p_sendmsg_type":
            expr = "&((struct proc *)0)->p_sendmsg.m_type"
        else:
            expr = "&((%s *)0)->%s" % (tname, fname)
        off = u(gdb.parse_and_eval(expr))
        size = gdb.parse_and_eval(expr).dereference().type.sizeof
        count = max(1, u(f["count"]))
        assert u(f["offset"]) == off, "%s.%s offset %d != %d" % (name, fname, u(f["offset"]), off)
        assert u(f["size"]) * count == size, "%s.%s size %d*%d != %d" % (name, fname, u(f["size"]), count, size)
        checked += 1
ring = u(mi["ring_addr"])
assert ring == u(gdb.parse_and_eval("trace_ring")), "ring address"
inf = gdb.selected_inferior()
assert int.from_bytes(bytes(inf.read_memory(ring, 4)), "little") == 0x4352544d, "ring magic"
# A live process through the offsets alone: find echod by name.
pd = mi["structs"][0]
fields = {mi["fields"][u(pd["first_field"]) + k]["name"].string(): mi["fields"][u(pd["first_field"]) + k] for k in range(u(pd["nfields"]))}
base, size = u(pd["addr"]), u(pd["size"])
names = []
for slot in range(u(pd["count"])):
    nf = fields["p_name"]
    raw = bytes(inf.read_memory(base + slot * size + u(nf["offset"]), u(nf["size"])))
    names.append(raw.split(b"\0")[0].decode())
assert "echod" in names and "ping" in names, names
print("MXINFO-OK fields=%d echod-slot=%d" % (checked, names.index("echod")))
'''


def main():
    with MX(build=BUILD, modules=["echod", "ping"], gdb=True) as mx:
        mx.wait_for(r"ping: talking to echod", timeout=30)
        script = os.path.join(mx.dir, "check.py")
        with open(script, "w") as f:
            f.write(CHECK)
        r = subprocess.run(["gdb", "-batch", "-nx", "-ex", "set pagination off", "-ex", "file " + KERNEL,
                            "-ex", "target remote 127.0.0.1:%d" % mx.gdb_port, "-ex", "source " + script],
                           capture_output=True, text=True, timeout=120)
        out = r.stdout + r.stderr
        if "MXINFO-OK" not in out:
            print(out)
            sys.exit(1)
        print([l for l in out.splitlines() if "MXINFO-OK" in l][0])


if __name__ == "__main__":
    main()
