"""q6 Model I (eq. 1), q7 Model II (eq. 4), q8 Model III (eqs. 7-8, 33) on batches."""

import numpy as np

from autograder.api import question
from shared.compare import close, rows_are_probabilities, same_shape

ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity", "softmax")

# --------------------------------------------------------------------------- q6 Model I


@question("q6", points=0.75)
def test_model_I_matches_reference(student, reference, rng):
    """Is model_I(X, w, b0) = sigmoid(b0 + w^T x) for every row x, for several shapes?"""
    for n, p in [(6, 3), (1, 5), (10, 1), (4, 8)]:
        X, w, b0 = rng.normal(size=(n, p)), rng.normal(size=p), float(rng.normal())
        want = reference.model_I(X, w, b0)
        close(
            student.model_I(X, w, b0),
            want,
            rtol=1e-7,
            atol=1e-12,
            what=f"model_I(X, w, b0) for X of shape {X.shape}, b0 = {b0:.3g}",
            mistakes=[
                (
                    "only 0s and 1s: return the probability sigma_Sig(z), not the "
                    "class of the decision rule (3)",
                    (want > 0.5).astype(float),
                )
            ],
        )


@question("q6", points=0.5)
def test_model_I_bias_only(student, reference, rng):
    """With w = 0, is every output sigmoid(b0), so that the bias b0 is used?"""
    X, b0 = rng.normal(size=(5, 3)), float(rng.uniform(1, 3) * rng.choice([-1, 1]))
    close(
        student.model_I(X, np.zeros(3), b0),
        np.full(5, reference.sigmoid(b0)),
        rtol=1e-7,
        what=f"model_I(X, w = 0, b0 = {b0:.3g})",
    )


@question("q6", points=0.5)
def test_model_I_one_probability_per_sample(student, reference, rng):
    """Does model_I return shape (N,) (not (N, 1)) with values in [0, 1]?"""
    X, w, b0 = rng.normal(size=(7, 4)), 2 * rng.normal(size=4), float(rng.normal())
    got = same_shape(student.model_I(X, w, b0), (7,), what="model_I(X, w, b0) for N = 7")
    if not ((got >= 0) & (got <= 1)).all():
        raise AssertionError(f"model_I(X, w, b0) has values outside [0, 1]: {got}")
    close(got, reference.model_I(X, w, b0), rtol=1e-7, atol=1e-12, what="model_I(X, w, b0)")


@question("q6", points=0.25)
def test_model_I_is_stable_for_huge_scores(student, reference, rng):
    """With |b0 + w^T x| in the thousands, are the probabilities still finite and right (the
    stable sigmoid of q4, not e^z / (1 + e^z) written inline)?"""
    X, w, b0 = rng.normal(size=(4, 3)), 600 * rng.normal(size=3), float(rng.normal())
    X = np.vstack([X, -X])  # scores of both signs
    w *= rng.uniform(1500, 3000) / np.abs(X @ w).max()  # the largest |w^T x| is 1500 to 3000
    close(
        student.model_I(X, w, b0),
        reference.model_I(X, w, b0),
        rtol=1e-7,
        atol=1e-12,
        what=f"model_I(X, w, b0) with |b0 + w^T x| up to {np.abs(X @ w + b0).max():.0f}",
    )


# --------------------------------------------------------------------------- q7 Model II


def _model_II_check(student, reference, X, W, b, what):
    square = W.shape[0] == W.shape[1]
    close(
        student.model_II(X, W, b),
        reference.model_II(X, W, b),
        rtol=1e-7,
        atol=1e-12,
        what=what,
        mistakes=[
            (
                "this is softmax(b + W^T x): the scores of sample x are b + W x, i.e. "
                "X @ W.T + b for a batch",
                (lambda: reference.model_II(X, W.T, b)) if square else None,
            ),
        ],
    )


