"""Speed grading: the student's kernel timed against the reference kernel, as a ratio.

Both kernels run through the same path: each in its own sandboxed worker, called over the
same protocol with the same fresh inputs, so process, transport and thread settings cancel
out. The clock is the grader's (``time.perf_counter`` in this process): a worker can patch
its own timers, it cannot patch ours. One round:

1. draw fresh inputs (seeded), ``put`` them into both workers (not timed);
2. call both, in alternating order, with ``keep=True`` so that only a small handle crosses
   back; the worker synchronises CUDA before replying and refuses lazy results (timed);
3. fetch both outputs and check them against each other (not timed): caching, early
   returns and wrong answers all fail here.

After a warm-up round, rounds repeat until at least ``min_rounds`` are in and the spread
(interquartile range / median) of the per-round ratios is below ``target_spread``, or the
time cap or ``max_rounds`` is hit. The score follows a log-linear curve between the
thresholds declared per device in ``assignment.toml``, applied to the median ratio, or to
the ratio of the fastest rounds when the spread stayed above ``target_spread`` and that is
lower (noise from a busy machine gives the student the benefit of the doubt, and the
message says so; see :func:`summarize`)::

    [questions.speed]
    cpu  = { full = 1.5, zero = 5.0 }   # ratio student/reference: <= full -> all points
    cuda = { full = 2.0, zero = 8.0 }   # >= zero -> none; log-linear in between

Without CUDA the cuda threshold is reported as "not graded on this machine", never passed.
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

__all__ = ["SpeedHarness", "SpeedResult", "curve", "summarize"]

Inputs = tuple[tuple, dict]


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

    def extra(self) -> dict:
        """JSON-safe figures: non-finite numbers (a timed-out kernel) become None."""
        return {
            "function": self.function,
            "device": self.device,
            "ratio": _num(self.ratio),
            "scored_ratio": _num(self.scored),
            "spread": _num(self.spread),
            "rounds": self.rounds,
            "student_median_s": _num(self.student_s),
            "reference_median_s": _num(self.reference_s),
            "threshold": {"full": self.full, "zero": self.zero},
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
        return (
            f"{self.function} on {self.device}: {self.ratio:.2f}x the reference's time "
            f"(median of {self.rounds} rounds, spread {self.spread:.0%}; full marks at "
            f"<= {self.full:g}x, none from {self.zero:g}x{noisy}): {verdict}"
        )


class SpeedHarness:
    """Given to a hidden test as the ``speed`` fixture."""

    def __init__(
        self,
        student: WorkerSession,
        reference: Callable[[], WorkerSession],
        config: dict | None,
        device: str,
        rng: np.random.Generator,
    ) -> None:
        self.student, self._reference, self.device, self.rng = student, reference, device, rng
        self.config = config or {}
        self.results: list[SpeedResult] = []
        self.notes: list[str] = []

    # -- protocol helpers -----------------------------------------------------------------
    def _put(self, session: WorkerSession, args: tuple, kwargs: dict) -> tuple[list, dict]:
        def put(v: Any) -> Any:
            # Arrays, tensors and containers of them are stored before the clock starts;
            # only scalars and strings travel with the timed call.
            if v is None or isinstance(v, (bool, int, float, str)):
                return v
            return session.request(
                {"op": "put", "value": v, "device": self.device}, what="storing inputs"
            )

        return [put(a) for a in args], {k: put(v) for k, v in kwargs.items()}

    def _timed(
        self, session: WorkerSession, fn: str, args: list, kwargs: dict, timeout: float
    ) -> tuple[float, Handle]:
        req = {"op": "call", "name": fn, "args": args, "kwargs": kwargs, "keep": True, "sync": True}
        session.ensure()
        t0 = time.perf_counter()
        h = session.request(req, what=fn, timeout=timeout)
        return time.perf_counter() - t0, h

    @staticmethod
    def _free(session: WorkerSession, handles: list) -> None:
        ids = [h.id for h in handles if isinstance(h, Handle)]
        if ids and session.worker is not None:
            session.request({"op": "free", "ids": ids}, what="freeing inputs")

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
        thresholds = cfg.get(self.device)
        if thresholds is None:
            raise AssertionError(f"no speed threshold for device {self.device!r}")
        full, zero = float(thresholds["full"]), float(thresholds["zero"])
        min_rounds = min_rounds or int(cfg.get("min_rounds", 5))
        max_rounds = max_rounds or int(cfg.get("max_rounds", 25))
        max_seconds = max_seconds or float(cfg.get("max_seconds", 20.0))
        if function not in self.student.ensure().defined:
            raise MissingDefinition(f"`{function}` is not defined in your notebook")
        ref = self._reference()
        s_times: list[float] = []
        r_times: list[float] = []
        ratios: list[float] = []
        t_start = time.perf_counter()
        call_timeout = float(cfg.get("call_timeout_s", 30.0))
        for rnd in range(max_rounds + 1):  # round 0 is the warm-up
            args, kwargs = make_inputs(self.rng)
            sa, skw = self._put(self.student, args, kwargs)
            ra, rkw = self._put(ref, args, kwargs)
            order = [(ref, ra, rkw), (self.student, sa, skw)]
            if rnd % 2:
                order.reverse()
            times: dict[int, float] = {}
            outs: dict[int, Handle] = {}
            for session, a, kw in order:
                limit = call_timeout
                if session is self.student and r_times:
                    limit = min(call_timeout, max(2.0, 4 * zero * statistics.median(r_times)))
                try:
                    t, h = self._timed(session, function, a, kw, limit)
                except StudentTimeout:
                    if session is self.student:
                        self.notes.append(
                            f"{function} took longer than {limit:.1f} s in one "
                            f"round: more than {zero:g}x the reference"
                        )
                        return self._finish(
                            function, math.inf, 0.0, rnd, s_times, r_times, full, zero
                        )
                    raise
                times[id(session)], outs[id(session)] = t, h
            got = self.student.request(
                {"op": "get", "handle": outs[id(self.student)]}, what=function
            )
            want = ref.request({"op": "get", "handle": outs[id(ref)]}, what="reference")
            try:
                check(got, want)
            except AssertionError as exc:
                raise AssertionError(
                    f"speed test, round {rnd}: the output is wrong: {exc}"
                ) from None
            self._free(self.student, [*sa, *skw.values(), outs[id(self.student)]])
            self._free(ref, [*ra, *rkw.values(), outs[id(ref)]])
            if rnd == 0:
                continue
            s_times.append(times[id(self.student)])
            r_times.append(times[id(ref)])
            ratios.append(times[id(self.student)] / max(times[id(ref)], 1e-9))
            if len(ratios) >= min_rounds:
                q1, _, q3 = statistics.quantiles(ratios, n=4)
                spread = (q3 - q1) / statistics.median(ratios)
                if spread < target_spread or time.perf_counter() - t_start > max_seconds:
                    break
        ratio, spread, scored = summarize(s_times, r_times, target_spread)
        return self._finish(
            function, ratio, spread, len(ratios), s_times, r_times, full, zero, ratios, scored
        )

    def _finish(
        self,
        function: str,
        ratio: float,
        spread: float,
        rounds: int,
        s_times: list[float],
        r_times: list[float],
        full: float,
        zero: float,
        ratios: list[float] | None = None,
        scored: float | None = None,
    ) -> float:
        scored = ratio if scored is None else scored
        frac = curve(scored, full, zero)
        res = SpeedResult(
            function,
            self.device,
            ratio,
            spread,
            rounds,
            statistics.median(s_times) if s_times else math.inf,
            statistics.median(r_times) if r_times else math.nan,
            full,
            zero,
            frac,
            ratios or [],
            scored,
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
