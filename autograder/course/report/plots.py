"""The report's figures: matplotlib (Agg) PNGs as base64 ``data:`` URIs, so the page stands
alone (no files beside it, nothing fetched)."""

from __future__ import annotations

import base64
import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from autograder.course.report.data import AssignmentStats  # noqa: E402

__all__ = ["pass_rates", "score_histogram", "speed_ratios", "to_data_uri"]

BLUE, GREEN, RED = "#3b6ea8", "#3a8f5c", "#b5473a"


def to_data_uri(fig: Figure) -> str:
    """PNG bytes of ``fig`` as ``data:image/png;base64,...``; closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def score_histogram(a: AssignmentStats) -> str:
    """Students per score, bins one point wide (finer when the maximum is small)."""
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    mx = max(a.max_score, 1.0)
    step = 1.0 if mx >= 8 else 0.5 if mx >= 3 else 0.25
    edges = [i * step for i in range(int(math.ceil(mx / step)) + 2)]
    ax.hist(list(a.scores.values()), bins=edges, color=BLUE, edgecolor="white", align="left")
    ax.axvline(a.mean, color=RED, linestyle="--", label=f"mean {a.mean:.2f}")
    ax.set_xlabel(f"score (out of {mx:g})")
    ax.set_ylabel("students")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"{a.id}: scores of {len(a.scores)} students")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return to_data_uri(fig)


def pass_rates(a: AssignmentStats) -> str:
    """Share of students with full marks on each question (horizontal bars)."""
    qs = a.questions
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.42 * max(len(qs), 1)))
    rates = [100 * q.pass_rate for q in qs]
    colors = [GREEN if r >= 70 else BLUE if r >= 40 else RED for r in rates]
    ax.barh([q.id for q in qs], rates, color=colors)
    for y, r in enumerate(rates):
        ax.text(min(r + 1, 92), y, f"{r:.0f}%", va="center", fontsize=9)
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("students with full marks (%)")
    ax.set_title(f"{a.id}: pass rate per question")
    ax.spines[["top", "right"]].set_visible(False)
    return to_data_uri(fig)


def _minor_label(x: float, _pos: object) -> str:
    """Label 2x and 5x (and 0.2x, 20x, ...) between the decades of a log axis."""
    lead = round(x / 10 ** math.floor(math.log10(x))) if x > 0 else 0
    return f"{x:g}x" if lead in (2, 5) else ""


def speed_ratios(a: AssignmentStats) -> str | None:
    """Distribution of measured speed ratios (student time / reference time), log scale;
    None when no test recorded one."""
    if not a.ratios:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    every = [x for xs in a.ratios.values() for x in xs]
    lo, hi = min(every), max(every)
    lo, hi = (lo / 1.5, hi * 1.5) if hi > lo else (lo / 2, hi * 2)
    bins = [lo * (hi / lo) ** (i / 24) for i in range(25)]
    ax.hist(
        list(a.ratios.values()), bins=bins, stacked=True, label=[t.split(".")[-1] for t in a.ratios]
    )
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}x"))
    ax.xaxis.set_minor_formatter(FuncFormatter(_minor_label))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel("speed ratio: student / reference (log scale; 1 = as fast)")
    ax.set_ylabel("measurements")
    ax.set_title(f"{a.id}: measured speed ratios")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    return to_data_uri(fig)
