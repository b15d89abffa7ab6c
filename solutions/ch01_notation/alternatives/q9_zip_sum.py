"""sum over zip(widths[:-1], widths[1:]) of n_in * n_out + n_out."""
# medl-alternative: q9
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def param_count(widths: list[int]) -> int:
    return sum(n_in * n_out + n_out for n_in, n_out in zip(widths[:-1], widths[1:], strict=True))
