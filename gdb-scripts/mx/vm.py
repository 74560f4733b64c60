"""Address spaces: reading a process's memory through its own page tables.

A user-space server's memory is read by walking that process's page
directory (struct proc's p_cr3, a physical address) through the kernel's
direct map of physical memory, never through whatever address space the
CPU happens to be in, so a stuck or descheduled server is as readable as
the running one.  Command: mx-vm.
"""
from mx import constants as C
from mx.info import mxinfo, read_phys_mx
from mx.utils import MxError, MxCommand, cached, table

__all__ = ["translate", "v2p", "read_virt", "read_user", "mappings", "PDE_PS"]

PDE_PS = 0x80            # i386 architecture: the PDE maps a 4 MiB page (CR4.PSE)
PAGE = 4096


def _pt_page(pa):
    """A page-table page (4 KiB at physical pa), as 1024 entries."""
    def load():
        raw = read_phys_mx(pa, PAGE)
        return [int.from_bytes(raw[i:i + 4], "little") for i in range(0, PAGE, 4)]
    return cached(("ptpage", pa), load)


def translate(cr3, va):
    """(physical address, entry flags) of va in the address space whose page
    directory is at physical cr3, or None when va is not mapped."""
    try:
        return v2p(cr3, va)
    except MxError:
        return None


def v2p(cr3, va):
    """As translate(), but an unmapped address is an MxError that says
    where the walk stopped (the words of tracer/lib/vm.c)."""
    pde_pa = (cr3 & ~0xfff) + 4 * (va >> 22)
    try:
        pde = _pt_page(cr3 & ~0xfff)[va >> 22]
    except MxError as e:
        raise MxError("page directory entry for 0x%08x at physical 0x%x: %s" % (va, pde_pa, _msg(e)))
    if not pde & C.PTE_P:
        raise MxError("0x%08x is not mapped (page directory entry %d not present, cr3 0x%x)" % (va, va >> 22, cr3))
    if pde & PDE_PS:
        return (pde & 0xffc00000) | (va & 0x3fffff), pde & 0xfff
    pte_pa = (pde & ~0xfff) + 4 * ((va >> 12) & 0x3ff)
    try:
        pte = _pt_page(pde & ~0xfff)[(va >> 12) & 0x3ff]
    except MxError as e:
        raise MxError("page table entry for 0x%08x at physical 0x%x: %s" % (va, pte_pa, _msg(e)))
    if not pte & C.PTE_P:
        raise MxError("0x%08x is not mapped (page table entry not present, cr3 0x%x)" % (va, cr3))
    return (pte & ~0xfff) | (va & 0xfff), pde & pte & 0xfff


def _msg(e):
    s = str(e)
    return s[4:] if s.startswith("mx: ") else s


def read_virt(cr3, va, size):
    """size bytes at va in the address space of page directory cr3."""
    out = bytearray()
    while size > 0:
        pa = v2p(cr3, va)[0]
        n = min(size, PAGE - (va & (PAGE - 1)))
        try:
            out += read_phys_mx(pa, n)
        except MxError as e:
            raise MxError("reading 0x%08x (physical 0x%x): %s" % (va, pa, _msg(e)))
        va = (va + n) & 0xffffffff
        size -= n
        if va == 0 and size:
            raise MxError("read runs past the end of the address space")
    return bytes(out)


def read_user(proc, va, size):
    """size bytes at va in proc's address space (a Proc from mx.proc),
    walking its page tables."""
    try:
        return read_virt(proc.f.get("p_cr3", 0), va, size)
    except MxError as e:
        raise MxError("%s: %s" % (proc.label(), _msg(e)))


