"""`mx` and `help mx`: every MX command and function with its summary."""
import gdb

from mx.utils import COMMANDS, FUNCTIONS, MxError, guard, out

__all__ = ["summary"]


def _first_line(doc):
    return (doc or "").strip().splitlines()[0] if doc else ""


def summary():
    width = max([len(c.name) for c in COMMANDS] + [len(f.name) + 1 for f in FUNCTIONS] + [8])
    lines = ["MX commands (help NAME for details):"]
    for c in sorted(COMMANDS, key=lambda c: c.name):
        lines.append("  %-*s  %s" % (width, c.name, _first_line(type(c).__doc__)))
    lines.append("Convenience functions (help function NAME):")
    for f in sorted(FUNCTIONS, key=lambda f: f.name):
        lines.append("  %-*s  %s" % (width, "$" + f.name, _first_line(type(f).__doc__)))
    lines.append("Pretty printers: mx_message, mx_endpoint_t, struct proc, struct priv, mx_trace_rec")
    lines.append("(info pretty-printer; disable pretty-printer global mx)")
    return "\n".join(lines)


def _make_help_command():
    class Mx(gdb.Command):
        pass
    Mx.__doc__ = ("MX: commands for debugging an MX guest attached through QEMU's gdbstub.\n\n" +
                  summary() + "\n\nUsage: mx   (prints this list)")

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise MxError("`mx` takes no arguments; try `help mx-ps`")
        out(guard(summary))
    Mx.invoke = invoke
    Mx(("mx"), gdb.COMMAND_USER)


_make_help_command()
