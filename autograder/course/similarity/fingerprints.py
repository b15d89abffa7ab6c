"""Winnowed fingerprints of canonical token streams (Schleimer, Wilkerson and Aiken 2003, the
algorithm behind MOSS).

Hash every k-gram of tokens; slide a window over ``w`` consecutive k-gram hashes and keep the
minimum of each window (the rightmost one on ties), recording it once per position. Any
shared run of at least ``k + w - 1`` tokens is then guaranteed to share a fingerprint, while
only about ``2 / (w + 1)`` of the k-grams are kept.

The tokens come from :mod:`.normalise`, so they are already free of names, literals, comments
and docstrings; hashes are stable across processes (crc32 token ids, tuple hashes of ints).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from autograder.course.similarity.normalise import Unit, token_id

__all__ = ["K", "WINDOW", "Code", "code_of", "kgram_hashes", "winnow"]

K = 12  # tokens per k-gram: about one statement (``e = np.exp(z - m)`` is 10 tokens)
WINDOW = 5  # matches of K + WINDOW - 1 = 16 tokens or more are always found


def kgram_hashes(ids: Sequence[int], k: int = K) -> list[int]:
    """Hash of each run of ``k`` consecutive token ids (none when fewer than ``k``)."""
    return [hash(tuple(ids[i : i + k])) for i in range(len(ids) - k + 1)]


def winnow(hashes: Sequence[int], w: int = WINDOW) -> list[tuple[int, int]]:
    """The (position, hash) pairs winnowing selects: each window's rightmost minimum, once.

    Fewer hashes than a window: the one minimum of them all.
    """
    if not hashes:
        return []
    if len(hashes) <= w:
        i = min(range(len(hashes)), key=lambda j: (hashes[j], -j))
        return [(i, hashes[i])]
    out: list[tuple[int, int]] = []
    last = -1
    for start in range(len(hashes) - w + 1):
        window = hashes[start : start + w]
        m = min(window)
        i = start + w - 1 - window[::-1].index(m)  # rightmost minimum
        if i != last:
            out.append((i, m))
            last = i
    return out


@dataclass
class Code:
    """One student's code for one question (or the whole notebook), fingerprinted.

    ``prints`` maps each fingerprint to where it occurs: (unit index, first line, last line)
    in cell line numbers of that unit. ``statements`` is the canonical statement sequence of
    the units in a fixed order (the structural measure compares it).
    """

    units: list[Unit]
    prints: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    statements: tuple[int, ...] = ()

    @property
    def hashes(self) -> set[int]:
        return set(self.prints)


def code_of(units: list[Unit], k: int = K, w: int = WINDOW) -> Code:
    """Fingerprint ``units`` one by one (no k-gram spans two definitions, so the order in
    which a student wrote them does not matter)."""
    code = Code(units)
    statements: list[int] = []
    for u_index, unit in enumerate(units):
        ids = [token_id(t) for t in unit.tokens]
        hashes = kgram_hashes(ids, k)
        for pos, h in winnow(hashes, w):
            span = unit.lines[pos : pos + k]
            code.prints.setdefault(h, []).append((u_index, min(span), max(span)))
        statements += unit.statements
    code.statements = tuple(statements)
    return code
