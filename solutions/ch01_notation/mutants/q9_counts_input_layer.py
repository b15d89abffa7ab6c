"""Treats the input as a layer with its own n_0 biases: adds widths[0] to the right count."""
# medl-breaks: q9
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def param_count(widths: list[int]) -> int:
    d = widths[0]
    for i in range(1, len(widths)):
        d += widths[i] * widths[i - 1] + widths[i]
    return d
