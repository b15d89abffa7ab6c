"""q6: inverted dropout (5.7), graded by the mask's properties, never its exact values.

Bands are 6 standard errors of a binomial proportion: a correct implementation fails one with
probability below 1e-8.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close

BAND = 6.0


def _forward(student, a, p, seed, train=True):
    out = student.dropout_forward(a, p, seed, train)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError("dropout_forward should return the pair (output, mask)")
    y = as_array(out[0], "dropout output").astype(np.float64)
    mask = as_array(out[1], "dropout mask")
    if y.shape != a.shape or mask.shape != a.shape:
        raise AssertionError(
            f"dropout_forward on a of shape {a.shape} returned output "
            f"{y.shape} and mask {mask.shape}; both should be {a.shape}"
        )
    values = np.unique(mask)
    if not np.isin(values, (0, 1)).all():
        raise AssertionError(
            f"the dropout mask should hold 0 (dropped) and 1 (kept), found values {values[:5]}"
        )
    return y, mask.astype(bool)


def _a(rng, n, d):
    """Activations with no exact zeros, so that dropped entries are recognizable."""
    return rng.choice([-1.0, 1.0], size=(n, d)) * rng.uniform(0.1, 3.0, size=(n, d))


@question("q6", points=0.75)
def test_mask_is_bernoulli_with_keep_rate_1_minus_p(student, rng):
    """Is each entry kept with probability 1 - p, independently for every row and column?"""
    for p in (float(rng.uniform(0.15, 0.35)), float(rng.uniform(0.6, 0.8))):
        a = _a(rng, 800, 150)
        _, mask = _forward(student, a, p, int(rng.integers(2**31)))
        keep = mask.mean()
        band = BAND * np.sqrt(p * (1 - p) / mask.size)
        if abs(keep - (1 - p)) > band:
            hint = " (p is the probability of DROPPING)" if abs(keep - p) < band else ""
            raise AssertionError(
                f"with p = {p:.3f}, {keep:.2%} of the {mask.size} entries are "
                f"kept; expected {1 - p:.2%} +- {band:.2%}{hint}"
            )
        if (mask == mask[0]).all():
            raise AssertionError(
                "every row of the mask is the same: draw a mask entry for "
                "every sample, shape (N, D), not (D,)"
            )
        if (mask == mask[:, :1]).all():
            raise AssertionError(
                "every column of the mask is the same: draw a mask entry for "
                "every unit, shape (N, D), not (N, 1)"
            )
        for axis, name in ((1, "row"), (0, "column")):
            _check_spread(mask.mean(axis=axis), p, mask.shape[axis], name)


def _check_spread(fractions, p, count, name):
    """The fraction kept per row (or column) varies as for independent draws: its variance is
    p (1 - p) / count, within chi-square bounds that a correct mask breaks with probability
    about 1e-9. Too little spread is a pattern, too much a shared draw."""
    from scipy.stats import chi2

    df = fractions.size - 1
    ratio = float(fractions.var(ddof=1) / (p * (1 - p) / count))
    low, high = chi2.ppf(1e-9, df) / df, chi2.isf(1e-9, df) / df
    if ratio < low:
        raise AssertionError(
            f"the fraction kept varies between {name}s far less than independent draws do "
            f"(variance {ratio:.2f} times p (1 - p) / {count}, expected within "
            f"[{low:.2f}, {high:.2f}]): draw every entry independently, do not drop a fixed "
            f"number per {name}"
        )
    if ratio > high:
        raise AssertionError(
            f"the fraction kept varies between {name}s far more than chance allows "
            f"(variance {ratio:.2f} times p (1 - p) / {count}, expected within "
            f"[{low:.2f}, {high:.2f}])"
        )


@question("q6", points=0.75)
def test_kept_entries_are_scaled_and_dropped_are_zero(student, rng):
    """Is the output m * a / (1 - p): kept entries divided by 1 - p, dropped entries zero?"""
    p = float(rng.uniform(0.2, 0.7))
    a = _a(rng, 40, 30)
    y, mask = _forward(student, a, p, int(rng.integers(2**31)))
    if mask.all() or not mask.any():
        raise AssertionError(
            f"with p = {p:.2f} on {a.size} entries the mask kept "
            f"{'all' if mask.all() else 'none'} of them"
        )
    close(
        y[mask],
        a[mask] / (1 - p),
        rtol=1e-9,
        what=f"kept entries (p = {p:.3f})",
        mistakes=[("kept entries must be divided by 1 - p: inverted dropout", a[mask])],
    )
    close(y[~mask], np.zeros(int((~mask).sum())), rtol=0, atol=0, what="dropped entries (mask 0)")


@question("q6", points=0.5)
def test_eval_mode_is_the_identity(student, rng):
    """With train=False, is the output exactly the input, and the mask all ones?"""
    a = _a(rng, 20, 10)
    y, mask = _forward(student, a, float(rng.uniform(0.2, 0.7)), int(rng.integers(2**31)), False)
    close(y, a, rtol=0, atol=0, what="dropout output in eval mode")
    if not mask.all():
        raise AssertionError(
            f"the mask returned in eval mode drops {int((~mask).sum())} of {mask.size} "
            "entries; with train=False it is all ones (nothing is dropped)"
        )


@question("q6", points=0.5)
def test_backward_uses_the_same_mask_and_scale(student, rng):
    """Is dropout_backward mask * dout / (1 - p), for a given mask and for the forward's own?"""
    p = float(rng.uniform(0.2, 0.7))
    dout = rng.normal(size=(15, 12))
    mask = rng.random(dout.shape) >= p
    close(
        student.dropout_backward(dout, mask, p),
        dout * mask / (1 - p),
        rtol=1e-9,
        what=f"dropout_backward(dout, mask, p = {p:.3f})",
    )
    _, own = _forward(student, _a(rng, 15, 12), p, int(rng.integers(2**31)))
    close(
        student.dropout_backward(dout, own, p),
        dout * own / (1 - p),
        rtol=1e-9,
        what="dropout_backward with the mask of dropout_forward",
    )


@question("q6", points=0.5)
def test_seed_fixes_the_mask(student, rng):
    """Does the same seed give the same mask, and a different seed a different one?"""
    a, p, seed = _a(rng, 30, 20), float(rng.uniform(0.2, 0.7)), int(rng.integers(2**31))
    _, m1 = _forward(student, a, p, seed)
    _, m2 = _forward(student, a, p, seed)
    _, m3 = _forward(student, a, p, seed + 1)
    if not np.array_equal(m1, m2):
        raise AssertionError(
            "the same seed gave two different masks: draw the mask from np.random.default_rng(seed)"
        )
    if np.array_equal(m1, m3):
        raise AssertionError(f"seeds {seed} and {seed + 1} gave the same mask: use the seed")
