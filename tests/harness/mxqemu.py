"""Boot MX in QEMU for tests: one class, every wiring option the tools need.

    with MX(build="build", modules=["ktest"]) as mx:
        mx.wait_for(r"KTEST DONE", timeout=60)
        print(mx.console())

Options: shared guest RAM in /dev/shm (shm=True, path in mx.shm_path),
QEMU's gdbstub on a TCP port (gdb=True, mx.gdb_port), QMP on a Unix socket
(qmp=True, mx.qmp_path), the debug channel on a Unix socket (chan=True,
mx.chan_path), -icount shift=0 (icount=True).  COM1 goes to a file read by
console() and wait_for(); with typing=True it is also a socket, and
type(text) sends keystrokes to the guest's console.  Everything lives in a private temporary directory
removed on exit, and QEMU is always killed.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

QEMU = os.environ.get("QEMU", "qemu-system-i386")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The full system as `make run` boots it (os/build.mk's BOOT_DEFAULT; mxtrace run's default).
FULL_SYSTEM = ["pm", "vfs debug-deadlock", "rs", "vm", "ds", "tty", "memory", "fs", "is", "init", "root.img"]


class MXError(Exception):
    pass


class MX:
    def __init__(self, build="build", modules=(), cmdline="", mem="128M", shm=False,
                 gdb=False, qmp=False, chan=False, icount=False, extra=(), stopped=False,
                 workdir=None, typing=False):
        self.build = build
        self.modules = list(modules)
        self.cmdline = cmdline
        self.mem = mem
        self.want_shm, self.want_gdb, self.want_qmp, self.want_chan = shm, gdb, qmp, chan
        self.icount = icount
        self.extra = list(extra)
        self.stopped = stopped
        self.dir = workdir or tempfile.mkdtemp(prefix="mxqemu.")
        self.own_dir = workdir is None
        self.console_path = os.path.join(self.dir, "console.log")
        self.shm_path = None
        self.gdb_port = None
        self.qmp_path = os.path.join(self.dir, "qmp.sock") if qmp else None
        self.chan_path = os.path.join(self.dir, "chan.sock") if chan else None
        self.com1_path = os.path.join(self.dir, "com1.sock") if typing else None
        self.com1 = None
        self.proc = None

    # -- life cycle -----------------------------------------------------------
    def module_path(self, m):
        """A boot module: a guest program (build/os/bin/NAME) with arguments,
        or a data module such as the root file system image (NAME.img, in build/os)."""
        name, _, args = m.partition(" ")
        if name.endswith(".img"):
            name = os.path.basename(name)
            path = os.path.join(self.build, "os", name)
        else:
            path = os.path.join(self.build, "os", "bin", name)
        if not os.path.exists(path):
            raise MXError("no guest program %s (build it first)" % path)
        return path + ((" " + args) if args else "")

    def argv(self):
        kernel = os.path.join(self.build, "os", "kernel.elf")
        a = [QEMU, "-m", self.mem, "-no-reboot", "-display", "none",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if self.com1_path:
            # Output is logged to the console file whether or not anyone is connected.
            a += ["-chardev", "socket,id=com1,path=%s,server=on,wait=off,logfile=%s" % (self.com1_path, self.console_path),
                  "-serial", "chardev:com1"]
        else:
            a += ["-serial", "file:" + self.console_path]
        if self.chan_path:
            a += ["-serial", "unix:%s,server=on,wait=off" % self.chan_path]
        else:
            a += ["-serial", "null"]
        if self.want_shm:
            self.shm_path = "/dev/shm/mxtest.%d.%s" % (os.getpid(), os.path.basename(self.dir))
            a += ["-object", "memory-backend-file,id=ram,size=%s,mem-path=%s,share=on" % (self.mem, self.shm_path),
                  "-machine", "pc,memory-backend=ram"]
        if self.want_gdb:
            self.gdb_port = free_port()
            a += ["-gdb", "tcp:127.0.0.1:%d" % self.gdb_port]
        if self.qmp_path:
            a += ["-qmp", "unix:%s,server=on,wait=off" % self.qmp_path]
        if self.icount:
            a += ["-icount", "shift=0"]
        if self.stopped:
            a += ["-S"]
        a += ["-kernel", kernel, "-append", self.cmdline]
        if self.modules:
            a += ["-initrd", ",".join(self.module_path(m) for m in self.modules)]
        return a + self.extra

    def start(self):
        open(self.console_path, "w").close()
        self.qemu_log = open(os.path.join(self.dir, "qemu.log"), "w")
        self.proc = subprocess.Popen(self.argv(), stdin=subprocess.DEVNULL,
                                     stdout=self.qemu_log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        # Sockets and the shared file appear shortly after start.
        deadline = time.time() + 10
        for path in filter(None, [self.qmp_path, self.chan_path, self.shm_path, self.com1_path]):
            while not os.path.exists(path):
                if self.proc.poll() is not None or time.time() > deadline:
                    raise MXError("QEMU did not start: " + self.qemu_output())
                time.sleep(0.02)
        if self.com1_path:
            self.com1 = socket.socket(socket.AF_UNIX)
            self.com1.connect(self.com1_path)
            # The log file has the output: drain the socket so the guest never waits on it.
            threading.Thread(target=self._drain_com1, daemon=True).start()
        return self

    def _drain_com1(self):
        try:
            while self.com1.recv(65536):
                pass
        except OSError:
            pass

    def type(self, text):
        """Send text to the guest's console as keystrokes (needs typing=True)."""
        if not self.com1:
            raise MXError("type() needs MX(typing=True)")
        self.com1.sendall(text.encode())

    def shell(self, line, expect, timeout=60):
        """Type a command line (needs typing=True) and wait for expect (a
        regex) in what the console prints after it; return the match.
        Raises MXError with the console's end on timeout."""
        start = len(self.console())
        self.type(line + "\n")
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = re.search(expect, self.console()[start:], re.M)
            if m:
                return m
            time.sleep(0.05)
        raise MXError("'%s' did not print %r within %d s; the console ends:\n%s"
                      % (line, expect, timeout, tail(self.console())))

    def qemu_output(self):
        try:
            with open(os.path.join(self.dir, "qemu.log")) as f:
                return f.read().strip()
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, timeout):
        """QEMU's exit status; isa-debug-exit code c makes it (c << 1) | 1."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.com1:
            self.com1.close()
            self.com1 = None
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        if self.shm_path and os.path.exists(self.shm_path):
            os.unlink(self.shm_path)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        if self.own_dir and not os.environ.get("MX_KEEP_TMP"):
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- console ----------------------------------------------------------------
    def console(self):
        with open(self.console_path, "rb") as f:
            return f.read().decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(self, pattern, timeout=30, fail=None):
        """Wait until the console matches pattern (a regex); return the match.
        Raises MXError on timeout, on QEMU exiting first, or if fail matches."""
        rx = re.compile(pattern, re.M)
        frx = re.compile(fail, re.M) if fail else None
        deadline = time.time() + timeout
        while True:
            text = self.console()
            m = rx.search(text)
            if m:
                return m
            if frx and frx.search(text):
                raise MXError("console shows %r:\n%s" % (fail, tail(text)))
            if not self.alive():
                raise MXError("QEMU exited (status %s) before %r:\n%s\n%s" %
                              (self.proc.returncode, pattern, tail(text), self.qemu_output()))
            if time.time() > deadline:
                raise MXError("timeout after %ss waiting for %r:\n%s" % (timeout, pattern, tail(text)))
            time.sleep(0.05)


def tail(text, n=40):
    return "\n".join(text.splitlines()[-n:])
