"""The kernel's self-description (mx_info) and how structures are decoded.

mx_info is found through the kernel symbol mx_info_obj (debug info or the
ELF symbol table) or, in a stripped kernel, by scanning physical memory for
its magic.  It gives the addresses of every kernel table and, for proc[],
priv[], the IRQ hooks and the kernel counters, the offset, size and kind of
each exported field: the running kernel's own word on its layout, so the
commands work with or without debug info.  The fixed ABI structures of
os/include/mx/ (mx_info itself, the registry, the trace ring, boot info)
are decoded with the layouts generated into mx.constants.
"""
import struct
from collections import namedtuple

import gdb

from mx import constants as C
from mx.utils import (MxError, CachedType, read, read_phys, phys_mode_read, cached, session_cached,
                      symbol_address, require_attached)

__all__ = ["Field", "Layout", "abi_decode", "abi_size", "abi_field", "mxinfo", "kernel_table",
           "read_phys_mx", "bootinfo", "kinfo", "klog_text", "registry_entries"]


Field = namedtuple("Field", "name offset size kind count")

_UNSIGNED = {C.FK_U8, C.FK_U16, C.FK_U32, C.FK_U64, C.FK_ADDR, C.FK_FLAGS}
_SIGNED = {C.FK_I32, C.FK_EP}


def _uint(buf, off, size):
    return int.from_bytes(buf[off:off + size], "little")


def _sint(buf, off, size):
    return int.from_bytes(buf[off:off + size], "little", signed=True)


def _cstr(raw):
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


def decode_field(f, buf, base=0):
    """The value of field f of the entry at buf[base:]: an int, a str (STR),
    an int for a bitmap (BITS), a list when count > 1."""
    def one(off):
        if f.kind in _UNSIGNED:
            return _uint(buf, off, f.size)
        if f.kind in _SIGNED:
            return _sint(buf, off, f.size)
        if f.kind == C.FK_STR:
            return _cstr(buf[off:off + f.size])
        if f.kind == C.FK_BITS:
            return _uint(buf, off, f.size)
        return _uint(buf, off, f.size) if f.size <= 8 else buf[off:off + f.size].hex()
    if f.count > 1:
        return [one(base + f.offset + i * f.size) for i in range(f.count)]
    return one(base + f.offset)


class Layout:
    """Fields of one structure: from mx_info, a registry descriptor or the
    debug info.  decode() turns an entry into {field name: value}."""

    def __init__(self, name, size, fields):
        self.name = name
        self.size = size
        self.fields = list(fields)
        self.by_name = {f.name: f for f in self.fields}

    def has(self, name):
        return name in self.by_name

    def decode(self, buf, base=0):
        return {f.name: decode_field(f, buf, base) for f in self.fields}

    def get(self, buf, base, name, default=None):
        f = self.by_name.get(name)
        return default if f is None else decode_field(f, buf, base)

    def json_fields(self):
        return [{"name": f.name, "offset": f.offset, "size": f.size, "kind": f.kind, "count": f.count}
                for f in self.fields]


# ---- the fixed ABI structures (layouts generated from the headers) ---------------------

def abi_size(name):
    return C.LAYOUTS[name]["size"]


def abi_field(name, field):
    return C.LAYOUTS[name]["fields"][field]


def abi_struct(name):
    """(struct.Struct, field names) for a flat structure of os/include/mx/
    whose fields are all single integers, from its ABI layout (for decoding
    many entries fast)."""
    layout = C.LAYOUTS[name]
    fmt, names_, at = "<", [], 0
    for fname, (off, size, count, signed, kind) in sorted(layout["fields"].items(), key=lambda f: f[1][0]):
        if kind != "int" or count != 1 or size not in (1, 2, 4, 8) or off < at:
            raise MxError("%s: field %s cannot be decoded as one integer" % (name, fname))
        code = {1: "b", 2: "h", 4: "i", 8: "q"}[size]
        fmt += "x" * (off - at) + (code if signed else code.upper())
        names_.append(fname)
        at = off + size
    fmt += "x" * (layout["size"] - at)
    return struct.Struct(fmt), names_


