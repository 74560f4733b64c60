#!/usr/bin/env python3
"""The shell on the console, typed at as a user would: boot the whole system
(PM, VFS, VM, TTY, memory driver, file system, init and the root image) with
COM1 on a Unix socket, wait for the prompt and check commands, pipes,
redirections, Ctrl-C (kills the foreground job, not the shell), Ctrl-Z and
fg, end of file on cat, and init starting a new shell after exit."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("MX_BUILD", "build")
BIN = os.path.join(BUILD, "os", "bin")
MODULES = ["pm", "vfs", "vm", "tty", "memory", "fs", "init"]


class Console:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="mxsh.")
        self.sock_path = os.path.join(self.dir, "com1.sock")
        mods = [os.path.join(BIN, m) for m in MODULES] + [os.path.join(BUILD, "os", "root.img")]
        for m in mods:
            if not os.path.exists(m):
                sys.exit("missing %s (build it first)" % m)
        argv = ["qemu-system-i386", "-m", "128M", "-no-reboot", "-display", "none",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-serial", "unix:%s,server=on,wait=on" % self.sock_path, "-serial", "null",
                "-kernel", os.path.join(BUILD, "os", "kernel.elf"), "-append", "", "-initrd", ",".join(mods)]
        self.qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while not os.path.exists(self.sock_path):
            if time.time() > deadline or self.qemu.poll() is not None:
                self.close()
                sys.exit("QEMU did not start")
            time.sleep(0.02)
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(self.sock_path)
        self.s.settimeout(0.05)
        self.text = ""

    def close(self):
        if self.qemu.poll() is None:
            os.killpg(self.qemu.pid, 9)
            self.qemu.wait()
        try:
            os.unlink(self.sock_path)
            os.rmdir(self.dir)
        except OSError:
            pass

    def read_until(self, pattern, timeout=20):
        """Everything up to and including pattern (a regex); the output seen so far is consumed."""
        rx = re.compile(pattern)
        deadline = time.time() + timeout
        while True:
            m = rx.search(self.text)
            if m:
                out, self.text = self.text[:m.end()], self.text[m.end():]
                return out
            if time.time() > deadline:
                raise AssertionError("no %r within %ds; console ends with:\n%s" % (pattern, timeout, self.text[-2000:]))
            try:
                data = self.s.recv(4096)
                if not data:
                    raise AssertionError("console closed; it ends with:\n" + self.text[-2000:])
                self.text = (self.text + data.decode("utf-8", "replace")).replace("\r\n", "\n")
            except socket.timeout:
                pass

    def run(self, line, timeout=20):
        """Type line, return what it printed before the next prompt (the echo removed)."""
        self.s.sendall(line.encode() + b"\n")
        out = self.read_until(r"\$ $", timeout)
        out = out[:-2]
        echo = line + "\n"
        assert out.startswith(echo), "the terminal did not echo %r: %r" % (line, out)
        return out[len(echo):]

    def key(self, ch):
        self.s.sendall(ch.encode())


def main():
    c = Console()
    try:
        c.read_until(r"\$ $", 60)
        assert c.run("echo hello world") == "hello world\n"
        bins = c.run("ls /bin")
        for prog in ("sh", "ls", "cat", "ps", "init", "runtests"):
            assert re.search(r"(^|\s)%s(\s|$)" % prog, bins), "ls /bin lacks %s:\n%s" % (prog, bins)
        assert c.run("echo one two | cat | wc -w").strip() == "2"
        # The toolkit's guest commands explain themselves on --help (stdout, status 0).
        for cmd in ("trace", "service", "dump", "hang", "fsstorm", "forkstorm", "memhog"):
            out = c.run("%s --help; echo status=$?" % cmd)
            assert out.startswith("usage: %s" % cmd) and out.endswith("status=0\n"), "%s --help:\n%s" % (cmd, out)
        assert c.run("echo saved > /tmp/f; cat < /tmp/f; rm /tmp/f") == "saved\n"
        ps = c.run("ps")
        assert re.search(r"^\s+1\s+0\s+\d+ REPLY-WAIT<-pm .* init$", ps, re.M), "ps: init:\n" + ps
        assert re.search(r" RECV<-ANY .* vfs$", ps, re.M), "ps: vfs:\n" + ps
        assert re.search(r"REPLY-WAIT<-pm .* sh$", ps, re.M), "ps: the shell:\n" + ps

        # Ctrl-C ends the foreground job; the shell stays.
        c.s.sendall(b"sleep 60\n")
        c.read_until(r"sleep 60\n")
        time.sleep(0.5)
        t0 = time.time()
        c.key("\x03")
        c.read_until(r"\$ $", 10)
        assert time.time() - t0 < 5, "Ctrl-C took %.1fs" % (time.time() - t0)
        assert c.run("echo $?") == "130\n"
        # Ctrl-C at the prompt drops the line.
        c.key("half a line")
        time.sleep(0.2)
        c.key("\x03")
        c.read_until(r"\$ $", 10)
        assert c.run("echo still here") == "still here\n"

        # Ctrl-Z stops the job, fg continues it, Ctrl-C then ends it.
        c.s.sendall(b"sleep 60\n")
        c.read_until(r"sleep 60\n")
        time.sleep(0.5)
        c.key("\x1a")
        out = c.read_until(r"\$ $", 10)
        assert "Stopped" in out, "Ctrl-Z: %r" % out
        assert "Stopped" in c.run("jobs")
        c.s.sendall(b"fg\n")
        c.read_until(r"sleep 60\n")
        time.sleep(0.5)
        c.key("\x03")
        c.read_until(r"\$ $", 10)

        # End of file ends cat; a background job is reported when it is done.
        c.s.sendall(b"cat\n")
        c.read_until(r"cat\n")
        c.s.sendall(b"typed\n")
        c.read_until(r"typed\ntyped\n")
        c.key("\x04")
        c.read_until(r"\$ $", 10)
        assert re.match(r"\[1\] \d+\n", c.run("sleep 1 &"))
        time.sleep(2)
        assert "Done" in c.run("true")

        # exit: init starts a new shell.
        c.s.sendall(b"exit\n")
        c.read_until(r"\$ $", 20)
        assert c.run("echo new shell") == "new shell\n"
    finally:
        c.close()
    print("shell console: all checks passed")


if __name__ == "__main__":
    main()
