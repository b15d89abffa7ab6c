"""Speed grading: the student's kernel timed against the reference kernel, as a ratio.

Both kernels run through the same path: each in its own sandboxed worker, called over the
same protocol with the same fresh inputs, so process, transport and thread settings cancel
out. One side's **timed interval** covers everything from the moment its inputs become
visible to code in its worker until its checked output is back here:

    thaw(side) ─ put inputs ─ call (kept in the worker) ─ fetch output ─ free ─ freeze(side)

and nothing of that worker runs outside such an interval while the kernel is measured:
before a side is timed the other side's worker is frozen (its cgroup's freezer, or SIGSTOP
of every tracked process where no cgroup could be made: ``WorkerSession.freeze``), and a
side is frozen again as soon as its interval ends. Work a student starts in the
background (a thread, a ``setsid`` child) therefore either runs inside the student's own
intervals, where it is counted, or does not run at all; it can never overlap the
reference's. Computing while inputs are stored (put) or while the output is read (fetch)
is inside the interval too.

What is scored (``clock`` in results):

- on a **CPU**, the CPU time the worker consumed over the interval, read from the worker's
  cgroup (all threads, processes and children; ``WorkerSession.cpu_seconds``), with every
  BLAS pinned to one thread on both sides. Load from other processes then cannot cost
  points, and extra threads cannot gain any. Wall time is kept in ``extra_data``;
- on **CUDA**, the grader's own wall clock around the interval. CUDA events can only be
  recorded in the process that owns the CUDA context, i.e. inside the untrusted worker,
  whose numbers the grader never scores; the interval ends only once the output has been
  copied to the host, so the device is synchronised inside it whatever the student's code
  patches, and the frozen reference (or student) worker queues no GPU work meanwhile.

One round: draw fresh inputs (seeded), time both sides in alternating order, check the
student's output against the reference's (caching, early returns and wrong answers fail
here). After a warm-up round, rounds repeat until at least ``min_rounds`` are in and the
spread (interquartile range / median) of the per-round ratios is below ``target_spread``,
or the time cap or ``max_rounds`` is hit. The score follows a log-linear curve between the
thresholds in force, applied to the median ratio, or to the ratio of the fastest rounds
when the spread stayed above ``target_spread`` and that is lower (see :func:`summarize`)::

    [questions.speed]
    cpu  = { full = 1.5, zero = 5.0 }   # ratio student/reference: <= full -> all points
    cuda = { full = 2.0, zero = 8.0 }   # >= zero -> none; log-linear in between

The thresholds in force are those of ``assignment.toml`` unless ``medl calibrate --write``
stored thresholds for this machine's device (:mod:`autograder.grading.calibrate`); the
feedback names which. Without CUDA the cuda threshold is reported as "not graded on this
machine", never passed.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.sandbox.jail.codec import Handle
from autograder.sandbox.session import MissingDefinition, StudentTimeout, WorkerSession

__all__ = [
    "SpeedHarness",
    "SpeedResult",
    "Timing",
    "curve",
    "summarize",
    "thresholds_in_force",
]

Inputs = tuple[tuple, dict]
CPU_CLOCK = "cpu-time"  # CPU seconds of the worker's processes over the interval
WALL_CLOCK = "wall"  # the grader's perf_counter around the interval


def _num(x: float) -> float | None:
    return round(x, 6) if math.isfinite(x) else None


def curve(ratio: float, full: float, zero: float) -> float:
    """Fraction of the points for a time ratio: 1 up to ``full``, 0 from ``zero`` on."""
    if not math.isfinite(ratio) or ratio >= zero:
        return 0.0
    if ratio <= full:
        return 1.0
    return 1.0 - math.log(ratio / full) / math.log(zero / full)


def summarize(
    s_times: list[float], r_times: list[float], target_spread: float
) -> tuple[float, float, float]:
    """(median of the per-round ratios, spread = their interquartile range / median, the
    ratio to score).

    A busy machine must not cost a student points: when the ratios did not settle (spread at
    or above ``target_spread``), the ratio of the fastest student round to the fastest
    reference round is scored if it is lower. Load only ever adds time, so each minimum is
    the least disturbed measurement of its kernel; unlike a low per-round ratio, it cannot
    come from the reference being the one disturbed. A Python loop at 15x stays there.
    """
    ratios = [s / max(r, 1e-9) for s, r in zip(s_times, r_times, strict=True)]
    ratio = statistics.median(ratios)
    q1, _, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratio, 0, ratio)
    spread = (q3 - q1) / ratio
    if spread < target_spread:
        return ratio, spread, ratio
    return ratio, spread, min(ratio, min(s_times) / max(min(r_times), 1e-9))


@dataclass(frozen=True)
class Timing:
    """One side's timed interval: the seconds scored (``clock``), wall and CPU seconds."""

    scored: float
    wall: float
    cpu: float


