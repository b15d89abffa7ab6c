"""q7: train_mlp() on scikit-learn's digits with the student's own forward and backward passes.

The grader draws the train/test split and the seed, calls the student's train_mlp(), and scores
the returned parameters on the held-out digits with the reference's forward pass.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array
from shared.data import digits

TARGET = 0.90


def _run(student, rng, hidden, activation, epochs, lr, batch_size):
    split = digits(seed=int(rng.integers(1000)))
    seed = int(rng.integers(1000))
    call = (
        f"train_mlp(X_train, y_train, hidden={hidden}, activation={activation!r}, "
        f"epochs={epochs}, lr={lr}, batch_size={batch_size}, seed={seed})"
    )
    out = student.train_mlp(
        split.X_train,
        split.y_train,
        hidden=hidden,
        activation=activation,
        epochs=epochs,
        lr=lr,
        batch_size=batch_size,
        seed=seed,
    )
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (params, losses)")
    params, losses = out
    widths = [split.X_train.shape[1], *hidden, 10]
    if not isinstance(params, (list, tuple)) or len(params) != len(widths) - 1:
        raise AssertionError(f"{call}: params should be a list of {len(widths) - 1} (W, b) pairs")
    checked = []
    for l, (pair, n_in, n_out) in enumerate(zip(params, widths[:-1], widths[1:], strict=True), 1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise AssertionError(f"{call}: params[{l - 1}] should be the pair (W^[{l}], b^[{l}])")
        W, b = as_array(pair[0], f"W^[{l}]"), as_array(pair[1], f"b^[{l}]")
        if W.shape != (n_out, n_in) or b.shape != (n_out,):
            raise AssertionError(
                f"{call}: W^[{l}] {W.shape}, b^[{l}] {b.shape}; expected "
                f"({n_out}, {n_in}) and ({n_out},)"
            )
        if not (np.isfinite(W).all() and np.isfinite(b).all()):
            raise AssertionError(f"{call}: W^[{l}] or b^[{l}] holds NaN or infinity (diverged?)")
        checked.append((W.astype(np.float64), b.astype(np.float64)))
    return split, checked, losses, call


def _accuracy(reference, params, activations, X, y):
    P, _ = reference.mlp_forward(X, params, activations, "softmax")
    return float(np.mean(P.argmax(axis=1) == y))


@question("q7", points=2, timeout=60)
def test_training_reaches_90_percent_on_held_out_digits(student, reference, rng):
    """Do the parameters train_mlp() returns classify at least 90% of unseen digits correctly?"""
    split, params, _, call = _run(student, rng, [64], "relu", 20, 0.2, 50)
    acc = _accuracy(reference, params, ["relu"], split.X_test, split.y_test)
    if acc < TARGET:
        raise AssertionError(
            f"{call}: the returned network classifies {acc:.1%} of "
            f"{len(split.y_test)} held-out digits correctly; at least "
            f"{TARGET:.0%} is needed (a correct SGD loop gets about 96%)"
        )


@question("q7", points=1, timeout=60)
def test_training_cost_history_goes_down(student, reference, rng):
    """With two tanh layers, is losses one finite mean cost per epoch, falling, and is it fit?"""
    epochs = 8
    split, params, losses, call = _run(student, rng, [48, 32], "tanh", epochs, 0.1, 50)
    arr = as_array(losses, "losses").astype(np.float64).ravel()
    if arr.size != epochs:
        raise AssertionError(
            f"{call}: losses has {arr.size} entries, expected one per epoch ({epochs})"
        )
    if not np.isfinite(arr).all():
        raise AssertionError(f"{call}: losses holds NaN or infinity: {arr}")
    if arr[0] > 10:
        raise AssertionError(
            f"{call}: the first entry of losses is {arr[0]:.4g}, not a mean "
            "cost per sample (an initialized network starts near log 10 = 2.3)"
        )
    if not arr[-1] < 0.5 * arr[0]:
        raise AssertionError(
            f"{call}: the mean training cost went from {arr[0]:.4g} (epoch 1) "
            f"to {arr[-1]:.4g} (epoch {epochs}); expected it to at least halve"
        )
    fit = _accuracy(reference, params, ["tanh", "tanh"], split.X_train, split.y_train)
    if fit < 0.85:
        raise AssertionError(
            f"{call}: the returned network classifies only {fit:.1%} of its "
            "own training digits correctly (about 95% expected)"
        )
