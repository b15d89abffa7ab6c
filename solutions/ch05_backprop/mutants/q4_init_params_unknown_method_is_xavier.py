"""init_params tests for "he" and uses Xavier for any other name: "kaiming" or "He" silently
gives Xavier weights."""
# medl-breaks: q4
import numpy as np


def init_params(widths, method="he", seed=0):
    draw = he_init if method == "he" else xavier_init  # noqa: F821
    return [(draw(n_in, n_out, seed + l), np.zeros(n_out))
            for l, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:], strict=True), start=1)]
