"""Nothing one submission leaves behind reaches the next one graded in the same batch (issue
11): a writer leaves a message in every kind of store that can outlive a process (SysV
shared memory, message queue and semaphores, a POSIX message queue, an abstract unix socket
held by a daemon, files in /tmp and /dev/shm); a reader, graded next by the same worker
pool, looks for each. Fork mode and fresh mode; the reader scores full marks only if it
finds nothing."""

from __future__ import annotations

import os

import pytest
from advtoy import SETUP, SOFTMAX, notebook_json

from autograder.course.batch import grade_batch
from autograder.grading.submission import from_notebook
from autograder.sandbox import launch

pytestmark = pytest.mark.skipif(
    launch.bwrap_works() != "", reason="needs the bubblewrap sandbox (Debian bubblewrap)"
)

COMMON = r"""
import ctypes, ctypes.util, os, socket, time
import numpy as np

KEY = 0x6D65646C  # "medl"
MSG = b"medl-ipc-left-by-the-writer"
IPC_CREAT, O_CREAT, O_RDWR, O_NONBLOCK = 0o1000, 0o100, 2, 0o4000
PATHS = ["/tmp/medl-ipc-file", "/dev/shm/medl-ipc-file"]
ABSTRACT = b"\0medl-ipc-abstract"


def libs():  # top-level calls are exploration code and never run: set up here
    libc = ctypes.CDLL(None, use_errno=True)
    librt = ctypes.CDLL(ctypes.util.find_library("rt") or "librt.so.1", use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    librt.mq_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
    return libc, librt
"""

WRITER = (
    COMMON
    + r"""

def scale(x, alpha):
    libc, librt = libs()
    shm = libc.shmget(KEY, 1 << 20, IPC_CREAT | 0o666)
    addr = libc.shmat(shm, None, 0)
    ctypes.memmove(addr, MSG, len(MSG))
    msq = libc.msgget(KEY, IPC_CREAT | 0o666)
    buf = ctypes.create_string_buffer(8 + len(MSG))
    ctypes.memmove(ctypes.addressof(buf), (1).to_bytes(8, "little") + MSG, 8 + len(MSG))
    libc.msgsnd(msq, buf, len(MSG), 0)
    libc.semget(KEY, 1, IPC_CREAT | 0o666)
    mq = librt.mq_open(b"/medl-ipc", O_CREAT | O_RDWR, 0o666, None)
    librt.mq_send(mq, MSG, len(MSG), 0)
    for p in PATHS:
        with open(p, "wb") as f:
            f.write(MSG)
        os.chmod(p, 0o666)
    if os.fork() == 0:  # a daemon that holds an abstract socket
        os.setsid()
        if os.fork() == 0:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(ABSTRACT)
            s.listen()
            while True:
                c, _ = s.accept()
                c.sendall(MSG)
                c.close()
        os._exit(0)
    made = {"shm": shm >= 0 and addr not in (None, 2**64 - 1), "msg": msq >= 0, "mq": mq >= 0}
    for _ in range(100):  # the daemon's socket answers (then the writer really left it)
        try:
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.connect(ABSTRACT)
            made["socket"] = c.recv(64) == MSG
            break
        except OSError:
            time.sleep(0.02)
    if not all(made.get(k) for k in ("shm", "msg", "mq", "socket")):
        raise RuntimeError(f"the writer could not write: {made}")
    return alpha * np.asarray(x, dtype=float)
"""
)

READER = (
    COMMON
    + r"""

def scale(x, alpha):
    libc, librt = libs()
    found = []
    if libc.shmget(KEY, 0, 0) >= 0:
        found.append("a SysV shared memory segment")
    if libc.msgget(KEY, 0) >= 0:
        found.append("a SysV message queue")
    if libc.semget(KEY, 0, 0) >= 0:
        found.append("a SysV semaphore set")
    if librt.mq_open(b"/medl-ipc", O_RDWR | O_NONBLOCK, 0, None) >= 0:
        found.append("a POSIX message queue")
    for p in PATHS:
        if os.path.exists(p):
            found.append(p)
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(0.5)
        s.connect(ABSTRACT)
        found.append("an abstract unix socket")
    except OSError:
        pass
    if found:
        raise RuntimeError("the writer left: " + ", ".join(found))
    return alpha * np.asarray(x, dtype=float)
"""
)


@pytest.mark.parametrize("start", ["fork", "fresh"] if os.geteuid() == 0 else ["fresh"])
def test_a_reader_never_sees_what_a_writer_left(start, adv, tmp_path, monkeypatch):
    monkeypatch.setenv("MEDL_WORKER_START", start)
    subs = []
    for name, code in (("1-writer", WRITER), ("2-reader", READER)):
        nb = tmp_path / f"{name}.ipynb"
        nb.write_text(notebook_json([SETUP, code, SOFTMAX]))
        subs.append(from_notebook(nb, name))
    # one job: the reader runs after the writer's worker has been killed
    outcomes = grade_batch(adv, subs, tmp_path / "out", jobs=1)
    got = {o.student: o.results for o in outcomes}
    writer, reader = got["1-writer"], got["2-reader"]
    assert writer is not None and reader is not None
    assert writer["score"] == 2, [t["output"] for t in writer["tests"]]  # it did write
    assert writer["extra_data"]["worker_start"] == ("forked" if start == "fork" else "fresh")
    q1 = next(t for t in reader["tests"] if t["number"] == "q1")
    assert q1["extra_data"]["kind"] == "passed", q1["output"]
