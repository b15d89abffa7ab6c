"""q4: learning-rate schedules as functions of the step t, on random t arrays and settings."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close


@question("q4", points=0.5)
def test_step_decay_matches_the_reference(student, reference, rng):
    """Is step_decay alpha0 gamma^floor(t / every) on an integer array of steps of shape (4, 25)?"""
    t = rng.integers(0, 200, size=(4, 25))
    t[0, :5] = [0, 1, 9, 10, 11]  # around a drop
    alpha0, gamma, every = float(rng.uniform(0.01, 1)), float(rng.uniform(0.2, 0.8)), 10
    got = as_array(student.step_decay(t, alpha0, gamma, every), "step_decay(t, ...)")
    close(
        got,
        reference.step_decay(t, alpha0, gamma, every),
        rtol=1e-10,
        atol=1e-15,
        what=f"step_decay(t, alpha0={alpha0:.3g}, gamma={gamma:.3g}, every={every}) for t = "
        "the array [[0, 1, 9, 10, 11, ...], ...]",
    )


@question("q4", points=0.5)
def test_exponential_decay_matches_the_reference(student, reference, rng):
    """Is exponential_decay alpha0 e^(-k t) on an integer array of steps of shape (4, 25)?"""
    t = rng.integers(0, 200, size=(4, 25))
    alpha0, k = float(rng.uniform(0.01, 1)), float(rng.uniform(0.001, 0.05))
    got = as_array(student.exponential_decay(t, alpha0, k), "exponential_decay(t, ...)")
    close(
        got,
        reference.exponential_decay(t, alpha0, k),
        rtol=1e-10,
        atol=1e-15,
        what=f"exponential_decay(t, alpha0={alpha0:.3g}, k={k:.3g})",
    )


@question("q4", points=1.25)
def test_warmup_cosine_matches_the_reference(student, reference, rng):
    """Is warmup_cosine right for every t in 0..T + 20 with random alpha0, warmup, T, alpha_min?"""
    for alpha_min in (0.0, float(rng.uniform(1e-4, 1e-2))):
        warmup = int(rng.integers(1, 20))
        T = warmup + int(rng.integers(10, 100))
        alpha0 = float(rng.uniform(0.05, 1))
        t = np.arange(T + 21)
        got = as_array(student.warmup_cosine(t, alpha0, warmup, T, alpha_min), "warmup_cosine")
        close(
            got,
            reference.warmup_cosine(t, alpha0, warmup, T, alpha_min),
            rtol=1e-10,
            atol=1e-14,
            what=f"warmup_cosine(t, alpha0={alpha0:.3g}, warmup={warmup}, T={T}, "
            f"alpha_min={alpha_min:.3g}) at t = 0..{T + 20}, entry [t]",
        )
    t2 = rng.integers(0, T + 20, size=(3, 7))
    got = as_array(student.warmup_cosine(t2, alpha0, warmup, T, alpha_min), "warmup_cosine")
    close(
        got,
        reference.warmup_cosine(t2, alpha0, warmup, T, alpha_min),
        rtol=1e-10,
        atol=1e-14,
        what="warmup_cosine on a (3, 7) array of steps",
    )


@question("q4", points=0.75)
def test_warmup_cosine_shape_of_the_curve(student, rng):
    """Does the warm-up rise linearly to alpha0 at t = warmup - 1, the cosine fall monotonically
    from alpha0 at t = warmup to alpha_min at t = T, and the rate stay alpha_min after T?"""
    warmup, T = int(rng.integers(2, 12)), int(rng.integers(40, 90))
    alpha0, alpha_min = float(rng.uniform(0.1, 1)), float(rng.uniform(0, 0.01))
    t = np.arange(T + 10)
    a = as_array(student.warmup_cosine(t, alpha0, warmup, T, alpha_min), "warmup_cosine").astype(
        np.float64
    )
    call = (
        f"warmup_cosine(t, alpha0={alpha0:.3g}, warmup={warmup}, T={T}, alpha_min={alpha_min:.3g})"
    )
    if a.shape != t.shape:
        raise AssertionError(f"{call}: shape {a.shape} for t of shape {t.shape}")
    close(
        a[:warmup],
        alpha0 * (t[:warmup] + 1) / warmup,
        rtol=1e-10,
        what=f"{call}, warm-up alpha0 (t + 1) / warmup, entry [t]",
    )
    close(a[warmup], alpha0, rtol=1e-10, what=f"{call} at t = warmup (the cosine starts at alpha0)")
    close(
        a[T:],
        np.full(10, alpha_min),
        rtol=1e-9,
        atol=1e-14,
        what=f"{call} at t >= T (alpha_min), entry [t - T]",
    )
    steps = np.diff(a[warmup : T + 1])
    if (steps > 1e-14).any():
        i = int(np.argmax(steps)) + warmup
        raise AssertionError(
            f"{call}: the rate rises from t = {i} ({a[i]:.6g}) to t = {i + 1} "
            f"({a[i + 1]:.6g}); after the warm-up it should only decrease"
        )
