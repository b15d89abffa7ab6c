"""q9: the triplet loss of face identification (eq. T), against the formula evaluated here in
NumPy: squared Euclidean distances, the hinge per triplet, the mean over the batch."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close


def triplet_key(a, p, n, margin, *, squared=True, hinge="each", reduce="mean", sign=1.0):
    """Eq. (T) in NumPy. The keywords give the usual wrong versions (for the messages):
    squared False (Euclidean distances), hinge "none" / "after the mean", reduce "sum",
    sign -1 (the margin subtracted)."""
    d_ap = ((a - p) ** 2).sum(axis=1)
    d_an = ((a - n) ** 2).sum(axis=1)
    if not squared:
        d_ap, d_an = np.sqrt(d_ap), np.sqrt(d_an)
    z = d_ap - d_an + sign * margin
    if hinge == "after the mean":
        return max(z.mean(), 0.0)
    if hinge == "each":
        z = np.maximum(z, 0.0)
    return z.sum() if reduce == "sum" else z.mean()


def _mistakes(a, p, n, margin):
    N = len(a)
    out = [
        (
            "these are Euclidean distances ||a - p||; eq. (T) uses their squares",
            lambda: triplet_key(a, p, n, margin, squared=False),
        ),
        (
            "the hinge max(., 0) is taken after the mean; take it for each triplet, then average",
            lambda: triplet_key(a, p, n, margin, hinge="after the mean"),
        ),
        (
            "the hinge max(., 0) is missing: a triplet whose negative is far enough must cost 0, "
            "not a negative amount",
            lambda: triplet_key(a, p, n, margin, hinge="none"),
        ),
        (
            "the margin is subtracted; eq. (T) adds it: d_ap - d_an + m",
            lambda: triplet_key(a, p, n, margin, sign=-1.0),
        ),
        (
            "positive and negative are swapped: d_ap - d_an + m, with d_ap = ||a - p||^2",
            lambda: triplet_key(a, n, p, margin),
        ),
    ]
    if N > 1:
        out.append(
            (
                f"this is the sum over the N = {N} triplets; eq. (T) is averaged",
                lambda: triplet_key(a, p, n, margin, reduce="sum"),
            )
        )
    return out


def check_loss(student, a, p, n, margin, what, want=None, atol=1e-12):
    """triplet_loss(a, p, n[, margin=margin]) against eq. (T) (or ``want``), mistakes named.
    margin None: the default, 0.2."""
    t = [torch.from_numpy(v) for v in (a, p, n)]
    got = student.triplet_loss(*t) if margin is None else student.triplet_loss(*t, margin=margin)
    m = 0.2 if margin is None else margin
    close(
        got,
        triplet_key(a, p, n, m) if want is None else want,
        rtol=1e-9 if want is None else 0,
        atol=atol,
        what=what,
        mistakes=_mistakes(a, p, n, m),
    )


@question("q9", points=1)
def test_triplet_loss_matches_eq_T_on_random_embeddings(student, rng):
    """For random batches (N = 1 to 40, d = 2 to 16, some triplets active and some not), is
    the result (1/N) sum_i max(||a - p||^2 - ||a - n||^2 + margin, 0), default margin 0.2?"""
    for N, d, margin in ((40, 8, None), (1, 3, 0.5), (13, 16, 1.5), (25, 2, 0.05)):
        a = rng.normal(size=(N, d))
        p = a + rng.uniform(0.2, 1.0) * rng.normal(size=(N, d))
        n = a + rng.uniform(0.2, 1.0) * rng.normal(size=(N, d))
        kw = "" if margin is None else f", margin={margin}"
        what = f"triplet_loss(anchor, positive, negative{kw}) for N = {N} triplets in d = {d}"
        check_loss(student, a, p, n, margin, what)


@question("q9", points=0.5)
def test_triplet_loss_takes_the_hinge_per_triplet(student, rng):
    """In a batch where half the triplets have their negative far away (cost 0) and half do
    not, is the hinge applied to each triplet before the average?"""
    N, d, margin = 10, 4, 0.5
    a = rng.normal(size=(N, d))
    p = a + 0.3 * rng.normal(size=(N, d))
    n = a + 0.3 * rng.normal(size=(N, d))
    far = rng.permutation(N)[: N // 2]
    n[far] = a[far] + 10 * rng.normal(size=(N // 2, d))  # met margin: these cost 0
    what = f"triplet_loss(..., margin={margin}) with {N // 2} of {N} negatives far away"
    check_loss(student, a, p, n, margin, what)


@question("q9", points=0.5)
def test_triplet_loss_is_zero_when_every_margin_is_met(student, rng):
    """With integer embeddings where every d_an >= d_ap + margin (some with equality), is the
    loss exactly 0, not negative?"""
    N, d, margin = 6, 3, 2.0
    a = rng.integers(-3, 4, size=(N, d)).astype(float)
    step = np.zeros((N, d))
    step[:, 0] = 1.0
    p = a + step  # d_ap = 1
    n = a - 1.0  # d_an = 3 = d_ap + margin: exactly on the margin
    n[N // 2 :] = a[N // 2 :] + rng.integers(2, 5, size=(N - N // 2, 1)) * (1 - step[N // 2 :])
    what = (
        f"triplet_loss(..., margin={margin}) when every negative is at least the margin "
        "beyond its positive"
    )
    check_loss(student, a, p, n, margin, what, want=0.0)
