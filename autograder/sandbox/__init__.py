"""The untrusted boundary: everything that starts, feeds, watches, measures and kills a worker.

Student code runs only in a worker process, jailed by bubblewrap (``bwrap``), forked from a
fork server (``zygote`` here, ``jail/forkserver`` inside) or started fresh (``launch``), and
spoken to through a safe codec (``jail/codec``: JSON header plus raw buffers, no pickle) over
pipes (``pipes``). ``procs`` finds and kills everything a worker started. ``jail/`` is the
only code that runs inside the jail; it is copied whole and imports nothing from the grader.

Callers use one interface and never learn how the worker was started::

    with WorkerSession(submission_chunks, limits=...) as session:
        student = StudentProxy(session)
        y = student.softmax(z)          # a call: arguments in, plain data back
"""

from autograder.sandbox.launch import BWRAP, DEGRADED, Limits, sandbox_mode
from autograder.sandbox.session import (
    BadOutput,
    MissingDefinition,
    OutOfMemory,
    SandboxError,
    StudentError,
    StudentFault,
    StudentProxy,
    StudentTimeout,
    WorkerCrashed,
    WorkerSession,
)
from autograder.sandbox.zygote import fork_mode

__all__ = [
    "BWRAP",
    "DEGRADED",
    "BadOutput",
    "Limits",
    "MissingDefinition",
    "OutOfMemory",
    "SandboxError",
    "StudentError",
    "StudentFault",
    "StudentProxy",
    "StudentTimeout",
    "WorkerCrashed",
    "WorkerSession",
    "fork_mode",
    "sandbox_mode",
]
