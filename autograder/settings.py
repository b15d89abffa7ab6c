"""Every environment variable medl reads, in one place, each checked with a one-line error.

| variable | values | read by |
|---|---|---|
| ``MEDL_SECRET`` | any string (default: a fixed course secret) | seeds of hidden tests |
| ``MEDL_ROOT`` | path of the checkout (default: nearest parent with ``solutions/``) | authoring |
| ``MEDL_SANDBOX`` | ``auto`` (default), ``bwrap``, ``rlimits`` | sandbox |
| ``MEDL_WORKER_START`` | ``auto`` (default), ``fork``, ``fresh`` | sandbox |
| ``MEDL_CGROUP`` | ``auto`` (default), ``off`` | sandbox |
| ``MEDL_WORKER_MEMORY_MB`` | per-process data limit, MiB | sandbox |
| ``MEDL_WORKER_TOTAL_MB`` | all of a worker's memory, MiB | sandbox |
| ``MEDL_WORKER_PROCESSES`` | tasks (threads included) | sandbox |
| ``MEDL_WORKER_CPU_S`` | CPU seconds per worker | sandbox |

:func:`check` validates them all; ``medl grade`` calls it before any submission, so a
misspelled value stops the command with exit 2 instead of failing every submission.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.errors import UsageError

__all__ = [
    "cgroup_request",
    "check",
    "positive_int",
    "root_override",
    "sandbox_request",
    "secret",
    "worker_start_request",
]

DEFAULT_SECRET = "medl-course-secret"


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    want = os.environ.get(name, allowed[0]).strip().lower() or allowed[0]
    if want not in allowed:
        raise UsageError(f"{name}={want!r}: use {', '.join(allowed[:-1])} or {allowed[-1]}")
    return want


def secret(*, required: bool = False) -> str | None:
    """``MEDL_SECRET``: the course secret in every hidden test's seed. ``required=False``
    gives the built-in default when unset; ``required=True`` gives None when unset."""
    value = os.environ.get("MEDL_SECRET")
    if value is None:
        return None if required else DEFAULT_SECRET
    return value


def root_override() -> Path | None:
    """``MEDL_ROOT``: the checkout to use, or None to search from the current folder."""
    value = os.environ.get("MEDL_ROOT")
    return Path(value).resolve() if value else None


def sandbox_request() -> str:
    """``MEDL_SANDBOX``: ``auto``, ``bwrap`` or ``rlimits``."""
    return _choice("MEDL_SANDBOX", ("auto", "bwrap", "rlimits"))


def worker_start_request() -> str:
    """``MEDL_WORKER_START``: ``auto``, ``fork`` or ``fresh``."""
    return _choice("MEDL_WORKER_START", ("auto", "fork", "fresh"))


def cgroup_request() -> str:
    """``MEDL_CGROUP``: ``auto`` (a cgroup per worker where one can be made) or ``off``."""
    return _choice("MEDL_CGROUP", ("auto", "off"))


def positive_int(name: str) -> int | None:
    """A positive integer variable such as ``MEDL_WORKER_TOTAL_MB``, or None when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n <= 0:
        raise UsageError(f"{name}={value!r}: use a positive whole number")
    return n


def check() -> None:
    """Validate every variable; raise :class:`UsageError` naming the first bad one."""
    sandbox_request()
    worker_start_request()
    cgroup_request()
    for name in (
        "MEDL_WORKER_MEMORY_MB",
        "MEDL_WORKER_TOTAL_MB",
        "MEDL_WORKER_PROCESSES",
        "MEDL_WORKER_CPU_S",
    ):
        positive_int(name)
