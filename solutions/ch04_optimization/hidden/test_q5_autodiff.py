"""q5: forward- and reverse-mode AD on random computational graphs.

Graphs reuse nodes (a node feeding two ops, ("mul", i, i)) and may leave an input unused.
Derivatives are compared with the reference to 1e-11 relative, 1e-12 of the largest entry
absolute (exact derivatives agree to about 1e-15; central differences are off by 1e-12 to
1e-10 and fail), and, as an independent check first, with central differences.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close
from shared.gradcheck import numeric_gradient

from ._checks import describe, random_graph


def _pair(out, call, n=None):
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (value, derivative)")
    f = as_array(out[0], f"{call}: value")
    if f.size != 1:
        raise AssertionError(f"{call}: the value f(x) should be one number, got shape {f.shape}")
    d = as_array(out[1], f"{call}: derivative").astype(np.float64)
    if n is not None and d.shape != (n,):
        raise AssertionError(f"{call}: the gradient has shape {d.shape}, expected ({n},)")
    if n is None and d.size != 1:
        raise AssertionError(
            f"{call}: the directional derivative should be one number, got shape {d.shape}"
        )
    return float(f.ravel()[0]), (d if n is not None else float(d.ravel()[0]))


def _graphs(rng, count):
    for k in range(count):
        n = int(rng.integers(2, 5))
        yield random_graph(rng, n, int(rng.integers(6, 14)), unused_input=k % 2 == 1), n


def _numeric(reference, ops, x):
    return numeric_gradient(lambda z: reference.reverse_mode(ops, z)[0], x)


@question("q5", points=0.5)
def test_values_are_the_graph_output(student, reference, rng):
    """Do forward_mode and reverse_mode both return f(x), the value of the last node?"""
    for (ops, x), n in _graphs(rng, 4):
        want = reference.reverse_mode(ops, x)[0]
        u = rng.normal(size=n)
        for name, out in (
            ("forward_mode", student.forward_mode(ops, x, u)),
            ("reverse_mode", student.reverse_mode(ops, x)),
        ):
            call = f"{name}(ops={describe(ops)}, x={np.round(x, 3).tolist()})"
            f, _ = _pair(out, call, n if name == "reverse_mode" else None)
            close(f, want, rtol=1e-12, atol=1e-14, what=f"{call}: f(x)")


@question("q5", points=1.5)
def test_forward_mode_gives_the_directional_derivative(student, reference, rng):
    """Is forward_mode's derivative exactly grad f(x) . u on random graphs, and are both
    numbers plain floats (not arrays of shape (1,))?"""
    for (ops, x), n in _graphs(rng, 6):
        u = rng.normal(size=n)
        call = f"forward_mode(ops={describe(ops)}, x={np.round(x, 3).tolist()}, u)"
        _, df = _pair(student.forward_mode(ops, x, u), call)
        want = float(reference.reverse_mode(ops, x)[1] @ u)
        reference.forward_mode(ops, x, u)  # same inputs: the output contract (two floats)
        close(
            df,
            float(_numeric(reference, ops, x) @ u),
            rtol=1e-5,
            atol=1e-7,
            what=f"{call}: the directional derivative, against central differences",
        )
        close(
            df,
            want,
            rtol=1e-11,
            atol=1e-12 * max(1.0, abs(want)),
            what=f"{call}: the directional derivative (exact, not a finite difference)",
        )


@question("q5", points=2.5)
def test_reverse_mode_gives_the_gradient(student, reference, rng):
    """Is reverse_mode's gradient right on random graphs with reused nodes and unused inputs?"""
    for (ops, x), n in _graphs(rng, 8):
        call = f"reverse_mode(ops={describe(ops)}, x={np.round(x, 3).tolist()})"
        _, grad = _pair(student.reverse_mode(ops, x), call, n)
        close(
            grad,
            _numeric(reference, ops, x),
            rtol=1e-5,
            atol=1e-7,
            what=f"{call}: the gradient against central differences",
        )
        want = reference.reverse_mode(ops, x)[1]
        close(
            grad,
            want,
            rtol=1e-11,
            atol=1e-12 * max(1.0, float(np.abs(want).max())),
            what=f"{call}: the gradient (exact, not a finite difference)",
        )


@question("q5", points=0.5)
def test_forward_and_reverse_mode_agree(student, rng):
    """On one graph, does forward_mode along each unit vector e_i give reverse_mode's grad[i]?"""
    (ops, x), n = next(_graphs(rng, 1))
    _, grad = _pair(student.reverse_mode(ops, x), f"reverse_mode({describe(ops)}, x)", n)
    cols = [
        _pair(student.forward_mode(ops, x, e), f"forward_mode({describe(ops)}, x, e_i)")[1]
        for e in np.eye(n)
    ]
    close(
        np.array(cols),
        grad,
        rtol=1e-9,
        atol=1e-11,
        what=f"forward_mode along e_i against reverse_mode's gradient for {describe(ops)}",
    )