@question("q7", points=0.75)
def test_model_II_matches_reference(student, reference, rng):
    """Is model_II(X, W, b) = softmax(b + W x) for every row x, for several shapes?"""
    for n, p, k in [(6, 3, 4), (1, 5, 2), (9, 2, 3), (3, 7, 5)]:
        X, W, b = rng.normal(size=(n, p)), rng.normal(size=(k, p)), rng.normal(size=k)
        _model_II_check(
            student,
            reference,
            X,
            W,
            b,
            what=f"model_II(X, W, b) with X {X.shape}, W {W.shape}, b {b.shape}",
        )


@question("q7", points=0.5)
def test_model_II_square_weights(student, reference, rng):
    """With K = p (a square W), is it W, not its transpose, that maps x to the scores?"""
    X, W, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    _model_II_check(student, reference, X, W, b, what="model_II(X, W, b) with a square W")


@question("q7", points=0.5)
def test_model_II_rows_are_probabilities_with_map_class(student, reference, rng):
    """Is every row of model_II a probability vector whose argmax is the top score (eq. 6)?"""
    X, W, b = rng.normal(size=(12, 3)), 2 * rng.normal(size=(4, 3)), rng.normal(size=4)
    got = same_shape(student.model_II(X, W, b), (12, 4), what="model_II(X, W, b)")
    rows_are_probabilities(got, what="model_II(X, W, b)")
    top = np.argmax(X @ W.T + b, axis=1)
    wrong = np.flatnonzero(np.argmax(got, axis=1) != top)
    if wrong.size:
        i = int(wrong[0])
        raise AssertionError(
            f"model_II(X, W, b): row {i} is most probable for class "
            f"{int(np.argmax(got[i]))}, but class {int(top[i])} has the "
            "highest score b + W x"
        )
    close(got, reference.model_II(X, W, b), rtol=1e-7, atol=1e-12, what="model_II(X, W, b)")


@question("q7", points=0.25)
def test_model_II_is_stable_for_huge_scores(student, reference, rng):
    """With class scores b + W x in the thousands, is every row still a probability vector
    (the stable softmax of q5, not exp(z) / sum exp(z) written inline)?"""
    X, W, b = rng.normal(size=(3, 3)), 500 * rng.normal(size=(4, 3)), rng.normal(size=4)
    X = np.vstack([X, -X])  # scores of both signs
    W *= rng.uniform(1500, 3000) / np.abs(X @ W.T).max()  # the largest |score| is 1500 to 3000
    what = f"model_II(X, W, b) with scores up to {np.abs(X @ W.T + b).max():.0f}"
    got = student.model_II(X, W, b)
    close(got, reference.model_II(X, W, b), rtol=1e-7, atol=1e-12, what=what)
    rows_are_probabilities(got, what=what)


# --------------------------------------------------------------------------- q8 Model III


def _network(rng, widths, acts):
    return [
        (rng.normal(size=(n_out, n_in)) / np.sqrt(n_in), 0.5 * rng.normal(size=n_out), a)
        for n_in, n_out, a in zip(widths[:-1], widths[1:], acts, strict=True)
    ]


def _describe(layers):
    return " -> ".join(f"{W.shape[1]}x{W.shape[0]} {a}" for W, _, a in layers)


@question("q8", points=0.75)
def test_model_III_matches_reference_on_random_networks(student, reference, rng):
    """Does model_III match eqs. (7-8) on random networks of depth 1 to 4 and all activations?"""
    for depth in (1, 2, 3, 4):
        widths = [int(w) for w in rng.integers(1, 7, size=depth + 1)]
        acts = [str(a) for a in rng.choice(ACTIVATIONS, size=depth)]
        layers = _network(rng, widths, acts)
        X = rng.normal(size=(int(rng.integers(2, 9)), widths[0]))
        close(
            student.model_III(X, layers),
            reference.model_III(X, layers),
            rtol=1e-7,
            atol=1e-12,
            what=f"model_III on the network {_describe(layers)} (X of shape {X.shape})",
        )


@question("q8", points=0.5)
def test_model_III_each_activation(student, reference, rng):
    """Does each activation name pick the right S^[l]: sigmoid, tanh, relu, identity, softmax?"""
    X = 2 * rng.normal(size=(6, 3))
    for name in ACTIVATIONS:
        layers = _network(rng, [3, 4], [name])
        close(
            student.model_III(X, layers),
            reference.model_III(X, layers),
            rtol=1e-7,
            atol=1e-12,
            what=f"model_III with a single '{name}' layer (3 -> 4)",
        )


