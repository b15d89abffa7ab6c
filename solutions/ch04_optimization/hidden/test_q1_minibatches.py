"""q1: minibatch_indices(n, batch_size, seed), graded by properties, never exact values.

The student may shuffle with any call of np.random.default_rng(seed): batches must partition
0..n-1 with the right sizes, depend on the seed only, and be well shuffled (6-standard-error
bands; a correct shuffle fails with probability below 1e-8 per check).
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, named_mistake

BAND = 6.0


def _batches(student, n, b, seed):
    call = f"minibatch_indices(n={n}, batch_size={b}, seed={seed})"
    out = student.minibatch_indices(n, b, seed)
    if not isinstance(out, (list, tuple)):
        raise AssertionError(f"{call} should return a list of integer arrays")
    got = []
    for k, B in enumerate(out):
        arr = as_array(B, f"{call}[{k}]")
        if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer):
            raise AssertionError(
                f"{call}[{k}] should be a 1-D integer array, got shape "
                f"{arr.shape} and dtype {arr.dtype}"
            )
        got.append(arr.astype(np.int64))
    return got, call


@question("q1", points=1.25)
def test_batches_cover_every_sample_once_with_the_remainder_kept(student, rng):
    """Are the batches a partition of 0..n-1 into ceil(n/b) pieces of size b, the last one
    holding the remainder?"""
    b1 = int(rng.integers(3, 9))
    cases = [
        (int(rng.integers(5, 12)) * b1 + int(rng.integers(1, b1)), b1),  # a remainder
        (int(rng.integers(4, 9)) * 5, 5),  # exact
        (int(rng.integers(3, 8)), 10),  # b > n
        (int(rng.integers(20, 40)), 1),
    ]
    b2 = int(rng.integers(3, 9))
    cases.append((int(rng.integers(2, 6)) * b2 + 1, b2))  # remainder 1: sizes evened out differ
    for n, b in cases:
        batches, call = _batches(student, n, b, int(rng.integers(2**31)))
        want = [b] * (n // b) + ([n % b] if n % b else [])
        sizes = [len(B) for B in batches]
        if sizes != want:
            even = [len(B) for B in np.array_split(np.arange(n), len(want))]
            hint = named_mistake(
                sizes,
                [
                    (
                        f"the last {n % b} samples are dropped: keep the partial batch",
                        want[:-1] if n % b else None,
                    ),
                    ("only the last batch may be smaller than batch_size", even),
                ],
            )
            hint = f" ({hint})" if hint else ""
            raise AssertionError(f"{call}: batch sizes {sizes}, expected {want}{hint}")
        flat = np.concatenate(batches)
        counts = np.bincount(flat[(flat >= 0) & (flat < n)], minlength=n)
        if (flat < 0).any() or (flat >= n).any():
            raise AssertionError(
                f"{call}: index {flat[(flat < 0) | (flat >= n)][0]} is not in 0..{n - 1}"
            )
        if not (counts == 1).all():
            i = int(np.argmax(counts != 1))
            raise AssertionError(
                f"{call}: sample {i} appears {counts[i]} times in the epoch, "
                "expected exactly once (shuffle with a permutation, not "
                "with draws with replacement)"
            )


@question("q1", points=0.75)
def test_the_seed_fixes_the_shuffle(student, rng):
    """Does the same seed give the same batches and a different seed a different order?"""
    n, b = int(rng.integers(30, 60)), int(rng.integers(4, 9))
    seed = int(rng.integers(2**31))
    first, call = _batches(student, n, b, seed)
    again, _ = _batches(student, n, b, seed)
    if not all(np.array_equal(x, y) for x, y in zip(first, again, strict=True)):
        raise AssertionError(
            f"{call} gave different batches in two calls with the same "
            "seed: draw from np.random.default_rng(seed), not np.random"
        )
    other, _ = _batches(student, n, b, seed + 1)
    if np.array_equal(np.concatenate(first), np.concatenate(other)):
        raise AssertionError(
            f"{call}: seeds {seed} and {seed + 1} give the same order; the "
            "shuffle should depend on the seed"
        )


@question("q1", points=1)
def test_the_epoch_is_well_shuffled(student, rng):
    """Over many seeds, is every sample equally likely to land in the first batch, and are
    neighbours 0 and 1 together only as often as chance says (no shuffling of whole blocks)?"""
    n, b, runs = 20, 5, 120
    first = np.zeros(n)
    together = 0
    for _ in range(runs):
        batches, call = _batches(student, n, b, int(rng.integers(2**31)))
        if len(batches) != n // b:
            raise AssertionError(f"{call}: {len(batches)} batches, expected {n // b}")
        first[np.asarray(batches[0])] += 1
        together += any(0 in B and 1 in B for B in batches)
    p = b / n
    band = BAND * np.sqrt(runs * p * (1 - p))
    worst = int(np.argmax(np.abs(first - runs * p)))
    if abs(first[worst] - runs * p) > band:
        raise AssertionError(
            f"minibatch_indices({n}, {b}, seed) over {runs} seeds: sample "
            f"{worst} was in the first batch {int(first[worst])} times, "
            f"expected about {runs * p:.0f}: is the order shuffled?"
        )
    q = (b - 1) / (n - 1)
    if abs(together - runs * q) > BAND * np.sqrt(runs * q * (1 - q)):
        raise AssertionError(
            f"minibatch_indices({n}, {b}, seed) over {runs} seeds: samples 0 "
            f"and 1 shared a batch {together} times, expected about "
            f"{runs * q:.0f}: shuffle the samples, not whole blocks of "
            "consecutive samples"
        )
