"""init_params as an explicit loop over the layers l = 1..L, the draw chosen by a lookup
that turns a KeyError into the promised ValueError."""
# medl-alternative: q4
import numpy as np


def init_params(widths, method="he", seed=0):
    try:
        draw = {"he": he_init, "xavier": xavier_init}[method]  # noqa: F821
    except KeyError:
        raise ValueError(f"unknown initialization {method!r}") from None
    params = []
    for l in range(1, len(widths)):
        params.append((draw(widths[l - 1], widths[l], seed + l), np.zeros(widths[l])))
    return params
