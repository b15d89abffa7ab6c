"""Read the adversarial cases and check what grading left behind.

A case is ``cases/NN_name.cells`` (a notebook's code cells, split at ``# %%`` lines) or
``cases/NN_name.nbjson`` (a notebook file, kept under another suffix so that the
repository's "no committed outputs" check does not see its forged outputs). Its header
(``.cells``: comment lines before the first ``# %%``; ``.nbjson``: ``metadata.medl_case``)
says::

    # case: what the attack tries
    # expect: score=1 q1=error q2=passed     total score, and the kind of each question
    # honest: softmax                        honest cells to add (setup is always cell 1)
    # needs: bwrap cgroup                    skip where the bubblewrap sandbox cannot run,
                                             or where no cgroup per worker can be made
    # limits: memory=256 total=400           MEDL_WORKER_MEMORY_MB / _TOTAL_MB (default
                                             memory=1024): small, so that bombs hit them fast

``@@NAME@@`` placeholders are filled with real paths so that attacks aim at the right
files: HIDDEN_DIR, SOLUTION_DIR, ROOT (the checkout), OUT_DIR (the --out folder), REPO (the
medl repository), PORT (a TCP port the grader listens on, on its own loopback).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from advtoy import HONEST, SCALE, SETUP, SOFTMAX, notebook_json

CASES = Path(__file__).resolve().parent / "cases"
_HONEST = {"setup": SETUP, "scale": SCALE, "softmax": SOFTMAX}
assert HONEST == (SETUP, SCALE, SOFTMAX)


@dataclass
class Case:
    name: str
    about: str
    score: float
    kinds: dict[str, str]
    cells: list[str]
    needs: set[str] = field(default_factory=set)
    limits: dict[str, str] = field(default_factory=dict)

    def notebook(self, fill: dict[str, str]) -> str:
        """The submission, placeholders filled, as notebook JSON."""

        def sub(text: str) -> str:
            return re.sub(r"@@([A-Z_]+)@@", lambda m: fill[m.group(1)], text)

        return notebook_json([sub(c) for c in self.cells])


def _expect(text: str) -> tuple[float, dict[str, str]]:
    score, kinds = None, {}
    for item in text.split():
        key, _, value = item.partition("=")
        if key == "score":
            score = float(value)
        else:
            kinds[key] = value
    if score is None:
        raise ValueError(f"no score in expect line {text!r}")
    return score, kinds


def _build(name: str, header: dict[str, str], cells: list[str]) -> Case:
    score, kinds = _expect(header["expect"])
    honest = [_HONEST[h] for h in header.get("honest", "").split()]
    needs = set(header.get("needs", "").split())
    limits = dict(item.split("=", 1) for item in header.get("limits", "").split())
    return Case(name, header.get("case", ""), score, kinds, [SETUP, *honest, *cells], needs, limits)


def load_case(path: Path) -> Case:
    """Parse one case file."""
    if path.suffix == ".nbjson":
        nb = json.loads(path.read_text())
        header = nb["metadata"]["medl_case"]
        cells = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"]
            if c["cell_type"] == "code"
        ]
        return _build(path.stem, header, cells)
    header: dict[str, str] = {}
    parts = re.split(r"^# %%.*$\n?", path.read_text(), flags=re.M)
    for line in parts[0].splitlines():
        m = re.match(r"#\s*(\w+):\s*(.*)$", line)
        if m:
            header[m.group(1)] = m.group(2).strip()
    return _build(path.stem, header, [p for p in parts[1:] if p.strip()])


def all_cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix in (".cells", ".nbjson"))


def kind_of(test: dict) -> str:
    """The test's kind; a memory failure reported as a generic error counts as "memory"
    (until runner.py maps session.OutOfMemory to its own kind)."""
    kind = test["extra_data"]["kind"]
    out = test["output"]
    if kind == "error" and ("ran out of memory" in out or "MiB of memory" in out):
        return "memory"
    return kind


def _alive_cmdline(pid: str) -> tuple[bytes, int] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        if stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] in (b"Z", b"X"):
            return None
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read(), os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def leftovers(workers: list, markers: list[str], grace: float = 3.0) -> list[str]:
    """Live processes that a recorded worker started: by tag on the command line, by the
    worker's own uid, or by a case's marker. Waits up to ``grace`` seconds for the kernel to
    finish tearing down killed namespaces."""
    tags = [w.tag.encode() for w in workers if w.tag] + [m.encode() for m in markers]
    uids = {w.uid for w in workers if w.uid is not None}
    deadline = time.monotonic() + grace
    while True:
        found = []
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            got = _alive_cmdline(pid)
            if got and (got[1] in uids or any(t in got[0] for t in tags)):
                found.append(f"pid {pid} uid {got[1]}: {got[0][:120]!r}")
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def tree_digest(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file under ``root``: to prove nothing there changed."""
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