def abi_decode(name, buf, base=0):
    """A structure of os/include/mx/ decoded into a dict (nested ones too)."""
    out = {}
    for fname, (off, size, count, signed, kind) in C.LAYOUTS[name]["fields"].items():
        o = base + off
        if kind == "int":
            if count > 1:
                out[fname] = [int.from_bytes(buf[o + i * size:o + (i + 1) * size], "little", signed=bool(signed))
                              for i in range(count)]
            else:
                out[fname] = int.from_bytes(buf[o:o + size], "little", signed=bool(signed))
        elif kind == "str":
            out[fname] = _cstr(buf[o:o + size])
        elif kind == "bytes":
            out[fname] = bytes(buf[o:o + size])
        elif count > 1:
            out[fname] = [abi_decode(kind, buf, o + i * size) for i in range(count)]
        else:
            out[fname] = abi_decode(kind, buf, o)
    return out


# ---- finding mx_info ---------------------------------------------------------------------

SCAN_LIMIT = 16 << 20       # the kernel image (at 1 MiB) lies well within it
SCAN_CHUNK = 1 << 20


def _scan_for_info():
    """Physical address of mx_info, found by its magic (64-byte aligned)."""
    magic = C.INFO_MAGIC
    self_off = abi_field("mx_info", "self")[0]
    base_off = abi_field("mx_info", "kernel_base")[0]
    for start in range(0, SCAN_LIMIT, SCAN_CHUNK):
        try:
            buf = phys_mode_read(start, SCAN_CHUNK)
        except MxError:
            break
        at = buf.find(magic)
        while at >= 0:
            if at % 64 == 0 and at + 64 <= len(buf):
                self_va = _uint(buf, at + self_off, 4)
                kbase = _uint(buf, at + base_off, 4)
                if self_va - kbase == start + at:
                    return self_va
            at = buf.find(magic, at + 1)
    return None


def _locate():
    addr = symbol_address("mx_info_obj")
    if addr is not None:
        return addr, "symbol mx_info_obj"
    addr = _scan_for_info()
    if addr is not None:
        return addr, "magic scan"
    raise MxError("cannot find mx_info: no symbol mx_info_obj and no magic in the first %d MiB" %
                  (SCAN_LIMIT >> 20))


class MxInfo:
    """mx_info decoded, with its structure descriptions as Layouts."""

    def __init__(self, addr, how, d):
        self.addr = addr
        self.how = how
        self.d = d
        self.kernel_base = d["kernel_base"]
        self.phys_bytes = d["phys_bytes"]
        self.tsc_hz = d["tsc_hz"] or 1
        self.hz = d["hz"] or 100
        self.nr_slots = d["nr_slots"]
        self.nr_privs = d["nr_privs"]
        self.nr_tasks = d["nr_tasks"]
        self.structs = {}
        for sid, (_n, sname, _t) in C.STRUCTS.items():
            sd = d["structs"][sid]
            fields = [Field(f["name"], f["offset"], f["size"], f["kind"], f["count"] or 1)
                      for f in d["fields"][sd["first_field"]:sd["first_field"] + sd["nfields"]]]
            self.structs[sname] = (sd["addr"], sd["count"], sd["size"], Layout(sname, sd["size"], fields))

    def __getattr__(self, name):
        try:
            return self.d[name]
        except KeyError:
            raise AttributeError(name)

    @property
    def build_id(self):
        return self.d["build_id"][:self.d["build_id_len"]].hex()


def mxinfo():
    """The running kernel's mx_info (read once per stop)."""
    addr, how = session_cached("mxinfo-addr", _locate)

    def load():
        at, size = addr, abi_size("mx_info")
        buf = read(at, size)
        if buf[:C.INFO_MAGIC_LEN] != C.INFO_MAGIC:
            if not any(buf[:C.INFO_MAGIC_LEN]):
                raise MxError("mx_info at %#x is not set up yet (the kernel is still booting)" % at)
            # Symbols from another build of the kernel: look for the magic instead.
            found = _scan_for_info() if how.startswith("symbol") else None
            if found is None:
                raise MxError("no mx_info magic at %#x (wrong kernel ELF for this guest?)" % at)
            _warn_once("moved", "mx: warning: mx_info is not where the kernel ELF says (%#x) but at %#x: "
                       "the ELF is not the running kernel's" % (at, found))
            at, buf = found, read(found, size)
        d = abi_decode("mx_info", buf)
        if d["version"] != C.INFO_VERSION:
            raise MxError("mx_info version %d; these scripts read version %d" % (d["version"], C.INFO_VERSION))
        return MxInfo(at, how, d)
    return cached("mxinfo", load)


