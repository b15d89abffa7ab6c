"""q2 forward pass and cost (5.1); q3 backpropagation (5.4).

q3 feeds the *reference* cache to the student's mlp_backward (the cache layout is part of the
contract), so that a wrong forward pass costs q2 only. Every gradient is compared with the
reference, with central differences in float64 and with torch autograd; the message names
the top-most wrong layer and parameter, its worst entry, and which other layers agree.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, named_mistake, rows_are_probabilities
from shared.gradcheck import numeric_gradient

ALL = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity")
SMOOTH = ("sigmoid", "tanh")  # where sigma'(a) != sigma'(z) is visible

# --------------------------------------------------------------------------- problems


def _acts(rng, n, must=()):
    """n activation names, including every name of ``must`` when n allows it."""
    names = [str(a) for a in rng.choice(ALL, size=n)]
    for i, m in zip(rng.permutation(n), must, strict=False):
        names[int(i)] = m
    return names


def _problem(rng, widths, output, n, must=()):
    params = [
        (
            rng.normal(size=(n_out, n_in)) * rng.uniform(0.6, 1.5) / np.sqrt(n_in),
            0.5 * rng.normal(size=n_out),
        )
        for n_in, n_out in zip(widths[:-1], widths[1:], strict=True)
    ]
    acts = _acts(rng, len(widths) - 2, must)
    X = rng.normal(size=(n, widths[0]))
    K = widths[-1]
    Y = np.eye(K)[rng.integers(K, size=n)] if output == "softmax" else rng.normal(size=(n, K))
    return X, Y, params, acts


def _describe(params, acts, output, n):
    layers = [
        f"{W.shape[1]}->{W.shape[0]} {a}" for (W, _), a in zip(params, [*acts, output], strict=True)
    ]
    return f"N = {n}, layers " + ", ".join(layers)


def _shape_of(x):
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)}"
    return type(x).__name__


# --------------------------------------------------------------------------- references


def _cost(reference, X, Y, params, acts, output):
    return reference.cost(reference.mlp_forward(X, params, acts, output)[0], Y, output)


def _numeric_grads(reference, X, Y, params, acts, output):
    out = []
    for l in range(len(params)):
        pair = []
        for j in (0, 1):

            def C(value, l=l, j=j):
                ps = [list(p) for p in params]
                ps[l][j] = value
                return _cost(reference, X, Y, ps, acts, output)

            pair.append(numeric_gradient(C, params[l][j]))
        out.append(tuple(pair))
    return out


def _torch_grads(X, Y, params, acts, output):
    import torch
    import torch.nn.functional as F

    fns = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
        "softplus": lambda z: F.softplus(z, threshold=1000.0),
        "identity": lambda z: z,
    }
    Ws = [torch.tensor(W, dtype=torch.float64, requires_grad=True) for W, _ in params]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for _, b in params]
    a = torch.tensor(X, dtype=torch.float64)
    Yt = torch.tensor(Y, dtype=torch.float64)
    for l, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        z = a @ W.T + b
        a = fns[acts[l]](z) if l < len(acts) else z
    if output == "softmax":
        C = -(Yt * F.log_softmax(a, dim=1)).sum() / len(X)
    else:
        C = ((a - Yt) ** 2).sum() / len(X)
    g = torch.autograd.grad(C, Ws + bs)
    L = len(params)
    return [(g[l].numpy(), g[L + l].numpy()) for l in range(L)]


def _backward_at_a(reference, Y, params, cache, acts, output):
    """The classic slip: sigma' evaluated at a^[l] instead of z^[l] (for the hint only)."""
    A = cache["a"]
    L, N = len(params), Y.shape[0]
    delta = (A[L] - Y) / N if output == "softmax" else 2 * (A[L] - Y) / N
    grads = [None] * L
    for l in range(L, 0, -1):
        grads[l - 1] = (delta.T @ A[l - 1], delta.sum(axis=0))
        if l > 1:
            delta = (delta @ params[l - 1][0]) * reference.activation_prime(acts[l - 2], A[l - 1])
    return grads


# --------------------------------------------------------------------------- comparison


def _mistakes(w, n, name):
    """Known wrong answers for the gradient ``name`` whose right value is ``w``."""
    w = np.asarray(w, dtype=float)
    if not np.any(w):
        return []
    zero = f"{name} is zero everywhere" + (
        ": the bias gradient is delta^[l] summed over the batch" if name[1] == "b" else ""
    )
    out = [(zero, np.zeros_like(w))]
    if w.ndim == 2:
        if w.shape[0] == w.shape[1]:
            out.append(
                (f"{name} is transposed: it must be delta^T @ a^[l-1], of the shape of W", w.T)
            )
        else:
            out.append(
                (
                    f"{name} must have the shape of W, (n_l, n_(l-1)) = {w.shape}: "
                    "delta^T @ a^[l-1], not a^[l-1]^T @ delta",
                    w.T,
                )
            )
    if n > 1:
        out.append(
            (
                f"yours is N = {n} times the expected value: C is the MEAN over the batch, "
                "so the gradient is divided by N",
                n * w,
            )
        )
    out += [
        ("yours is twice the expected value", 2 * w),
        ("yours is half the expected value: the squared error has no 1/2 here", w / 2),
    ]
    return out


