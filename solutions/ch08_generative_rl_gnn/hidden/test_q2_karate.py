"""q2: the two-layer GCN. The forward pass against the reference; training graded by the
accuracy, on the unlabelled nodes, of the parameters train_gcn returns (evaluated with the
reference's forward pass), on the karate club and on a random three-community graph."""

import networkx as nx
import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import randn, random_adjacency


def _params(rng, F, hidden, K):
    return {
        "W1": randn(rng, F, hidden),
        "b1": randn(rng, hidden),
        "W2": randn(rng, hidden, K),
        "b2": randn(rng, K),
    }


@question("q2", points=0.75)
def test_gcn_forward_matches_two_gcn_layers(student, reference, rng):
    """Is gcn_forward A_hat ReLU(A_hat X W1 + b1) W2 + b2, logits without a final ReLU?"""
    for N, F, hidden, K in [(10, 10, 4, 2), (23, 5, 8, 3)]:
        A_hat = reference.normalized_adjacency(random_adjacency(rng, N, 0.3))
        X, p = randn(rng, N, F), _params(rng, F, hidden, K)
        h = torch.relu(A_hat @ X @ p["W1"] + p["b1"])
        variants = [
            (
                "the logits went through a ReLU; the second layer has no activation",
                torch.relu(A_hat @ h @ p["W2"] + p["b2"]),
            ),
            (
                "no ReLU between the layers",
                A_hat @ (A_hat @ X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"],
            ),
            (
                "these are probabilities; return the logits, before the softmax",
                torch.softmax(A_hat @ h @ p["W2"] + p["b2"], dim=1),
            ),
        ]
        close(
            student.gcn_forward(A_hat, X, p),
            reference.gcn_forward(A_hat, X, p),
            rtol=1e-8,
            atol=1e-10,
            what=f"gcn_forward(A_hat, X, params) with N={N}, F={F}, hidden={hidden}, K={K}",
            mistakes=variants,
        )


def _trained_accuracy(student, reference, A, X, labels, train_idx, K, seed, call):
    out = student.train_gcn(
        A, X, torch.as_tensor(train_idx), torch.as_tensor(labels[train_idx]), n_classes=K, seed=seed
    )
    if not isinstance(out, dict):
        raise AssertionError(f"{call} should return a dict of parameters, got {type(out).__name__}")
    F, N = X.shape[1], A.shape[0]
    p = {}
    for key, shape in {"W1": (F, 16), "b1": (16,), "W2": (16, K), "b2": (K,)}.items():
        if key not in out:
            raise AssertionError(f"{call}: the result has no {key!r} (keys: {sorted(out)})")
        arr = as_array(out[key], f"params[{key!r}]").astype(np.float64)
        if arr.shape != shape:
            raise AssertionError(f"{call}: params[{key!r}] has shape {arr.shape}, expected {shape}")
        if not np.isfinite(arr).all():
            raise AssertionError(f"{call}: params[{key!r}] holds NaN or infinity (diverged?)")
        p[key] = torch.from_numpy(arr)
    with torch.no_grad():
        pred = reference.gcn_forward(reference.normalized_adjacency(A), X, p).argmax(1).numpy()
    rest = np.setdiff1d(np.arange(N), train_idx)
    return float((pred[rest] == labels[rest]).mean()), float(
        (pred[train_idx] == labels[train_idx]).mean()
    )


@question("q2", points=1.25, timeout=60)
def test_train_gcn_classifies_the_karate_club(student, reference, rng):
    """From members 0 and 33 alone, are >= 85% of the rest right (>= 80% with 2 more labels)?"""
    G = nx.karate_club_graph()
    A = torch.tensor(nx.to_numpy_array(G, weight=None))
    labels = np.array([0 if G.nodes[i]["club"] == "Mr. Hi" else 1 for i in G])
    X = torch.eye(34, dtype=torch.float64)
    extra = [int(rng.choice(np.flatnonzero(labels == c)[1:-1])) for c in (0, 1)]
    for train_idx, target in (([0, 33], 0.85), (sorted({0, 33, *extra}), 0.8)):
        seed = int(rng.integers(0, 2**31 - 1))
        call = f"train_gcn(A, X, train_idx={train_idx}, y_train, seed={seed})"
        acc, fit = _trained_accuracy(
            student, reference, A, X, labels, np.array(train_idx), 2, seed, call
        )
        if fit < 1:
            raise AssertionError(
                f"{call}: the returned network gets {fit:.0%} of the labelled "
                "nodes right; it should fit them (is the step against the "
                "gradient? are the logits of train_idx the ones compared?)"
            )
        if acc < target:
            raise AssertionError(
                f"{call}: {acc:.1%} of the {34 - len(train_idx)} unlabelled "
                f"members are classified right, at least {target:.0%} "
                "expected (a correct GCN gets about 95%)"
            )


@question("q2", points=0.5, timeout=60)
def test_train_gcn_finds_three_communities(student, reference, rng):
    """On 3 random communities, 3 labelled nodes each, are >= 80% of the others right?"""
    sizes, N = [20, 20, 20], 60
    labels = np.repeat(np.arange(3), sizes)
    probs = np.where(labels[:, None] == labels[None, :], 0.3, 0.02)
    M = np.triu(rng.random((N, N)) < probs, 1).astype(np.float64)
    A = torch.from_numpy(M + M.T)
    train_idx = np.sort(
        np.concatenate(
            [rng.choice(np.flatnonzero(labels == c), 3, replace=False) for c in range(3)]
        )
    )
    seed = int(rng.integers(0, 2**31 - 1))
    call = f"train_gcn(A, X, train_idx, y_train, n_classes=3, seed={seed}) on 60 nodes"
    acc, _ = _trained_accuracy(
        student, reference, A, torch.eye(N, dtype=torch.float64), labels, train_idx, 3, seed, call
    )
    if acc < 0.8:
        raise AssertionError(
            f"{call}: {acc:.1%} of the 51 unlabelled nodes are classified "
            "right, at least 80% expected (a correct GCN gets about 95%)"
        )


@question("q2", points=0.5, timeout=60)
def test_train_gcn_is_reproducible_from_its_seed(student, rng):
    """Same seed, same float64 parameters of the asked sizes; another seed, other parameters?"""
    G = nx.karate_club_graph()
    A = torch.tensor(nx.to_numpy_array(G, weight=None))
    X = torch.eye(34, dtype=torch.float64)
    train_idx, y_train = torch.tensor([0, 33]), torch.tensor([0, 1])
    hidden = int(rng.choice([5, 8, 12]))
    s1, s2 = (int(v) for v in rng.choice(2**31 - 1, size=2, replace=False))
    shapes = {"W1": (34, hidden), "b1": (hidden,), "W2": (hidden, 2), "b2": (2,)}
    runs = []
    for seed in (s1, s1, s2):
        call = f"train_gcn(A, X, [0, 33], y_train, hidden={hidden}, seed={seed})"
        out = student.train_gcn(A, X, train_idx, y_train, hidden=hidden, seed=seed)
        if not isinstance(out, dict) or set(out) != set(shapes):
            keys = sorted(out) if isinstance(out, dict) else type(out).__name__
            raise AssertionError(f"{call} should return the dict W1, b1, W2, b2; got {keys}")
        p = {}
        for key, shape in shapes.items():
            arr = as_array(out[key], f"params[{key!r}]")
            if arr.shape != shape:
                raise AssertionError(
                    f"{call}: params[{key!r}] has shape {arr.shape}, expected {shape} "
                    "(the hidden width is the argument hidden)"
                )
            if arr.dtype != np.float64:
                raise AssertionError(
                    f"{call}: params[{key!r}] is {arr.dtype}; the docstring asks for float64 "
                    "tensors (train in X's dtype)"
                )
            p[key] = arr
        runs.append(p)
    for key in shapes:
        close(
            runs[1][key],
            runs[0][key],
            rtol=1e-12,
            atol=1e-12,
            what=f"params[{key!r}] of a second train_gcn call with the same seed {s1} "
            "(initialize from torch.Generator().manual_seed(seed), not from torch's global "
            "generator)",
        )
    if all(np.allclose(runs[2][k], runs[0][k], rtol=1e-6, atol=1e-9) for k in ("W1", "W2")):
        raise AssertionError(
            f"train_gcn with seeds {s1} and {s2} returned the same weights: the initial "
            "weights must be drawn from torch.Generator().manual_seed(seed)"
        )
