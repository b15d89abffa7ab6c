"""init_params counts the layers from 0 (enumerate's default): layer l gets seed + l - 1, so
layer 1 repeats the draw of he_init(..., seed) that the docstring reserves for no layer."""
# medl-breaks: q4
import numpy as np


def init_params(widths, method="he", seed=0):
    if method not in ("he", "xavier"):
        raise ValueError(method)
    draw = {"he": he_init, "xavier": xavier_init}[method]  # noqa: F821
    return [(draw(n_in, n_out, seed + l), np.zeros(n_out))
            for l, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:], strict=True))]
