"""q2, the edges of the contract: unknown output names, and the cross-entropy at zero and tiny
probabilities (0 log 0 = 0, no epsilon)."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close

from ._checks import assert_raises_value_error


@question("q2", points=0.5)
def test_unknown_output_name_raises_value_error(student, rng):
    """Do mlp_forward and cost raise ValueError for an output that is neither softmax nor
    identity, instead of silently computing one of the two?"""
    X = rng.normal(size=(4, 3))
    params = [(rng.normal(size=(2, 3)), rng.normal(size=2))]
    Y_hat, Y = rng.random((4, 2)), np.eye(2)[rng.integers(2, size=4)]
    for name in ("sofmax", "sigmoid"):
        assert_raises_value_error(
            lambda name=name: student.mlp_forward(X, params, [], name),
            f"mlp_forward(X, params, [], output={name!r})",
        )
        assert_raises_value_error(
            lambda name=name: student.cost(Y_hat, Y, name), f"cost(Y_hat, Y, output={name!r})"
        )


@question("q2", points=0.5)
def test_cross_entropy_at_zero_and_tiny_probabilities(student, rng):
    """Is 0 * log 0 taken as 0, and is a true-class probability of 1e-30 charged -log(1e-30),
    with no epsilon added inside the log?"""
    n, k = int(rng.integers(4, 9)), int(rng.integers(3, 6))
    labels = rng.integers(k, size=n)
    Y = np.eye(k)[labels]
    tiny = 10.0 ** -rng.uniform(25, 40, size=n)  # the true class: 1e-25 .. 1e-40
    tiny[0] = 0.3  # and one ordinary row
    rest = rng.random((n, k)) * (1 - Y)
    rest[np.arange(n), (labels + 1) % k] = 0.0  # an exact zero in every row, off the label
    Y_hat = rest * ((1 - tiny) / rest.sum(axis=1))[:, None] + Y * tiny[:, None]
    want = -np.log(tiny).sum() / n
    what = (
        "cost(Y_hat, Y, 'softmax') with zeros off the labels and true-class probabilities "
        + ", ".join(f"{t:.1e}" for t in tiny)
    )
    got = as_array(student.cost(Y_hat, Y, "softmax"), "cost(...)")
    close(
        got,
        want,
        rtol=1e-9,
        what=what,
        mistakes=[
            ("0 * log 0 gave NaN: clip Y_hat (e.g. at 1e-300) before the log", np.nan),
            (
                "an epsilon of 1e-12 or so inside the log: the cost of a probability below "
                "it is capped; clip at 1e-300 instead, or leave out the zeros",
                lambda: -np.sum(Y * np.log(Y_hat + 1e-12)) / n,
            ),
            (
                "Y_hat was clipped at about 1e-12: the cost of a smaller probability is capped; "
                "clip at 1e-300",
                lambda: -np.sum(Y * np.log(np.clip(Y_hat, 1e-12, None))) / n,
            ),
        ],
    )
