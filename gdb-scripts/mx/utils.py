"""Target access and the plumbing every command shares.

Reads of guest memory (kernel virtual, physical through the kernel's direct
map or QEMU's physical mode), a cache that lives until the guest moves,
one-line errors, the command base class and text helpers.
"""
import os
import re
import struct
import traceback

import gdb

__all__ = ["MxError", "MxCommand", "MxFunction", "COMMANDS", "FUNCTIONS", "read", "write",
           "read_u32", "read_phys", "cached", "session_cached", "invalidate", "attached",
           "symbol_address", "CachedType", "parse_int", "table", "guard", "out"]

COMMANDS = []      # every mx-* command, in registration order (for `help mx`)
FUNCTIONS = []     # every $mx_* function


class MxError(gdb.GdbError):
    """An error reported as one line, never a traceback."""

    def __init__(self, msg):
        super().__init__(msg if msg.startswith("mx") else "mx: " + msg)


# ---- caches ------------------------------------------------------------------
# _stop holds what was read since the guest last stopped; _session what stays
# true for the attached kernel (where mx_info lives).  GDB's events clear them.

_stop = {}
_session = {}


class _Failed:
    def __init__(self, err):
        self.err = err


def cached(key, fn):
    """fn(), remembered until the guest runs again or memory is written; a
    failure (MxError) is remembered too, so it is not retried each time."""
    try:
        v = _stop[key]
    except KeyError:
        try:
            v = _stop[key] = fn()
        except MxError as e:
            _stop[key] = _Failed(e)
            raise
    if isinstance(v, _Failed):
        raise v.err
    return v


def session_cached(key, fn):
    """fn(), remembered until a new kernel is loaded or the target goes away."""
    try:
        return _session[key]
    except KeyError:
        v = _session[key] = fn()
        return v


def invalidate(*_args):
    _stop.clear()


def invalidate_session(*_args):
    _stop.clear()
    _session.clear()


_HANDLERS = [("stop", invalidate), ("cont", invalidate), ("memory_changed", invalidate),
             ("inferior_call_post", invalidate), ("new_objfile", invalidate_session),
             ("clear_objfiles", invalidate_session), ("exited", invalidate_session)]


def connect_events():
    for name, fn in _HANDLERS:
        reg = getattr(gdb.events, name, None)
        if reg is not None:
            reg.connect(fn)


def disconnect_events():
    for name, fn in _HANDLERS:
        reg = getattr(gdb.events, name, None)
        if reg is not None:
            try:
                reg.disconnect(fn)
            except Exception:
                pass


# ---- target access -------------------------------------------------------------

def attached():
    """Is GDB connected to a live target (QEMU's gdbstub)?"""
    try:
        inf = gdb.selected_inferior()
        return inf.pid != 0 and len(inf.threads()) > 0
    except gdb.error:
        return False


def require_attached():
    if not attached():
        raise MxError("GDB is not attached to MX (start it with `make run-gdb`, then "
                      "`target remote :PORT`)")


def read(addr, size):
    """size bytes of kernel virtual memory at addr."""
    require_attached()
    if size <= 0:
        return b""
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, size))
    except gdb.MemoryError:
        raise MxError("cannot read %d bytes at %#x (is the kernel up and paging on?)" % (size, addr))
    except gdb.error as e:
        raise MxError("cannot read %d bytes at %#x: %s" % (size, addr, e))


def read_u32(addr):
    return struct.unpack("<I", read(addr, 4))[0]


def write(addr, data):
    """Write bytes to kernel virtual memory."""
    require_attached()
    try:
        gdb.selected_inferior().write_memory(addr, data)
    except (gdb.MemoryError, gdb.error) as e:
        raise MxError("cannot write %d bytes at %#x: %s" % (len(data), addr, e))
    invalidate()


