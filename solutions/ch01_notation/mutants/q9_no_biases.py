"""Counts only the weights n_l * n_{l-1}, forgetting the n_l biases of each layer."""
# medl-breaks: q9
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def param_count(widths: list[int]) -> int:
    return sum(widths[i] * widths[i + 1] for i in range(len(widths) - 1))