def kernel_table(sname):
    """(address, count, entry size, Layout, raw bytes) of a kernel table:
    'proc', 'priv', 'irqhook' or 'kinfo'.  The layout is mx_info's (the
    running kernel's word); before mx_info is set up, or if it cannot be
    found, the kernel's debug info stands in."""
    def load():
        require_attached()
        try:
            addr, count, size, layout = mxinfo().structs[sname]
        except MxError as e:
            d = debug_table(sname)
            if d is None:
                raise
            addr, count, size, layout = d
            _warn_once("fallback", "mx: %s; using the kernel's debug info instead" % str(e)[4:])
        else:
            _check_debug_info(sname, addr, layout)
        return addr, count, size, layout, read(addr, count * size)
    return cached(("ktable", sname), load)


# ---- the debug info: a stand-in for mx_info, and a check on the ELF ----------------

# The kernel symbol of each table mx_info describes.
DEBUG_TABLES = {"proc": "proc", "priv": "priv", "irqhook": "irq_hooks", "kinfo": "kinfo"}
# Fields mx_info exports under a name of their own (os/kernel/mxinfo.c).
DEBUG_PATHS = {"proc": {"eip": "p_reg.eip", "esp": "p_reg.esp", "eax": "p_reg.eax",
                        "p_sendmsg_type": "p_sendmsg.m_type"}}
_warned = set()


def _warn_once(key, text):
    if key not in _warned:
        _warned.add(key)
        gdb.write(text + "\n", gdb.STDERR)


def _kind_of(t, name):
    """(kind, element size, count) of a field of type t."""
    if t.name == "mx_endpoint_t":
        return C.FK_EP, 4, 1
    u = t.strip_typedefs()
    if u.code == gdb.TYPE_CODE_PTR:
        return C.FK_ADDR, u.sizeof, 1
    if u.code == gdb.TYPE_CODE_ARRAY:
        e = u.target()
        es = e.strip_typedefs()
        n = u.sizeof // max(es.sizeof, 1)
        if es.sizeof == 1 and (e.name or es.name or "").endswith("char"):
            return C.FK_STR, u.sizeof, 1
        if es.sizeof == 4 and not getattr(es, "is_signed", False):
            return C.FK_BITS, u.sizeof, 1        # the priv bitmaps
        k = _kind_of(e, name)
        return k[0], es.sizeof, n
    if u.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_ENUM, gdb.TYPE_CODE_BOOL):
        signed = getattr(u, "is_signed", False)
        return {1: C.FK_U8, 2: C.FK_U16, 4: C.FK_I32 if signed else C.FK_U32, 8: C.FK_U64}.get(
            u.sizeof, C.FK_BITS), u.sizeof, 1
    return C.FK_BITS, u.sizeof, 1


def _field_at(t, path):
    """(offset, gdb.Type) of a dotted field path in struct type t."""
    off = 0
    for part in path.split("."):
        u = t.strip_typedefs()
        f = next((f for f in u.fields() if f.name == part), None)
        if f is None:
            return None
        off += f.bitpos // 8
        t = f.type
    return off, t