def phys_mode_read(pa, size):
    """Read physical memory through QEMU's gdbstub physical mode."""
    require_attached()
    try:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
    except gdb.error:
        raise MxError("cannot read physical %#x: the stub has no physical mode (not QEMU?)" % pa)
    try:
        return bytes(gdb.selected_inferior().read_memory(pa, size))
    except (gdb.MemoryError, gdb.error):
        raise MxError("cannot read %d bytes at physical %#x" % (size, pa))
    finally:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def read_phys(pa, size, kernel_base, phys_bytes):
    """Physical memory: through the kernel's direct map when it covers it,
    else through QEMU's physical mode."""
    if kernel_base is not None and pa + size <= phys_bytes:
        try:
            return read(kernel_base + pa, size)
        except MxError:
            pass
    return phys_mode_read(pa, size)


def symbol_address(name):
    """Address of a kernel symbol (debug info or the ELF symbol table), or None."""
    try:
        return int(gdb.parse_and_eval("(unsigned long)&%s" % name)) & 0xffffffff
    except gdb.error:
        return None


class CachedType:
    """A type from the debug info, looked up when first needed and again
    after a new kernel is loaded; None when the debug info lacks it."""

    def __init__(self, name):
        self.name = name

    def get(self):
        def look():
            try:
                return gdb.lookup_type(self.name)
            except gdb.error:
                return None
        return session_cached(("type", self.name), look)


# ---- commands ------------------------------------------------------------------------

def guard(fn, *args):
    """Run fn(*args); any failure becomes a one-line gdb.GdbError."""
    try:
        return fn(*args)
    except gdb.GdbError:
        raise
    except gdb.MemoryError as e:
        raise MxError("memory read failed: %s" % e)
    except gdb.error as e:
        raise MxError(str(e).splitlines()[0] if str(e) else "GDB error")
    except KeyboardInterrupt:
        raise MxError("interrupted")
    except Exception as e:
        if os.environ.get("MX_DEBUG"):
            traceback.print_exc()
        raise MxError("internal error: %s: %s (MX_DEBUG=1 shows where)" % (type(e).__name__, e))


class MxCommand(gdb.Command):
    """Base of every mx-* command: the subclass's docstring is its help,
    run(argv) does the work and returns the text to print."""
    name = None

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_USER)
        COMMANDS[:] = [c for c in COMMANDS if c.name != self.name] + [self]

    def invoke(self, arg, from_tty):
        self.dont_repeat()
        text = guard(self.run, gdb.string_to_argv(arg))
        if text:
            out(text)

    def run(self, argv):
        raise NotImplementedError


class MxFunction(gdb.Function):
    """Base of the $mx_* convenience functions."""
    name = None

    def __init__(self):
        super().__init__(self.name)
        FUNCTIONS[:] = [f for f in FUNCTIONS if f.name != self.name] + [self]

    def invoke(self, *args):
        return guard(self.call, *args)


def out(text):
    gdb.write(text if text.endswith("\n") else text + "\n")


# ---- arguments and text ----------------------------------------------------------------

def parse_int(s):
    """An integer in C notation (decimal, 0x hex), or None."""
    try:
        return int(s, 0)
    except (TypeError, ValueError):
        return None


def split_opts(argv, flags=(), valued=()):
    """Split argv into (positional, {option: value or True}); errors are one line."""
    pos, opts, i = [], {}, 0
    while i < len(argv):
        a = argv[i]
        if a in flags:
            opts[a] = True
        elif a in valued:
            if i + 1 >= len(argv):
                raise MxError("%s needs a value" % a)
            opts[a] = argv[i + 1]
            i += 1
        elif a.startswith("--") and len(a) > 2:
            raise MxError("unknown option %s" % a)
        else:
            pos.append(a)
        i += 1
    return pos, opts


def table(header, rows, right=()):
    """Rows as aligned text columns; columns whose index is in right are
    right-aligned."""
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [len(h) for h in header]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))

    def line(cells):
        parts = []
        for i, c in enumerate(cells):
            parts.append(c.rjust(widths[i]) if i in right else c.ljust(widths[i]))
        return "  ".join(parts).rstrip()
    return "\n".join([line(header)] + [line(r) for r in rows])


_WORD = re.compile(r"[^\x20-\x7e]")


def printable(s):
    return _WORD.sub("?", s)
