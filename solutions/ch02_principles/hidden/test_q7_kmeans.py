"""q7: k-means with Lloyd's algorithm from given centroids; empty clusters stay put (2.6)."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape


def _blobs(rng, K=None, p=None, per=None):
    K = int(rng.integers(3, 5)) if K is None else K
    p = int(rng.integers(2, 4)) if p is None else p
    per = int(rng.integers(8, 15)) if per is None else per
    centers = rng.normal(size=(K, p)) * 3
    X = np.vstack([c + rng.normal(size=(per, p)) for c in centers])
    return X[rng.permutation(len(X))]


def _run(student, X, C0, n_iter):
    call = f"kmeans(X, centroids, n_iter={n_iter}) for X of shape {X.shape}, K = {len(C0)}"
    out = student.kmeans(X, C0, n_iter)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (centroids, labels)")
    C = same_shape(out[0], C0.shape, what=f"centroids from {call}").astype(np.float64)
    labels = same_shape(out[1], (len(X),), what=f"labels from {call}")
    if not np.isfinite(C).all():
        k = int(np.flatnonzero(~np.isfinite(C).all(axis=1))[0])
        raise AssertionError(
            f"{call}: centroid {k} is NaN (the mean of an empty cluster?); "
            "a centroid with no sample keeps its previous position"
        )
    return C, labels, call


def _check_labels(X, C, labels, call):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    want = d2.argmin(axis=1)
    wrong = np.flatnonzero(np.asarray(labels) != want)
    if wrong.size:
        i = int(wrong[0])
        raise AssertionError(
            f"{call}: labels[{i}] = {labels[i]}, but the nearest returned "
            f"centroid is {want[i]} ({wrong.size} of {len(X)} labels differ; "
            "the labels belong to the returned centroids, after the last "
            "update)"
        )


@question("q7", points=0.75)
def test_few_iterations_match_reference(student, reference, rng):
    """After 1 and 2 rounds from poor initial centroids, are centroids and labels right?"""
    for n_iter in (1, 2, 1, 2):
        X = _blobs(rng)
        K = int(rng.integers(3, 5))
        C0 = X.mean(axis=0) + 0.5 * rng.normal(size=(K, X.shape[1]))  # all near the middle
        C, labels, call = _run(student, X, C0, n_iter)
        want_C, want_labels = reference.kmeans(X, C0, n_iter)
        close(C, want_C, rtol=1e-9, atol=1e-12, what=f"centroids from {call}")
        _check_labels(X, C, labels, call)
        close(labels, want_labels, what=f"labels from {call}")


@question("q7", points=0.75)
def test_converged_clustering_is_a_fixed_point(student, reference, rng):
    """After many rounds, is each centroid the mean of its samples, each label the nearest?"""
    X = _blobs(rng, K=4)
    C0 = X[rng.choice(len(X), size=4, replace=False)]
    C, labels, call = _run(student, X, C0, 100)
    _check_labels(X, C, labels, call)
    for k in range(4):
        members = X[np.asarray(labels) == k]
        if len(members):
            close(
                C[k],
                members.mean(axis=0),
                rtol=1e-9,
                atol=1e-12,
                what=f"centroid {k} from {call} vs the mean of its {len(members)} samples",
            )
    close(C, reference.kmeans(X, C0, 100)[0], rtol=1e-9, atol=1e-12, what=f"centroids from {call}")


@question("q7", points=0.75)
def test_empty_cluster_keeps_its_centroid(student, reference, rng):
    """Does a centroid that no sample is nearest to stay exactly where it is?"""
    X = _blobs(rng, K=3, p=2)
    far = np.array([[60.0, -60.0]]) + rng.normal(size=(1, 2))
    C0 = np.vstack([X[:3], far])
    C, labels, call = _run(student, X, C0, 3)
    if not np.allclose(C[3], far[0]):
        raise AssertionError(
            f"{call}: centroid 3 starts at {np.round(far[0], 3)}, far from "
            f"every sample, and must stay there (empty-cluster rule); it "
            f"moved to {np.round(C[3], 3)}"
        )
    close(C, reference.kmeans(X, C0, 3)[0], rtol=1e-9, atol=1e-12, what=f"centroids from {call}")
    got = as_array(labels, "labels")
    if (got == 3).any():
        raise AssertionError(f"{call}: labels use cluster 3, whose centroid is far away")


@question("q7", points=0.25)
def test_zero_rounds_return_the_start(student, reference, rng):
    """With n_iter = 0, are the centroids the initial ones, untouched, and the labels those of
    the initial centroids?"""
    X = _blobs(rng)
    C0 = X[rng.choice(len(X), size=3, replace=False)] + 0.1 * rng.normal(size=(3, X.shape[1]))
    C, labels, call = _run(student, X, C0, 0)
    close(C, C0, rtol=0, atol=0, what=f"centroids from {call} (no round: the start)")
    _check_labels(X, C, labels, call)


def _tied_problem(rng):
    """Integer points and integer initial centroids, with at least one sample exactly as far
    from two centroids in the first assignment, and no near-tie in the last one."""
    while True:
        X = rng.integers(0, 7, size=(int(rng.integers(12, 20)), 2)).astype(float)
        C0 = X[rng.choice(len(X), size=3, replace=False)]
        if len(np.unique(C0, axis=0)) < 3:
            continue
        d2 = ((X[:, None, :] - C0[None]) ** 2).sum(axis=2)
        ties = (d2 == d2.min(axis=1, keepdims=True)).sum(axis=1) > 1
        if not ties.any():
            continue
        C, _ = _lloyd(X, C0, 1)
        e2 = np.sort(((X[:, None, :] - C[None]) ** 2).sum(axis=2), axis=1)
        if (e2[:, 1] - e2[:, 0] > 1e-6).all():
            return X, C0, int(ties.sum())


def _lloyd(X, C, n_iter):
    C = C.copy()
    for _ in range(n_iter):
        labels = ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)
        for k in range(len(C)):
            if (labels == k).any():
                C[k] = X[labels == k].mean(axis=0)
    return C, ((X[:, None, :] - C[None]) ** 2).sum(axis=2).argmin(axis=1)


@question("q7", points=0.5)
def test_ties_go_to_the_smallest_k(student, reference, rng):
    """On integer points where a sample is exactly as far from two initial centroids, does it
    join the centroid with the smaller index (np.argmin's rule) before the update?"""
    for _ in range(2):
        X, C0, n_tied = _tied_problem(rng)
        C, labels, call = _run(student, X, C0, 1)
        want_C, want_labels = reference.kmeans(X, C0, 1)
        tied_last = _lloyd(X[:, ::-1], C0[::-1, ::-1], 1)[0][::-1, ::-1]
        close(
            C,
            want_C,
            rtol=1e-12,
            atol=1e-12,
            what=f"centroids from {call} on integer points, {n_tied} sample(s) tied between "
            f"two initial centroids (X = {X.astype(int).tolist()}, centroids = "
            f"{C0.astype(int).tolist()})",
            mistakes=[("a tie went to the LARGER k; ties go to the smallest k", tied_last)],
        )
        close(labels, want_labels, what=f"labels from {call}")