def thresholds_in_force(config: dict, device: str, key: str = "") -> tuple[float, float, str]:
    """(full, zero, where from): those ``medl calibrate --write`` stored for ``key``
    (``"ch06/q2s"``) on this machine's ``device``, else the ``[questions.speed]`` table's."""
    if key:
        from autograder.grading.calibrate import stored_thresholds

        stored = stored_thresholds(key, device)
        if stored is not None:
            return stored
    t = config.get(device)
    if t is None:
        raise AssertionError(f"no speed threshold for device {device!r}")
    return float(t["full"]), float(t["zero"]), "assignment.toml"


def _kept(value: Any, depth: int = 0) -> list[int]:
    """Ids of the objects the worker kept instead of sending (``Handle`` in a reply)."""
    if isinstance(value, Handle):
        return [value.id]
    if isinstance(value, (list, tuple)) and depth < 4:
        return [i for v in value for i in _kept(v, depth + 1)]
    if isinstance(value, dict) and depth < 4:
        return [i for v in value.values() for i in _kept(v, depth + 1)]
    return []


def _kept_type(value: Any) -> str:
    if isinstance(value, Handle):
        return value.type
    items = value.values() if isinstance(value, dict) else value
    return next(_kept_type(v) for v in items if _kept([v]))


def _ratios(s_t: list[Timing], r_t: list[Timing], attr: str) -> list[float]:
    """Per-round ratios student / reference of one field of :class:`Timing`."""
    return [getattr(s, attr) / max(getattr(r, attr), 1e-9) for s, r in zip(s_t, r_t, strict=True)]


@dataclass
class SpeedResult:
    function: str
    device: str
    ratio: float
    spread: float
    rounds: int
    student_s: float
    reference_s: float
    full: float
    zero: float
    fraction: float
    ratios: list[float] = field(default_factory=list)
    scored: float = math.nan  # the ratio the points follow (fastest rounds' when noisy)
    clock: str = CPU_CLOCK
    isolation: str = "cgroup"
    thresholds_from: str = "assignment.toml"
    wall_ratio: float = math.nan
    student_wall_s: float = math.nan
    reference_wall_s: float = math.nan
    codec_s: float = math.nan  # the transport of one round's inputs, there and back

    def extra(self) -> dict:
        """JSON-safe figures: non-finite numbers (a timed-out kernel) become None."""
        return {
            "function": self.function,
            "device": self.device,
            "clock": self.clock,
            "isolation": self.isolation,
            "ratio": _num(self.ratio),
            "scored_ratio": _num(self.scored),
            "spread": _num(self.spread),
            "rounds": self.rounds,
            "ratios": [_num(r) for r in self.ratios],
            "student_median_s": _num(self.student_s),
            "reference_median_s": _num(self.reference_s),
            "wall_ratio": _num(self.wall_ratio),
            "student_wall_median_s": _num(self.student_wall_s),
            "reference_wall_median_s": _num(self.reference_wall_s),
            "codec_s": _num(self.codec_s),
            "codec_share": _num(self.codec_s / max(self.reference_s, 1e-9)),
            "threshold": {"full": self.full, "zero": self.zero, "from": self.thresholds_from},
        }

    def message(self) -> str:
        verdict = (
            "full marks"
            if self.fraction >= 1
            else "no points"
            if self.fraction <= 0
            else f"{self.fraction:.0%} of the points"
        )
        if not math.isfinite(self.ratio):
            return f"{self.function} on {self.device}: too slow to measure: {verdict}"
        noisy = (
            f"; the machine was busy, so the ratio of the fastest rounds, {self.scored:.2f}x, "
            "was scored in your favour"
            if math.isfinite(self.scored) and self.scored < self.ratio
            else ""
        )
        what = "CPU time" if self.clock == CPU_CLOCK else "time"
        frozen = (
            "" if self.isolation == "cgroup" else "; workers paused by signals (no cgroup here)"
        )
        return (
            f"{self.function} on {self.device}: {self.ratio:.2f}x the reference's {what} "
            f"(median of {self.rounds} rounds, spread {self.spread:.0%}; full marks at "
            f"<= {self.full:g}x, none from {self.zero:g}x, thresholds from "
            f"{self.thresholds_from}{noisy}{frozen}): {verdict}"
        )


