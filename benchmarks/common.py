"""What the kernel benchmarks (``benchmarks/chNN/bench_*.py``) share.

- :func:`pinned_args`: the common options, and the CPU thread count fixed *before* torch or
  numpy is imported (BLAS reads ``OMP_NUM_THREADS`` once, at import: hence a re-exec);
- :func:`load_variant`: a mutant's or alternative's definitions, as the grader would append
  them to the solution notebook;
- :func:`sync` and :func:`header`: CUDA synchronization around a timed call, and the line
  that says what machine and library versions produced a table.

Usage, at the top of a script, before ``import torch``::

    sys.path.insert(0, str(ROOT))
    from benchmarks.common import pinned_args
    ARGS = pinned_args(__doc__)
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["header", "load_variant", "pinned_args", "sync"]

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pinned_args(
    doc: str | None,
    *,
    repeats: int = 7,
    quick_help: str = "the speed-test sizes only",
    add: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """Parse ``--threads`` (default 1, like the grader's worker), ``--repeats``, ``--quick``
    and whatever ``add`` declares; re-exec this script once if the thread variables differ."""
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0] if doc else None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=repeats)
    ap.add_argument("--quick", action="store_true", help=quick_help)
    if add is not None:
        add(ap)
    args = ap.parse_args()
    if args.threads < 1 or args.repeats < 1:
        ap.error("--threads and --repeats must be at least 1")
    if any(os.environ.get(k) != str(args.threads) for k in _THREAD_VARS):
        os.environ.update({k: str(args.threads) for k in _THREAD_VARS})
        os.execv(sys.executable, [sys.executable, *sys.argv])
    return args


def load_variant(path: Path, namespace: dict | None = None) -> dict:
    """Execute the file ``path`` in a copy of ``namespace``; return its definitions."""
    ns = dict(namespace or {})
    exec(compile(path.read_text(), str(path), "exec"), ns)
    return ns


def sync(device: str) -> None:
    """Wait for queued CUDA work (no-op on a CPU): a timed call must include its kernels."""
    if device == "cuda":
        import torch

        torch.cuda.synchronize()


def header(threads: int) -> str:
    """torch version, CPU, thread count and GPU name, for the top of a results table."""
    import torch

    gpu = f", GPU {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ""
    cpu = platform.processor() or platform.machine()
    return f"torch {torch.__version__}, {cpu}, {threads} CPU thread(s){gpu}"