def mappings(cr3):
    """Runs of present user pages below the kernel: [(start, end, flags, pages)]
    with flags the low bits of the page-table entries (the same in a run)."""
    top = mxinfo().kernel_base
    runs = []
    if not cr3:
        return runs
    pd = _pt_page(cr3 & ~0xfff)
    for di in range(top >> 22):
        pde = pd[di]
        if not pde & C.PTE_P:
            continue
        if pde & PDE_PS:
            entries = [(di << 22, pde & 0xfff, 1024)]
        else:
            pt = _pt_page(pde & ~0xfff)
            entries = [((di << 22) | (ti << 12), pt[ti] & 0xfff, 1) for ti in range(1024) if pt[ti] & C.PTE_P]
        for va, fl, npages in entries:
            key = fl & (C.PTE_W | C.PTE_U | C.PTE_COW)
            if runs and runs[-1][1] == va and runs[-1][2] == key:
                s, _e, k, n = runs[-1]
                runs[-1] = (s, va + npages * PAGE, k, n + npages)
            else:
                runs.append((va, va + npages * PAGE, key, npages))
    return runs


def pte_letters(fl):
    return ("w" if fl & C.PTE_W else "r") + ("u" if fl & C.PTE_U else "k") + ("c" if fl & C.PTE_COW else "-")


def prot_letters(prot):
    return "".join(l if prot & b else "-" for l, b in (("r", C.VR_READ), ("w", C.VR_WRITE),
                                                        ("x", C.VR_EXEC), ("c", C.VR_COW)))


def size_str(n):
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return "%dM" % (n >> 20)
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return "%dK" % (n >> 10)
    return str(n)


def regions_of(p):
    """VM's regions of process p from the registered vm.regions table:
    (rows or None, a heading that says where they came from or why there
    are none)."""
    from mx.tables import find_table
    t = find_table("vm.regions")
    if t is None:
        return None, "regions: none known: no vm.regions table is registered (VM is not running)"
    rows, err = t.rows()
    if err:
        return None, "regions: vm.regions of %s cannot be read: %s" % (t.owner_label(), err)
    mine = [r for _i, r in rows if r.get("ep") == p.ep]
    return mine, "regions (vm.regions of %s, read through its page tables):%s" % (
        t.owner_label(), "" if mine else " none for this process")


class MxVm(MxCommand):
    """Show a process's memory: VM's regions and its page tables.

Usage: mx-vm NAME|ENDPOINT

The regions come from VM's registered vm.regions table, read through VM's
own page tables (so they show even when VM is stuck); the mapped ranges
come from walking the process's page directory (p_cr3).  Page flags: r/w,
u (user) or k, c for copy-on-write."""
    name = "mx-vm"

    def run(self, argv):
        from mx.proc import find_proc
        if len(argv) != 1:
            raise MxError("usage: mx-vm NAME|ENDPOINT")
        p = find_proc(argv[0])
        cr3 = p.f.get("p_cr3", 0)
        out = ["%s  cr3 %#010x" % (p.label(), cr3)]
        regs, heading = regions_of(p)
        out.append(heading)
        if regs:
            rows = []
            for r in sorted(regs, key=lambda r: r.get("start", 0)):
                start, ln = r.get("start", 0), r.get("len", 0)
                kind = C.VR_KINDS.get(r.get("kind"), (None, str(r.get("kind"))))[1]
                rows.append(["%#010x" % start, "%#010x" % (start + ln), size_str(ln),
                             prot_letters(r.get("prot", 0)), kind, r.get("pages"),
                             r.get("shared_id") or "", r.get("offset") or ""])
            out.append(table(["START", "END", "LEN", "PROT", "KIND", "PAGES", "SHARED", "OFFSET"], rows,
                             right={2, 5}))
        runs = mappings(cr3)
        out.append("mapped (page tables):")
        if runs:
            out.append(table(["START", "END", "PAGES", "FLAGS"],
                             [["%#010x" % s, "%#010x" % e, n, pte_letters(k)] for s, e, k, n in runs],
                             right={2}))
            total = sum(n for _s, _e, _k, n in runs)
            out.append("%d pages (%s) mapped" % (total, size_str(total * PAGE)))
        else:
            out.append("  nothing mapped below %#x" % mxinfo().kernel_base)
        return "\n".join(out)


MxVm()
