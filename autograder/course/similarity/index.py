"""Which students share code on one question, and how much: an inverted index and the score.

Per question, every student's fingerprints (:mod:`.fingerprints`) go into an inverted index
``fingerprint -> students``. Fingerprints that are not evidence are dropped first: those of the
release's stub and of the reference (the baseline), and those that more than a share of the
class has (code the equations and the stub make everyone write). Only pairs of students that
share a remaining fingerprint are counted, by walking the postings, so the work follows the
number of shared fingerprints, not the number of pairs; the rest of the pairs have no code in
common and similarity 0.

A counted pair's score, in [0, 1]. Each remaining fingerprint weighs ``1 / n`` when ``n``
students hold it, so a fragment only these two share counts fully and one that ten share
counts a tenth::

    containment = weight shared / weight of the lighter side
    jaccard     = weight shared / weight of the union
    fingerprint = (containment + jaccard) / 2
    structure   = difflib ratio of the canonical statement sequences (baseline and
                  common statements removed)
    evidence    = min(1, fingerprints shared / MIN_SHARED)
    similarity  = evidence * ((1 - W) * fingerprint + W * structure)

Containment is not fooled by dead code padding one side; Jaccard keeps a three-line function
inside a long one from scoring 1. The structural term sees the order of whole statements,
which fingerprints do not. The evidence factor discounts a pair whose evidence is only a
fingerprint or two.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from autograder.course.similarity.fingerprints import Code

__all__ = ["Pair", "Params", "QuestionIndex"]


@dataclass(frozen=True)
class Params:
    common_share: float = 0.2  # a fingerprint in more of the class than this is not evidence
    common_min: int = 5  # ... but one in this many students or fewer always is
    min_shared: int = 4  # shared fingerprints for full weight
    structure_weight: float = 0.3


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    question: str
    similarity: float
    shared: int
    containment: float
    jaccard: float
    structure: float


class QuestionIndex:
    """The inverted index of one question (or ``all``, the whole notebook)."""

    def __init__(
        self,
        question: str,
        baseline: set[int],
        baseline_statements: set[int],
        params: Params | None = None,
    ) -> None:
        self.question = question
        self.baseline, self.baseline_statements = baseline, baseline_statements
        self.params = params or Params()
        self.codes: dict[str, Code] = {}
        self.kept: dict[str, set[int]] = {}
        self.statements: dict[str, tuple[int, ...]] = {}
        self.postings: dict[int, list[str]] = {}
        self.common: set[int] = set()
        self.mass: dict[str, float] = {}  # total rarity weight of each student's kept prints

    def add(self, student: str, code: Code) -> None:
        self.codes[student] = code

    @property
    def common_limit(self) -> int:
        """A fingerprint held by more students than this is common."""
        p = self.params
        return max(p.common_min, math.ceil(p.common_share * len(self.codes)))

    def build(self) -> None:
        """Drop the baseline and common fingerprints; fill the postings."""
        limit = self.common_limit
        df: Counter[int] = Counter()
        sdf: Counter[int] = Counter()
        for code in self.codes.values():
            df.update(code.prints.keys() - self.baseline)
            sdf.update(set(code.statements) - self.baseline_statements)
        self.common = {h for h, n in df.items() if n > limit}
        common_st = {s for s, n in sdf.items() if n > limit}
        drop_st = self.baseline_statements | common_st
        postings: dict[int, list[str]] = {}
        for student in sorted(self.codes):
            code = self.codes[student]
            kept = code.prints.keys() - self.baseline - self.common
            self.kept[student] = set(kept)
            self.mass[student] = sum(1.0 / df[h] for h in kept)
            self.statements[student] = tuple(s for s in code.statements if s not in drop_st)
            for h in kept:
                postings.setdefault(h, []).append(student)
        self.postings = postings

    def shared_counts(self) -> dict[tuple[str, str], tuple[int, float]]:
        """(a, b) with a < b -> (kept fingerprints both have, their rarity weight); pairs
        sharing none are absent. A fingerprint held by ``n`` students weighs ``1 / n``."""
        counts: dict[tuple[str, str], list[float]] = {}
        for students in self.postings.values():
            n = len(students)
            if n < 2:
                continue
            w = 1.0 / n
            for i in range(n - 1):
                a = students[i]
                for b in students[i + 1 :]:
                    c = counts.get((a, b))
                    if c is None:
                        counts[(a, b)] = [1, w]
                    else:
                        c[0] += 1
                        c[1] += w
        return {k: (int(v[0]), v[1]) for k, v in counts.items()}

    def score(self, a: str, b: str, shared: int, weight: float) -> Pair:
        p = self.params
        na, nb = len(self.kept[a]), len(self.kept[b])
        na, nb = self.mass[a], self.mass[b]
        containment = weight / min(na, nb) if min(na, nb) else 0.0
        jaccard = weight / (na + nb - weight) if na + nb - weight > 1e-12 else 0.0
        fingerprint = (containment + jaccard) / 2
        sa, sb = self.statements[a], self.statements[b]
        structure = (
            SequenceMatcher(None, sa, sb, autojunk=False).ratio() if sa or sb else fingerprint
        )
        evidence = min(1.0, shared / p.min_shared)
        sim = evidence * ((1 - p.structure_weight) * fingerprint + p.structure_weight * structure)
        return Pair(a, b, self.question, round(sim, 4), shared, containment, jaccard, structure)

    def pairs(self, tick: Callable[[int, int], None] | None = None) -> list[Pair]:
        """Every pair that shares a kept fingerprint, scored, highest first; ``tick(advance,
        total)`` every thousand pairs."""
        counts = self.shared_counts()
        out = []
        for i, ((a, b), (shared, weight)) in enumerate(counts.items(), 1):
            out.append(self.score(a, b, shared, weight))
            if tick and i % 1000 == 0:
                tick(1000, len(counts))
        if tick:
            tick(len(counts) % 1000, len(counts))
        out.sort(key=lambda x: (-x.similarity, x.a, x.b))
        return out

    def regions(self, a: str, b: str) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
        """Lines of each side covered by the fingerprints the pair shares:
        {unit index: {cell line, ...}} for ``a`` and for ``b``."""
        shared = self.kept[a] & self.kept[b]
        sides: list[dict[int, set[int]]] = []
        for student in (a, b):
            marks: dict[int, set[int]] = {}
            for h in shared:
                for unit, lo, hi in self.codes[student].prints[h]:
                    marks.setdefault(unit, set()).update(range(lo, hi + 1))
            sides.append(marks)
        return sides[0], sides[1]