def check_grads(got, want, *, n, context, extra_hint=""):
    """Compare [(dW, db), ...] layer by layer, top layer first (errors flow downwards)."""
    L = len(want)
    if not isinstance(got, (list, tuple)) or len(got) != L:
        raise AssertionError(
            f"mlp_backward returned {_shape_of(got)}; expected a list of {L} "
            f"(dW^[l], db^[l]) pairs, layer 1 first ({context})"
        )
    for l, pair in enumerate(got, 1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise AssertionError(
                f"entry {l - 1} of the gradient list should be the pair "
                f"(dW^[{l}], db^[{l}]), got {_shape_of(pair)} ({context})"
            )
    wrong: list[tuple[str, str]] = []
    right: list[str] = []
    for l in range(L, 0, -1):
        for j, sym in ((0, "dW"), (1, "db")):
            name = f"{sym}^[{l}]"
            try:
                close(
                    got[l - 1][j],
                    want[l - 1][j],
                    rtol=1e-6,
                    atol=1e-9,
                    what=name,
                    mistakes=_mistakes(want[l - 1][j], n, name),
                )
                right.append(name)
            except AssertionError as exc:
                wrong.append((name, str(exc)))
    if not wrong:
        return
    msg = wrong[0][1]
    others = [name for name, _ in wrong[1:]]
    if others:
        msg += "; also wrong: " + ", ".join(others)
    if right:
        msg += "; right: " + ", ".join(right)
    raise AssertionError(f"{msg}{extra_hint} ({context})")


def _diagnose(student, reference, rng, acts, got, Y, params, cache, output):
    """Extra words for a failed gradient: a slip at a^[l], or a wrong q1 derivative."""
    try:
        at_a = _backward_at_a(reference, Y, params, cache, acts, output)
        flat = np.concatenate([np.ravel(as_array(g[j])) for g in got for j in (0, 1)])
        hint = named_mistake(
            flat,
            [
                (
                    "Your gradient equals what you get with sigma' evaluated "
                    "at the activation a^[l]; backprop needs sigma'(z^[l]) at "
                    "the pre-activation z",
                    np.concatenate([np.ravel(a[j]) for a in at_a for j in (0, 1)]),
                )
            ],
        )
        if hint:
            return ". " + hint
    except Exception:  # noqa: BLE001 - the hint is best-effort
        pass
    z = rng.choice([-1.0, 1.0], size=7) * rng.uniform(0.05, 3.0, size=7)
    bad = []
    for name in sorted(set(acts) - {"identity"}):
        try:
            mine = np.asarray(getattr(student, name + "_prime")(z), dtype=float)
            if not np.allclose(mine, getattr(reference, name + "_prime")(z), rtol=1e-7):
                bad.append(name + "_prime")
        except Exception:  # noqa: BLE001
            bad.append(name + "_prime")
    if bad:
        return (
            ". Note: your " + ", ".join(bad) + " (question 1) give wrong values, and "
            "backprop uses them"
        )
    return ""


def _student_grads(student, reference, rng, X, Y, params, acts, output, want):
    _, cache = reference.mlp_forward(X, params, acts, output)
    got = student.mlp_backward(Y, params, cache, acts, output)
    context = _describe(params, acts, output, len(X))
    try:
        check_grads(got, want, n=len(X), context=context)
    except AssertionError as exc:
        extra = ""
        if isinstance(got, (list, tuple)) and len(got) == len(want):
            extra = _diagnose(student, reference, rng, acts, got, Y, params, cache, output)
        raise AssertionError(f"{exc}{extra}") from None


# --------------------------------------------------------------------------- q2 forward


@question("q2", points=1.5)
def test_forward_and_cache_match_reference(student, reference, rng):
    """Are Y_hat and every cached z^[l], a^[l] right, for 1 to 4 layers and both outputs?"""
    for depth, output in (
        (1, "softmax"),
        (2, "identity"),
        (3, "softmax"),
        (4, "identity"),
        (4, "softmax"),
    ):
        widths = [int(w) for w in rng.integers(2, 7, size=depth + 1)]
        X, _, params, acts = _problem(rng, widths, output, int(rng.integers(2, 9)))
        context = _describe(params, acts, output, len(X))
        got = student.mlp_forward(X, params, acts, output)
        if not isinstance(got, (list, tuple)) or len(got) != 2:
            raise AssertionError(
                f"mlp_forward should return the pair (Y_hat, cache), got {_shape_of(got)}"
            )
        (Y_hat, cache), (want, wcache) = got, reference.mlp_forward(X, params, acts, output)
        close(Y_hat, want, rtol=1e-9, atol=1e-12, what=f"Y_hat ({context})")
        if not isinstance(cache, dict) or not {"a", "z"} <= set(cache):
            keys = sorted(cache) if isinstance(cache, dict) else _shape_of(cache)
            raise AssertionError(f"the cache should be a dict with keys 'a' and 'z', got {keys}")
        L = len(params)
        for key, count, first in (("a", L + 1, 0), ("z", L, 1)):
            if not isinstance(cache[key], (list, tuple)) or len(cache[key]) != count:
                raise AssertionError(
                    f"cache['{key}'] should be a list of {count} arrays for "
                    f"L = {L} layers, got {_shape_of(cache[key])}"
                )
            for i, (g, w) in enumerate(zip(cache[key], wcache[key], strict=True)):
                close(
                    g,
                    w,
                    rtol=1e-9,
                    atol=1e-12,
                    what=f"cache['{key}'][{i}] = {key}^[{i + first}] ({context})",
                )


@question("q2", points=0.5)
def test_softmax_output_is_stable_for_huge_scores(student, reference, rng):
    """With weights scaled by 300, are the output rows still finite probabilities?"""
    X, _, params, acts = _problem(rng, [4, 6, 5], "softmax", 8, must=("relu",))
    params = [(300 * W, 300 * b) for W, b in params]
    Y_hat = student.mlp_forward(X, params, acts, "softmax")[0]
    rows_are_probabilities(Y_hat, what="Y_hat with scores of size ~1000")
    close(
        Y_hat,
        reference.mlp_forward(X, params, acts, "softmax")[0],
        rtol=1e-7,
        atol=1e-12,
        what="Y_hat with scores of size ~1000",
    )


def _scalar(x, what):
    arr = as_array(x, what)
    if arr.size != 1:
        raise AssertionError(f"{what} should be one number, got an array of shape {arr.shape}")
    return float(arr.reshape(()))


@question("q2", points=1)
def test_cost_cross_entropy_and_squared_error(student, reference, rng):
    """Is C(theta) the mean over samples of the cross-entropy / squared error?"""
    n, k = int(rng.integers(3, 12)), int(rng.integers(2, 6))
    Y_hat = reference.softmax(2 * rng.normal(size=(n, k)))
    Y = np.eye(k)[rng.integers(k, size=n)]
    what = f"cross-entropy cost for N = {n}, K = {k}"
    want = reference.cost(Y_hat, Y, "softmax")
    close(
        _scalar(student.cost(Y_hat, Y, "softmax"), "cost(..., 'softmax')"),
        want,
        rtol=1e-9,
        what=what,
        mistakes=[("sum over samples? C is the mean", n * want)],
    )
    Y_hat, Y = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    what = f"squared-error cost for N = {n}, K = {k}"
    want = reference.cost(Y_hat, Y, "identity")
    close(
        _scalar(student.cost(Y_hat, Y, "identity"), "cost(..., 'identity')"),
        want,
        rtol=1e-9,
        what=what,
        mistakes=[
            ("mean over all entries? average over the N samples, sum over the K outputs", want / k),
            ("there is no 1/2 factor here", want / 2),
        ],
    )


# --------------------------------------------------------------------------- q3 backward


@question("q3", points=2)
def test_backward_matches_central_differences(student, reference, rng):
    """Does every dW^[l], db^[l] match a float64 central-difference gradient of C(theta)?"""
    for depth, output in ((3, "softmax"), (2, "identity"), (4, "softmax")):
        widths = [int(w) for w in rng.integers(2, 6, size=depth + 1)]
        X, Y, params, acts = _problem(rng, widths, output, int(rng.integers(3, 8)), must=SMOOTH)
        want = _numeric_grads(reference, X, Y, params, acts, output)
        _student_grads(student, reference, rng, X, Y, params, acts, output, want)


@question("q3", points=2)
def test_backward_matches_torch_autograd(student, reference, rng):
    """Does mlp_backward agree with torch autograd on deeper, wider random networks?"""
    for depth, output in ((4, "softmax"), (5, "identity")):
        widths = [int(w) for w in rng.integers(6, 20, size=depth + 1)]
        X, Y, params, acts = _problem(
            rng,
            widths,
            output,
            int(rng.integers(16, 40)),
            must=(*SMOOTH, "softplus", "leaky_relu")[: depth - 1],
        )
        want = _torch_grads(X, Y, params, acts, output)
        _student_grads(student, reference, rng, X, Y, params, acts, output, want)


@question("q3", points=1)
def test_backward_single_sample_square_layers_and_big_batch(student, reference, rng):
    """Is backprop right for N = 1, for square W (transposes show), and for N = 300?"""
    for widths, output, n in (
        ([3, 4, 2], "softmax", 1),
        ([5, 5, 5, 5], "identity", 6),
        ([6, 8, 4], "softmax", 300),
    ):
        X, Y, params, acts = _problem(rng, widths, output, n, must=("tanh",))
        want = _torch_grads(X, Y, params, acts, output)
        _student_grads(student, reference, rng, X, Y, params, acts, output, want)
