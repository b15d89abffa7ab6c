"""Pipes to the worker: a reader with a deadline and a watchdog, a writer, and how much of
a request the worker has not read yet; plus words for how a worker process ended."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import termios
import time
from typing import Any

__all__ = ["DeadlineReader", "FdWriter", "describe_exit", "unread"]


class DeadlineReader:
    """A file-like ``read`` on a pipe fd that raises TimeoutError past a deadline and, while
    it waits, calls ``watch`` every ``every`` seconds (``watch`` may raise)."""

    def __init__(self, fd: int, deadline: float, watch: Any = None, every: float = 0.25) -> None:
        self.fd, self.deadline, self.watch, self.every = fd, deadline, watch, every

    def read(self, n: int) -> bytes:
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            wait = min(left, self.every) if self.watch else left
            ready, _, _ = select.select([self.fd], [], [], wait)
            if ready:
                return os.read(self.fd, min(n, 1 << 20))
            if self.watch:
                self.watch()


class FdWriter:
    """A file-like ``write`` on a pipe fd (``write_frame`` wants a stream)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]

    def flush(self) -> None:
        pass


def unread(fd: int) -> int:
    """Bytes written to the pipe ``fd`` and not read yet by the other end."""
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return 0


def describe_exit(code: int | None) -> str:
    """How a worker ended, in words (``code`` as Popen reports it: -N for signal N)."""
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        hint = {
            "SIGKILL": "killed: out of memory or a limit?",
            "SIGXCPU": "CPU time limit",
            "SIGXFSZ": "wrote too much output",
            "SIGSEGV": "segmentation fault",
        }
        return f"signal {name}" + (f", {hint[name]}" if name in hint else "")
    return f"exit code {code}; did the code call os._exit or exit()?"
