"""q4: Xavier/Glorot uniform and He/Kaiming normal initialization (5.5), graded statistically.

The student's generator differs from ours, so values are never compared: a large draw must
have the right shape, mean, variance and law, each within 6 standard errors (a correct
implementation fails with probability below 1e-8 per check).
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close

from ._checks import assert_raises_value_error

BAND = 6.0  # standard errors
P_WITHIN_ONE_SD = 0.6826894921370859  # P(|N(0, 1)| < 1)
# Relative standard error of the sample variance of n draws is REL_SE / sqrt(n):
NORMAL_REL_SE = np.sqrt(2.0)  # Var(x^2) / sigma^4 = 2 for a normal law
UNIFORM_REL_SE = 3 * np.sqrt(1 / 5 - 1 / 9)  # E x^4 = r^4/5, sigma^2 = r^2/3 for U[-r, r]


def _draw(student, fn, n_in, n_out, seed):
    W = as_array(getattr(student, fn)(n_in, n_out, seed), f"{fn}({n_in}, {n_out}, seed)")
    if W.shape != (n_out, n_in):
        hint = (
            " (transposed? W^[l] is (n_out, n_in) = (n_l, n_(l-1)))"
            if W.shape == (n_in, n_out)
            else ""
        )
        raise AssertionError(
            f"{fn}({n_in}, {n_out}, seed) has shape {W.shape}, expected ({n_out}, {n_in}){hint}"
        )
    if not np.isfinite(W).all():
        raise AssertionError(f"{fn}({n_in}, {n_out}, seed) contains NaN or infinity")
    return W.astype(np.float64)


def _check_moments(W, var, what, rel_se_var, hints):
    n = W.size
    mean_band = BAND * np.sqrt(var / n)
    if abs(W.mean()) > mean_band:
        raise AssertionError(
            f"{what}: the mean of {n} entries is {W.mean():.3g}; a zero-mean "
            f"law gives |mean| < {mean_band:.2g}"
        )
    got = W.var()
    if abs(got / var - 1) > BAND * rel_se_var:
        hint = next((h for v, h in hints if abs(got / v - 1) < BAND * rel_se_var), "")
        raise AssertionError(
            f"{what}: the variance of {n} entries is {got:.4g}, expected "
            f"{var:.4g} (within {BAND * rel_se_var:.1%}){hint}"
        )


def _sizes(rng):
    """Two (n_in, n_out) pairs far from square, one of each orientation."""
    a, b = int(rng.integers(150, 260)), int(rng.integers(500, 800))
    return [(a, b), (b, a)]


@question("q4", points=0.75)
def test_xavier_is_uniform_with_variance_2_over_fan_in_plus_fan_out(student, rng):
    """Is xavier_init U[-r, r], r = sqrt(6/(n_in + n_out)), by mean, variance and range?"""
    for n_in, n_out in _sizes(rng):
        W = _draw(student, "xavier_init", n_in, n_out, int(rng.integers(2**31)))
        what = f"xavier_init({n_in}, {n_out}, seed)"
        var = 2.0 / (n_in + n_out)
        _check_moments(
            W,
            var,
            what,
            UNIFORM_REL_SE / np.sqrt(W.size),
            [
                (1.0 / n_in, " (this is 1/n_in)"),
                (1.0 / n_out, " (this is 1/n_out)"),
                (2.0 / n_in, " (this is He's 2/n_in)"),
                (1.0 / (n_in + n_out), " (1/(n_in + n_out): r uses 6, not 3)"),
            ],
        )
        r = np.sqrt(6.0 / (n_in + n_out))
        top = np.abs(W).max()
        if top > r * (1 + 1e-9):
            raise AssertionError(
                f"{what}: an entry of size {top:.4g} lies outside [-r, r] with "
                f"r = sqrt(6 / (n_in + n_out)) = {r:.4g} (a normal law?)"
            )
        if top < 0.99 * r:
            raise AssertionError(
                f"{what}: no entry comes near r = {r:.4g} (largest {top:.4g}); "
                "the law should be uniform on [-r, r]"
            )


@question("q4", points=0.75)
def test_he_is_normal_with_variance_2_over_fan_in(student, rng):
    """Is he_init N(0, 2/n_in), by mean, variance and the mass within one standard deviation?"""
    for n_in, n_out in _sizes(rng):
        W = _draw(student, "he_init", n_in, n_out, int(rng.integers(2**31)))
        what = f"he_init({n_in}, {n_out}, seed)"
        var = 2.0 / n_in
        _check_moments(
            W,
            var,
            what,
            NORMAL_REL_SE / np.sqrt(W.size),
            [
                (
                    2.0 / n_out,
                    " (this is 2/n_out: He uses the fan-in n_in, the number "
                    "of columns of W, not the fan-out)",
                ),
                (1.0 / n_in, " (this is 1/n_in: He has a factor 2 for ReLU)"),
                (2.0 / (n_in + n_out), " (this is Xavier's 2/(n_in + n_out))"),
            ],
        )
        frac = float(np.mean(np.abs(W) < np.sqrt(var)))
        band = BAND * np.sqrt(P_WITHIN_ONE_SD * (1 - P_WITHIN_ONE_SD) / W.size)
        if abs(frac - P_WITHIN_ONE_SD) > band:
            raise AssertionError(
                f"{what}: {frac:.1%} of the entries lie within one standard "
                f"deviation of 0; a normal law puts {P_WITHIN_ONE_SD:.1%} there "
                "(a uniform law?)"
            )


@question("q4", points=0.5)
def test_seeds_repeat_and_init_params_builds_every_layer(student, rng):
    """Does a seed fix the draw, and does init_params give W^[l] (n_l, n_(l-1)) and b^[l] = 0?"""
    seed = int(rng.integers(2**31))
    for fn in ("xavier_init", "he_init"):
        a, b = _draw(student, fn, 30, 20, seed), _draw(student, fn, 30, 20, seed)
        c = _draw(student, fn, 30, 20, seed + 1)
        if not np.array_equal(a, b):
            raise AssertionError(
                f"{fn}(30, 20, seed) gave different values for the same seed: "
                "draw from np.random.default_rng(seed)"
            )
        if np.array_equal(a, c):
            raise AssertionError(
                f"{fn}(30, 20, seed) ignores the seed: seeds {seed} and "
                f"{seed + 1} gave the same weights"
            )
    widths = [
        int(rng.integers(150, 300)),
        int(rng.integers(300, 500)),
        int(rng.integers(40, 80)),
        10,
    ]
    for method, var_of, rel_se in (
        ("he", lambda i, o: 2.0 / i, NORMAL_REL_SE),
        ("xavier", lambda i, o: 2.0 / (i + o), UNIFORM_REL_SE),
    ):
        ps = student.init_params(widths, method, seed)
        what = f"init_params({widths}, {method!r}, seed)"
        if not isinstance(ps, (list, tuple)) or len(ps) != len(widths) - 1:
            raise AssertionError(f"{what} should return a list of {len(widths) - 1} (W, b) pairs")
        for l, (pair, n_in, n_out) in enumerate(zip(ps, widths[:-1], widths[1:], strict=True), 1):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise AssertionError(f"{what}: entry {l - 1} should be the pair (W^[{l}], b^[{l}])")
            W, b = as_array(pair[0], f"W^[{l}]"), as_array(pair[1], f"b^[{l}]")
            if W.shape != (n_out, n_in) or b.shape != (n_out,):
                raise AssertionError(
                    f"{what}: W^[{l}] {W.shape} and b^[{l}] {b.shape}, expected "
                    f"({n_out}, {n_in}) and ({n_out},)"
                )
            if np.any(b):
                raise AssertionError(f"{what}: b^[{l}] should start at zero")
            var = var_of(n_in, n_out)
            if abs(W.var() / var - 1) > BAND * rel_se / np.sqrt(W.size):
                raise AssertionError(
                    f"{what}: W^[{l}] has variance {W.var():.4g}, expected about "
                    f"{var:.4g} ({method} for n_in = {n_in}, n_out = {n_out})"
                )


@question("q4", points=0.5)
def test_init_params_seeds_layer_l_with_seed_plus_l(student, rng):
    """Is W^[l] exactly he_init / xavier_init(n_(l-1), n_l, seed + l), layer l counted from 1?"""
    seed = int(rng.integers(2**31 - 100))
    widths = [int(w) for w in rng.integers(3, 9, size=4)]
    for method, fn in (("he", "he_init"), ("xavier", "xavier_init")):
        ps = student.init_params(widths, method, seed)
        what = f"init_params({widths}, {method!r}, seed={seed})"
        if not isinstance(ps, (list, tuple)) or len(ps) != len(widths) - 1:
            raise AssertionError(f"{what} should return a list of {len(widths) - 1} (W, b) pairs")
        for l, (pair, n_in, n_out) in enumerate(zip(ps, widths[:-1], widths[1:], strict=True), 1):
            _check_layer_seed(pair[0], getattr(student, fn), fn, n_in, n_out, seed, l, what)


def _check_layer_seed(W, draw, fn, n_in, n_out, seed, l, what):
    close(
        W,
        draw(n_in, n_out, seed + l),
        rtol=0,
        atol=0,
        what=f"W^[{l}] from {what}, against your {fn}({n_in}, {n_out}, seed + {l})",
        mistakes=[
            (
                f"this is {fn}(..., seed + {l - 1}): layers count from 1, so layer {l} uses "
                f"seed + {l}",
                lambda: draw(n_in, n_out, seed + l - 1),
            ),
            (
                f"this is {fn}(..., seed): every layer got the same seed; layer {l} uses "
                f"seed + {l}",
                lambda: draw(n_in, n_out, seed),
            ),
        ],
    )


@question("q4", points=0.25)
def test_init_params_unknown_method_raises_value_error(student):
    """Does init_params raise ValueError for a method other than "he" and "xavier"?"""
    for method in ("kaiming", "glorot", "He"):
        assert_raises_value_error(
            lambda method=method: student.init_params([4, 3, 2], method, 0),
            f"init_params([4, 3, 2], method={method!r}, seed=0)",
        )


def _check_independent(W, what):
    """No two equal rows or columns; neighbouring entries uncorrelated (a two-sided band)."""
    for axis, name in ((0, "rows"), (1, "columns")):
        distinct = np.unique(W, axis=axis).shape[axis]
        if distinct < W.shape[axis]:
            raise AssertionError(
                f"{what}: only {distinct} of its {W.shape[axis]} {name} differ; the entries "
                "should be independent draws (one generator, one draw of shape (n_out, n_in); "
                "not a generator re-created with the same seed for every row)"
            )
    for axis, name in ((1, "along a row"), (0, "down a column")):
        a = np.moveaxis(W, axis, -1)
        r = float(np.corrcoef(a[..., :-1].ravel(), a[..., 1:].ravel())[0, 1])
        band = BAND / np.sqrt(a[..., 1:].size)
        if abs(r) > band:
            raise AssertionError(
                f"{what}: neighbouring entries {name} have correlation {r:.3f}; independent "
                f"draws give |r| < {band:.3f}"
            )


@question("q4", points=0.25)
def test_entries_are_independent_draws(student, rng):
    """Are the entries of xavier_init and he_init i.i.d.: no repeated rows or columns, and no
    correlation between neighbours?"""
    for fn in ("xavier_init", "he_init"):
        for n_in, n_out in _sizes(rng):
            W = _draw(student, fn, n_in, n_out, int(rng.integers(2**31)))
            _check_independent(W, f"{fn}({n_in}, {n_out}, seed)")
