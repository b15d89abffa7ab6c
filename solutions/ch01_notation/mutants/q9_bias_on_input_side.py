"""Gives each layer n_{l-1} biases (its input width) instead of n_l: 64 for Figure 3, not 61."""
# medl-breaks: q9
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def param_count(widths: list[int]) -> int:
    return sum(widths[i] * widths[i + 1] + widths[i] for i in range(len(widths) - 1))
