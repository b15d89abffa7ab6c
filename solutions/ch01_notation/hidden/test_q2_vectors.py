"""q2: inner product, norm, cosine and distance of 1-D vectors (eqs. 15-18)."""

import numpy as np

from autograder.api import question
from shared.compare import close

SIZES = (1, 3, 17, 200)


def _pair(rng, n):
    scale = rng.uniform(0.1, 10)
    return scale * rng.normal(size=n), rng.normal(size=n)


@question("q2", points=0.5)
def test_inner_matches_eq15(student, reference, rng):
    """Is inner(u, v) the sum of the products u_i v_i for vectors of several lengths?"""
    for n in SIZES:
        u, v = _pair(rng, n)
        # a loop and np.dot round differently: allow for that relative to the terms' size
        atol = 1e-12 * float(np.abs(u * v).sum()) + 1e-15
        close(
            student.inner(u, v),
            reference.inner(u, v),
            rtol=1e-9,
            atol=atol,
            what=f"inner(u, v) for u, v of length {n}",
        )


@question("q2", points=0.5)
def test_norm_matches_eq16(student, reference, rng):
    """Is norm(u) the Euclidean length sqrt(u^T u), and 0 for the zero vector?"""
    for n in SIZES:
        u, _ = _pair(rng, n)
        close(
            student.norm(u),
            reference.norm(u),
            rtol=1e-9,
            what=f"norm(u) for u of length {n}",
            mistakes=[
                (
                    "the sum of |u_i| is the L1 norm; eq. (16) is sqrt(sum u_i^2)",
                    np.abs(u).sum() if n > 1 else None,
                )
            ],
        )
    close(student.norm(np.zeros(4)), 0.0, atol=0, what="norm of the zero vector")


@question("q2", points=0.5)
def test_cosine_matches_eq17(student, reference, rng):
    """Is cosine(u, v) in [-1, 1], blind to the vectors' lengths, and equal to eq. (17)?"""
    for n in SIZES[1:]:
        u, v = _pair(rng, n)
        close(
            student.cosine(u, v),
            reference.cosine(u, v),
            rtol=1e-7,
            atol=1e-12,
            what=f"cosine(u, v) for u, v of length {n}",
        )
    u, v = _pair(rng, 6)
    a, b = rng.uniform(0.01, 100, size=2)
    close(
        student.cosine(a * u, b * v),
        reference.cosine(u, v),
        rtol=1e-7,
        atol=1e-12,
        what=f"cosine({a:.3g} u, {b:.3g} v), which should equal cosine(u, v)",
    )
    close(student.cosine(u, -3 * u), -1.0, rtol=1e-9, what="cosine(u, -3u)")


@question("q2", points=0.5)
def test_distance_matches_eq18(student, reference, rng):
    """Is distance(u, v) = ||u - v|| (not its square), symmetric and 0 from u to u?"""
    for n in SIZES:
        u, v = _pair(rng, n)
        want = reference.distance(u, v)
        close(
            student.distance(u, v),
            want,
            rtol=1e-9,
            what=f"distance(u, v) for u, v of length {n}",
            mistakes=[
                (
                    "this is ||u - v||^2, the squared error of eq. (19); eq. (18) takes "
                    "the square root",
                    want**2 if abs(want - 1) > 1e-6 else None,
                )
            ],
        )
    u, v = _pair(rng, 5)
    close(student.distance(v, u), reference.distance(u, v), rtol=1e-9, what="distance(v, u)")
    close(student.distance(u, u), 0.0, atol=1e-12, what="distance(u, u)")
