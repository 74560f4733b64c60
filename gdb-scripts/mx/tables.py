"""Server tables published through the kernel's table registry.

A server registers a table (name, address in its own space, entry size,
field list) with REGTABLE; the descriptor lives in the kernel.  Rows are
read through the owner's page tables and decoded purely from the
registered field list, so no debug info of the server is needed.
Command: mx-tables.
"""
from mx import constants as C
from mx import names
from mx.info import Field, Layout, registry_entries
from mx.utils import MxError, MxCommand, cached, table

__all__ = ["RegTable", "reg_tables", "find_table", "tables_like"]


class RegTable:
    """One registry entry."""

    def __init__(self, index, owner, generation, desc):
        self.index = index
        self.owner = owner
        self.generation = generation
        self.name = desc["name"]
        self.addr = desc["addr"]
        self.count = desc["count"]
        self.size = desc["size"]
        nf = min(desc["nfields"], C.TABLE_MAXFIELDS)
        self.layout = Layout(self.name, self.size,
                             [Field(f["name"], f["offset"], f["size"], f["kind"], f["count"] or 1)
                              for f in desc["fields"][:nf]])

    def owner_proc(self):
        """The owner while its address space exists (alive, or exited but
        not yet cleared), else None."""
        from mx.proc import proc_by_slot
        p = proc_by_slot(names.ep_slot(self.owner))
        if p is None or p.free or p.ep != self.owner:
            return None
        return p

    def owner_label(self):
        from mx.proc import ep_label
        return "%s [%d]" % (ep_label(self.owner), self.owner)

    def rows(self):
        """([(index, {field: value})], error): every entry, decoded; error is
        None or why the entries could not be read."""
        def load():
            from mx.vm import read_user
            p = self.owner_proc()
            if p is None:
                return [], "owner endpoint %d is gone (its slot is free or was reused)" % self.owner
            try:
                buf = read_user(p, self.addr, self.count * self.size)
            except MxError as e:
                return [], str(e)[4:] if str(e).startswith("mx: ") else str(e)
            return [(i, self.layout.decode(buf, i * self.size)) for i in range(self.count)], None
        return cached(("regrows", self.index, self.generation), load)


def reg_tables():
    return cached("regtables", lambda: [RegTable(*e) for e in registry_entries()])


def find_table(name):
    """The registered table of that name whose owner is alive, else any."""
    ts = [t for t in reg_tables() if t.name == name]
    live = [t for t in ts if t.owner_proc() is not None]
    return (live or ts or [None])[0]


def tables_like(suffix):
    """Every table whose name ends in suffix (e.g. '.threads')."""
    return [t for t in reg_tables() if t.name.endswith(suffix)]


def fmt_value(v):
    if isinstance(v, list):
        return "[" + ",".join(fmt_value(x) for x in v) + "]"
    return str(v)


class MxTables(MxCommand):
    """List the server tables in the kernel's registry, or show one.

Usage: mx-tables [NAME]

Without NAME: each registered table with its owner, address in the owner's
space, entry count and size.  With NAME: its field list and every entry,
read through the owner's page tables and decoded by field name."""
    name = "mx-tables"

    def run(self, argv):
        if not argv:
            rows = [[t.index, t.name, t.owner_label(), "%#x" % t.addr, t.count, t.size,
                     ",".join(f.name for f in t.layout.fields)] for t in reg_tables()]
            if not rows:
                return "no tables are registered"
            return table(["ID", "NAME", "OWNER", "ADDR", "COUNT", "SIZE", "FIELDS"], rows, right={0, 4, 5})
        if len(argv) != 1:
            raise MxError("usage: mx-tables [NAME]")
        t = find_table(argv[0])
        if t is None:
            raise MxError("no table %r is registered (mx-tables lists them)" % argv[0])
        rows, err = t.rows()
        head = "%s: owner %s, %d entries of %d bytes at %#x" % (t.name, t.owner_label(), t.count, t.size, t.addr)
        if err:
            return head + "\nentries cannot be read: " + err
        names_ = [f.name for f in t.layout.fields]
        return head + "\n" + table(["#"] + names_, [[i] + [fmt_value(r[n]) for n in names_] for i, r in rows],
                                   right={0})


MxTables()