@question("q8", points=0.5)
def test_model_III_figure3_network(student, reference, rng):
    """Does the 4-4-3-5-1 network of Figure 3 give one probability per sample, shape (N, 1)?"""
    layers = _network(rng, [4, 4, 3, 5, 1], ["tanh", "relu", "tanh", "sigmoid"])
    X = rng.normal(size=(8, 4))
    got = same_shape(
        student.model_III(X, layers),
        (8, 1),
        what="model_III on the 4-4-3-5-1 network, X of shape (8, 4)",
    )
    close(
        got,
        reference.model_III(X, layers),
        rtol=1e-7,
        atol=1e-12,
        what=f"model_III on the network {_describe(layers)}",
    )


@question("q8", points=0.5)
def test_model_III_one_softmax_layer_is_model_II(student, reference, rng):
    """Is a single softmax layer exactly Model II, and a single 1-unit sigmoid layer Model I?"""
    X, W, b = rng.normal(size=(7, 5)), rng.normal(size=(3, 5)), rng.normal(size=3)
    close(
        student.model_III(X, [(W, b, "softmax")]),
        reference.model_II(X, W, b),
        rtol=1e-7,
        atol=1e-12,
        what="model_III(X, [(W, b, 'softmax')]) against model_II(X, W, b)",
    )
    w, b0 = rng.normal(size=5), float(rng.normal())
    close(
        student.model_III(X, [(w[None, :], np.array([b0]), "sigmoid")]),
        reference.model_I(X, w, b0)[:, None],
        rtol=1e-7,
        atol=1e-12,
        what="model_III(X, [(w as a 1x5 W, [b0], 'sigmoid')]) against model_I as (N, 1)",
    )


@question("q8", points=0.25)
def test_model_III_single_sample(student, reference, rng):
    """Does model_III work for a batch of one sample, X of shape (1, p)?"""
    layers = _network(rng, [3, 5, 2], ["relu", "softmax"])
    X = rng.normal(size=(1, 3))
    close(
        student.model_III(X, layers),
        reference.model_III(X, layers),
        rtol=1e-7,
        atol=1e-12,
        what="model_III for X of shape (1, 3)",
    )


@question("q8", points=0.25)
def test_model_III_is_stable_for_huge_scores(student, reference, rng):
    """With weights 300 times larger (scores in the thousands), do the sigmoid and softmax
    layers stay finite and right?"""
    for acts in (["relu", "softmax"], ["tanh", "sigmoid"], ["identity", "softmax"]):
        layers = [(300 * W, 300 * b, a) for W, b, a in _network(rng, [3, 5, 4], acts)]
        X = rng.normal(size=(3, 3))
        X = np.vstack([X, -X])  # scores of both signs
        close(
            student.model_III(X, layers),
            reference.model_III(X, layers),
            rtol=1e-7,
            atol=1e-12,
            what=f"model_III on the network {_describe(layers)} with weights of size ~300",
        )


def _raised(exc: BaseException) -> str:
    """The class name of the exception a student's call raised (through the worker or not)."""
    return getattr(exc, "type", None) or type(exc).__name__


@question("q8", points=0.25)
def test_model_III_rejects_an_unknown_activation(student, rng):
    """Is an activation name other than the five an error, not silently the identity?"""
    X = rng.normal(size=(4, 3))
    W, b = rng.normal(size=(2, 3)), rng.normal(size=2)
    # A known name must work first: a missing or unfinished function "raises" too.
    student.model_III(X, [(W, b, "relu")])
    for name in ("softplus", "Sigmoid", "linear"):
        call = f"model_III(X, [(W, b, {name!r})])"
        try:
            student.model_III(X, [(W, b, name)])
        except Exception as exc:  # noqa: BLE001 - any error will do, whatever its class
            if _raised(exc) == "NotImplementedError":
                raise
            continue
        raise AssertionError(
            f"{call} returned a value; any name other than sigmoid, tanh, relu, identity "
            "and softmax must be an error (raise ValueError)"
        )
