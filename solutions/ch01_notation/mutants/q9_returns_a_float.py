"""Counts with a float array, so d comes back as 61.0 (a float) where eq. (36) counts
parameters: an int."""
# medl-breaks: q9
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def param_count(widths: list[int]) -> int:
    n = np.asarray(widths, dtype=float)
    return n[:-1] @ n[1:] + n[1:].sum()