def debug_table(sname):
    """(address, count, size, Layout) of a kernel table from the debug info,
    with mx_info's field names; None without debug info."""
    sym = DEBUG_TABLES[sname]
    addr = symbol_address(sym)
    try:
        t = gdb.parse_and_eval(sym).type
    except gdb.error:
        return None
    u = t.strip_typedefs()
    if addr is None or u.code == gdb.TYPE_CODE_ERROR or u.sizeof == 0:
        return None
    count = 1
    if u.code == gdb.TYPE_CODE_ARRAY:
        t = u.target()
        count = u.sizeof // max(t.strip_typedefs().sizeof, 1)
    st = t.strip_typedefs()
    if st.code != gdb.TYPE_CODE_STRUCT:
        return None                    # symbols only: no type to read fields from
    fields = []
    for f in st.fields():
        if f.name and not f.is_base_class and f.bitsize == 0:
            k, es, n = _kind_of(f.type, f.name)
            fields.append(Field(f.name, f.bitpos // 8, es, k, n))
    for name, path in DEBUG_PATHS.get(sname, {}).items():
        fp = _field_at(t, path)
        if fp is not None:
            k, es, n = _kind_of(fp[1], name)
            fields.append(Field(name, fp[0], es, k, n))
    return addr, count, st.sizeof, Layout(sname, st.sizeof, fields)


def _check_debug_info(sname, addr, layout):
    """Warn once if the loaded ELF's debug info disagrees with the running
    kernel (a stale kernel.elf): printers and $mx_proc would mislead."""
    d = session_cached(("debug-table", sname), lambda: debug_table(sname))
    if d is None:
        return
    daddr, _n, dsize, dl = d
    bad = [f.name for f in layout.fields if f.name in dl.by_name and dl.by_name[f.name].offset != f.offset]
    if daddr != addr or dsize != layout.size or bad:
        _warn_once("mismatch", "mx: warning: the kernel ELF's debug info does not match the running kernel "
                   "(%s); commands use mx_info, printers may mislead" % (
                       "fields " + ", ".join(bad[:4]) if bad else "%s[] at %#x, not %#x" % (sname, addr, daddr)))


def read_phys_mx(pa, size):
    mi = mxinfo()
    return read_phys(pa, size, mi.kernel_base, mi.phys_bytes)


def kinfo():
    _a, _c, _s, layout, buf = kernel_table("kinfo")
    return layout.decode(buf)


def bootinfo():
    def load():
        mi = mxinfo()
        return abi_decode("mx_bootinfo", read(mi.boot_addr, abi_size("mx_bootinfo")))
    return cached("bootinfo", load)


def klog_text():
    """The kernel's message buffer, oldest first."""
    mi = mxinfo()
    d = abi_decode("mx_klog", read(mi.log_addr, abi_size("mx_klog")))
    size, nxt, buf = d["size"] or len(d["buf"]), d["next"], d["buf"]
    if nxt <= size:
        data = buf[:nxt]
    else:
        i = nxt % size
        data = buf[i:size] + buf[:i]
    return data.decode("utf-8", "replace")


def registry_entries():
    """The kernel's table registry: a list of (index, owner, generation,
    descriptor dict) for entries in use."""
    def load():
        mi = mxinfo()
        reg = abi_decode("mx_registry", read(mi.registry_addr, abi_size("mx_registry")))
        out = []
        for i, e in enumerate(reg["ent"]):
            if e["owner"] == C.NONE:
                continue
            out.append((i, e["owner"], e["generation"], e["desc"]))
        return out
    return cached("registry", load)


def tsc_now():
    """The guest's TSC now, near enough: the latest trace record's (the
    clock's IRQ is recorded every tick while tracing is on), or 0."""
    return cached("tsc-now", _tsc_now)


def _tsc_now():
    best = 0
    mi = mxinfo()
    try:
        ring = abi_decode("mx_trace_ring", read(mi.ring_addr, abi_size("mx_trace_ring")))
        if ring["magic"] == C.TRACE_MAGIC and ring["head"] > 0:
            n = ring["head"] - 1
            rs = abi_size("mx_trace_rec")
            rec = abi_decode("mx_trace_rec", read(mi.ring_addr + abi_size("mx_trace_ring") +
                                                  (n & (ring["nrecs"] - 1)) * rs, rs))
            if rec["seq"] == n & 0xffffffff:
                best = rec["tsc"]
    except MxError:
        pass
    return best


def u32_at(addr):
    return struct.unpack("<I", read(addr, 4))[0]
