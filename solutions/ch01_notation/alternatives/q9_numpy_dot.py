"""Vectorized: (weights) n_{l-1} . n_l as one dot product, plus (biases) sum of n_l."""
# medl-alternative: q9
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def param_count(widths: list[int]) -> int:
    n = np.asarray(widths, dtype=np.int64)
    return int(n[:-1] @ n[1:] + n[1:].sum())