class SpeedHarness:
    """Given to a hidden test as the ``speed`` fixture.

    ``key`` (``"<assignment id>/<question id>"``) finds thresholds that ``medl calibrate
    --write`` stored for this machine; without it, or without a stored entry, those of
    ``config`` (the question's ``[questions.speed]`` table) are in force."""

    def __init__(
        self,
        student: WorkerSession,
        reference: Callable[[], WorkerSession],
        config: dict | None,
        device: str,
        rng: np.random.Generator,
        *,
        key: str = "",
    ) -> None:
        self.student, self._reference, self.device, self.rng = student, reference, device, rng
        self.config = config or {}
        self.key = key
        self.clock = CPU_CLOCK if device == "cpu" else WALL_CLOCK
        self.results: list[SpeedResult] = []
        self.notes: list[str] = []

    def thresholds(self) -> tuple[float, float, str]:
        """(full, zero, where they come from) in force for this device."""
        return thresholds_in_force(self.config, self.device, self.key)

    # -- one timed interval ---------------------------------------------------------------
    def _call(
        self, session: WorkerSession, fn: str, args: tuple, kwargs: dict, timeout: float
    ) -> Any:
        """Put (CUDA only: the inputs' copy to the device), call and fetch, as requests to
        the running worker. On a CPU the inputs travel with the call and the output comes
        back in its reply: one request, the least transport there is to time."""
        ids: list[int] = []
        if self.device != "cpu":

            def put(v: Any) -> Any:
                if v is None or isinstance(v, (bool, int, float, str)):
                    return v
                h = session.request(
                    {"op": "put", "value": v, "device": self.device},
                    what="storing inputs",
                    timeout=timeout,
                )
                if isinstance(h, Handle):
                    ids.append(h.id)
                return h

            args, kwargs = tuple(put(a) for a in args), {k: put(v) for k, v in kwargs.items()}
        req = {"op": "call", "name": fn, "args": list(args), "kwargs": kwargs, "sync": True}
        out = session.request(req, what=fn, timeout=timeout)
        if ids:
            session.request({"op": "free", "ids": ids}, what="freeing inputs", timeout=timeout)
        kept = _kept(out)
        if kept:  # not data: a lazy object would do its work after the interval
            session.request({"op": "free", "ids": kept}, what="freeing", timeout=timeout)
            raise AssertionError(
                f"a timed function must return arrays or tensors, not {_kept_type(out)}"
            )
        return out

    def codec(
        self, ref: WorkerSession, other: WorkerSession, args: tuple, kwargs: dict, timeout: float
    ) -> Timing:
        """The transport alone, on the reference's worker: one request that stores the
        round's inputs (what a timed interval spends besides the kernel and its output)."""
        ref.ensure()
        other.freeze()
        ref.thaw()
        try:
            c0, t0 = ref.cpu_seconds(), time.perf_counter()
            h = ref.request(
                {"op": "put", "value": [list(args), kwargs], "device": self.device},
                what="storing inputs",
                timeout=timeout,
            )
            wall, cpu = time.perf_counter() - t0, ref.cpu_seconds() - c0
            ref.request({"op": "free", "ids": [h.id]}, what="freeing inputs", timeout=timeout)
        finally:
            ref.freeze()
        return Timing(cpu if self.clock == CPU_CLOCK else wall, wall, cpu)

    def timed(
        self,
        session: WorkerSession,
        other: WorkerSession,
        fn: str,
        args: tuple,
        kwargs: dict,
        timeout: float,
    ) -> tuple[Timing, Any]:
        """Time ``fn(*args, **kwargs)`` in ``session`` while ``other`` is frozen: the
        interval runs from thawing ``session`` (its inputs are not yet there) to freezing it
        again after its output is back; CPU time is read while it is frozen."""
        session.ensure()
        other.freeze()
        session.thaw()
        c0 = session.cpu_seconds()
        t0 = time.perf_counter()
        worker = session.worker
        try:
            out = self._call(session, fn, args, kwargs, timeout)
        finally:
            wall = time.perf_counter() - t0
            session.freeze()
        cpu = session.cpu_seconds() - c0 if session.worker is worker else math.nan
        return Timing(cpu if self.clock == CPU_CLOCK else wall, wall, cpu), out

    # -- the measurement ------------------------------------------------------------------
    def measure(
        self,
        function: str,
        make_inputs: Callable[[np.random.Generator], Inputs],
        check: Callable[[Any, Any], None],
        *,
        min_rounds: int | None = None,
        max_rounds: int | None = None,
        max_seconds: float | None = None,
        target_spread: float = 0.10,
    ) -> float:
        """Time ``function`` in both workers; return the fraction of the points earned.

        ``make_inputs(rng)`` returns ``(args, kwargs)`` (arrays or tensors, on the CPU);
        ``check(student_out, reference_out)`` raises AssertionError when they disagree.
        """
        cfg = self.config
        full, zero, source = self.thresholds()
        min_rounds = min_rounds or int(cfg.get("min_rounds", 5))
        max_rounds = max_rounds or int(cfg.get("max_rounds", 25))
        max_seconds = max_seconds or float(cfg.get("max_seconds", 20.0))
        if function not in self.student.ensure().defined:
            raise MissingDefinition(f"`{function}` is not defined in your notebook")
        ref = self._reference()
        ref.ensure()
        student = self.student
        s_t: list[Timing] = []
        r_t: list[Timing] = []
        codec = Timing(math.nan, math.nan, math.nan)
        t_start = time.perf_counter()
        call_timeout = float(cfg.get("call_timeout_s", 30.0))

        def finish(ratio: float, spread: float, scored: float | None = None) -> float:
            res = self._finish(function, ratio, spread, s_t, r_t, full, zero, source, scored)
            self.results[-1].codec_s = codec.scored
            return res

        try:
            for rnd in range(max_rounds + 1):  # round 0 is the warm-up
                args, kwargs = make_inputs(self.rng)
                sides = [(ref, student), (student, ref)]
                if rnd % 2:
                    sides.reverse()
                got: dict[int, tuple[Timing, Any]] = {}
                for session, other in sides:
                    limit = call_timeout
                    if session is student and r_t:
                        med = statistics.median(t.wall for t in r_t)
                        limit = min(call_timeout, max(2.0, 4 * zero * med))
                    try:
                        got[id(session)] = self.timed(session, other, function, args, kwargs, limit)
                    except StudentTimeout:
                        if session is student:
                            self.notes.append(
                                f"{function} took longer than {limit:.1f} s in one "
                                f"round: more than {zero:g}x the reference"
                            )
                            return finish(math.inf, 0.0)
                        raise
                try:
                    check(got[id(student)][1], got[id(ref)][1])
                except AssertionError as exc:
                    raise AssertionError(
                        f"speed test, round {rnd}: the output is wrong: {exc}"
                    ) from None
                if rnd == 0:
                    codec = self.codec(ref, student, args, kwargs, call_timeout)
                    continue
                s_t.append(got[id(student)][0])
                r_t.append(got[id(ref)][0])
                if len(s_t) >= min_rounds:
                    ratios = _ratios(s_t, r_t, "scored")
                    q1, _, q3 = statistics.quantiles(ratios, n=4)
                    spread = (q3 - q1) / statistics.median(ratios)
                    if spread < target_spread or time.perf_counter() - t_start > max_seconds:
                        break
        finally:  # later tests call both workers: let them run again
            student.thaw()
            ref.thaw()
        ratio, spread, scored = summarize(
            [t.scored for t in s_t], [t.scored for t in r_t], target_spread
        )
        return finish(ratio, spread, scored)

    def _finish(
        self,
        function: str,
        ratio: float,
        spread: float,
        s_t: list[Timing],
        r_t: list[Timing],
        full: float,
        zero: float,
        source: str,
        scored: float | None = None,
    ) -> float:
        scored = ratio if scored is None else scored
        frac = curve(scored, full, zero)

        def med(ts: list[Timing], attr: str, empty: float) -> float:
            return statistics.median(getattr(t, attr) for t in ts) if ts else empty

        s_wall, r_wall = med(s_t, "wall", math.inf), med(r_t, "wall", math.nan)
        res = SpeedResult(
            function,
            self.device,
            ratio,
            spread,
            len(s_t),
            med(s_t, "scored", math.inf),
            med(r_t, "scored", math.nan),
            full,
            zero,
            frac,
            _ratios(s_t, r_t, "scored"),
            scored,
            self.clock,
            self.student.isolation,
            source,
            statistics.median(_ratios(s_t, r_t, "wall")) if s_t else math.nan,
            s_wall,
            r_wall,
        )
        self.results.append(res)
        return frac

    def extra(self) -> dict:
        """What goes into the test's results.json ``extra_data``."""
        if not self.results:
            return {}
        out: dict = {"speed": [r.extra() for r in self.results]}
        if self.device != "cuda" and "cuda" in self.config:
            out["cuda"] = "not graded on this machine (no CUDA device)"
        return out

    def message(self) -> str:
        lines = [r.message() for r in self.results] + self.notes
        if self.device != "cuda" and "cuda" in self.config:
            lines.append("GPU threshold: not graded on this machine (no CUDA device)")
        return "; ".join(lines)
