"""init_params passes the same seed to every layer: two layers of the same shape start with
identical weights (the docstring asks for seed + l in layer l)."""
# medl-breaks: q4
import numpy as np


def init_params(widths, method="he", seed=0):
    if method not in ("he", "xavier"):
        raise ValueError(method)
    draw = {"he": he_init, "xavier": xavier_init}[method]  # noqa: F821
    return [(draw(n_in, n_out, seed), np.zeros(n_out))
            for n_in, n_out in zip(widths[:-1], widths[1:], strict=True)]
