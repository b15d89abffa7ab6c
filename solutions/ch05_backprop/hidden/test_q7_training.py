"""q7: train_mlp() on scikit-learn's digits with the student's own forward and backward passes.

Two kinds of evidence. The recipe of the docstring fixes every random draw, so the grader
replays two epochs of a small run from the same initial parameters (the student's own
init_params) with the reference's loss_and_grads and compares parameters and epoch costs to
1e-8: a wrong gradient, a missing reshuffle or another reported cost fails whatever the seed.
Then a full run is scored on held-out digits with the reference's forward pass.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, named_mistake
from shared.data import digits

# Measured (benchmarks/training_verdicts.py --chapter ch05, seeds 0-99): the reference reaches
# 94.0-98.4% on the held-out digits, and so does a train_mlp that never updates the biases (a
# wrong gradient step): the accuracy cannot tell them apart, the step-by-step replay always does.
TARGET = 0.90


def _checked_params(params, widths, call):
    """params as a list of float64 (W, b) pairs of the right shapes, or an AssertionError."""
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
    return checked


def _train(student, X, y, call, **kw):
    out = student.train_mlp(X, y, **kw)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (params, losses)")
    widths = [X.shape[1], *kw["hidden"], int(y.max()) + 1]
    return _checked_params(out[0], widths, call), out[1]


# --------------------------------------------------------------------------- the recipe


def replay(
    reference,
    start,
    X,
    y,
    acts,
    *,
    epochs,
    lr,
    batch_size,
    seed,
    shuffle="every epoch",
    update_b=True,
    drop_last=False,
    losses="weighted",
):
    """The docstring's recipe from the parameters ``start``, with the reference's
    loss_and_grads. The keywords switch to known wrong recipes (for the messages):
    shuffle "once" or "never"; update_b False; drop_last True (a smaller last mini-batch
    left out); losses "plain mean", "last batch" or "after the epoch"."""
    N = X.shape[0]
    Y = np.eye(int(y.max()) + 1)[y]
    params = [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in start]
    rng = np.random.default_rng(seed)
    order = rng.permutation(N) if shuffle == "once" else np.arange(N)
    record = []
    for _ in range(epochs):
        if shuffle == "every epoch":
            order = rng.permutation(N)
        costs, sizes = [], []
        for begin in range(0, N - batch_size + 1 if drop_last else N, batch_size):
            idx = order[begin : begin + batch_size]
            C, grads = reference.loss_and_grads(X[idx], Y[idx], params, acts, "softmax")
            params = [
                (W - lr * dW, b - lr * db if update_b else b)
                for (W, b), (dW, db) in zip(params, grads, strict=True)
            ]
            costs.append(C)
            sizes.append(len(idx))
        if losses == "weighted":
            record.append(float(np.dot(costs, sizes) / N))
        elif losses == "plain mean":
            record.append(float(np.mean(costs)))
        elif losses == "last batch":
            record.append(costs[-1])
        else:  # "after the epoch"
            record.append(reference.cost(reference.mlp_forward(X, params, acts)[0], Y))
    return params, record


def _flat(params):
    return np.concatenate([np.ravel(a) for pair in params for a in pair])


@question("q7", points=1.5, timeout=60)
def test_two_epochs_follow_the_recipe_step_by_step(student, reference, rng):
    """From the same initial parameters, do two epochs on 40 digits, then on 37 (the last
    mini-batch a single sample), give the parameters and epoch costs of the recipe (He/Xavier
    by activation, rng.permutation(N) every epoch, plain SGD, size-weighted epoch means), to
    1e-8?"""
    split = digits(seed=int(rng.integers(1000)))
    pick = rng.choice(len(split.y_train), size=40, replace=False)
    X, y = split.X_train[pick], split.y_train[pick]
    for n, hidden, activation in ((40, [6], "tanh"), (37, [7, 5], "relu")):
        seed = int(rng.integers(1000))
        _check_recipe(student, reference, X[:n], y[:n], hidden, activation, seed)


def _check_recipe(student, reference, X, y, hidden, activation, seed):
    """Two epochs of train_mlp against the replayed recipe, mistakes named."""
    kw = dict(hidden=hidden, activation=activation, epochs=2, lr=0.5, batch_size=12, seed=seed)
    call = "train_mlp(X, y, " + ", ".join(f"{k}={v!r}" for k, v in kw.items()) + ")"
    sizes = [min(12, len(y) - begin) for begin in range(0, len(y), 12)]
    batches = ", ".join(map(str, sizes[:-1])) + f" and {sizes[-1]}"
    call += f" on {len(y)} digits (batches of {batches})"
    params, losses = _train(student, X, y, call, **kw)
    method, other = ("xavier", "he") if activation in ("sigmoid", "tanh") else ("he", "xavier")
    widths = [X.shape[1], *hidden, int(y.max()) + 1]
    start = student.init_params(widths, method, seed)
    acts = [activation] * len(hidden)
    args = dict(epochs=2, lr=0.5, batch_size=12, seed=seed)

    def run(begin=start, **wrong):
        return replay(reference, begin, X, y, acts, **args, **wrong)

    want, want_losses = run()
    hint = named_mistake(
        _flat(params),
        [
            (
                "the order is drawn once: draw rng.permutation(N) at the start of every epoch",
                lambda: _flat(run(shuffle="once")[0]),
            ),
            (
                "the samples are never shuffled: every epoch visits them in the order "
                "rng.permutation(N)",
                lambda: _flat(run(shuffle="never")[0]),
            ),
            (
                "the biases are never updated: b^[l] <- b^[l] - lr db^[l] too",
                lambda: _flat(run(update_b=False)[0]),
            ),
            (
                f"the last mini-batch (of {sizes[-1]}) is left out: every sample is visited "
                "once per epoch, the last batch may be smaller",
                lambda: _flat(run(drop_last=True)[0]),
            ),
            (
                f"this starts from init_params(..., {other!r}, seed); the recipe uses Xavier "
                "for sigmoid and tanh, He for every other activation",
                lambda: _flat(run(begin=student.init_params(widths, other, seed))[0]),
            ),
        ],
    )
    for l, ((W, b), (wW, wb)) in enumerate(zip(params, want, strict=True), 1):
        for name, got, exp in ((f"W^[{l}]", W, wW), (f"b^[{l}]", b, wb)):
            try:
                close(got, exp, rtol=1e-8, atol=1e-10, what=f"{name} after two epochs of {call}")
            except AssertionError as exc:
                raise AssertionError(f"{exc} ({hint})" if hint else str(exc)) from None
    close(
        as_array(losses, "losses").ravel(),
        want_losses,
        rtol=1e-8,
        atol=1e-10,
        what=f"losses from {call}",
        mistakes=[
            (
                "this is the plain mean of the mini-batch costs; weight each by its size (the "
                f"last batch holds {sizes[-1]}): sum_B |B| C_B / N",
                lambda: run(losses="plain mean")[1],
            ),
            (
                "this is the cost of the last mini-batch of each epoch; record the mean over "
                "the whole epoch",
                lambda: run(losses="last batch")[1],
            ),
            (
                "this is the cost of the whole training set after the epoch; record the costs "
                "the epoch saw, each mini-batch's before its step",
                lambda: run(losses="after the epoch")[1],
            ),
        ],
    )


# --------------------------------------------------------------------------- full runs


def _run(student, rng, hidden, activation, epochs, lr, batch_size):
    split = digits(seed=int(rng.integers(1000)))
    seed = int(rng.integers(1000))
    call = (
        f"train_mlp(X_train, y_train, hidden={hidden}, activation={activation!r}, "
        f"epochs={epochs}, lr={lr}, batch_size={batch_size}, seed={seed})"
    )
    params, losses = _train(
        student,
        split.X_train,
        split.y_train,
        call,
        hidden=hidden,
        activation=activation,
        epochs=epochs,
        lr=lr,
        batch_size=batch_size,
        seed=seed,
    )
    return split, params, losses, call


def _accuracy(reference, params, activations, X, y):
    P, _ = reference.mlp_forward(X, params, activations, "softmax")
    return float(np.mean(P.argmax(axis=1) == y))


@question("q7", points=1, timeout=60)
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


@question("q7", points=0.5, timeout=60)
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
