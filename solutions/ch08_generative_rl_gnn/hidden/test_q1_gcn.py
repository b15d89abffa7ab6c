"""q1: the normalized adjacency (G1) and the GCN layer (G2), against the reference on random
graphs; known mistakes (no self loops, random-walk normalization, degrees without the self
loops, self loops added after normalizing) are named when the answer matches them."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import randn, random_adjacency


def _adjacency_variants(A):
    N = A.shape[0]
    eye = torch.eye(N, dtype=A.dtype)
    At = A + eye
    d = At.sum(1)
    out = []
    with np.errstate(divide="ignore"):
        d0 = A.sum(1)
        s0 = d0.rsqrt()
        out.append(
            ("no self loops: A~ = A + I, normalize A~, not A", s0[:, None] * A * s0[None, :])
        )
        out.append(
            (
                "the degrees come from A without its self loops; d~ are the row sums of A + I",
                s0[:, None] * At * s0[None, :],
            )
        )
    out.append(
        (
            "this is the random-walk normalization D~^-1 (A + I); the GCN uses "
            "D~^-1/2 (A + I) D~^-1/2 on both sides",
            At / d[:, None],
        )
    )
    out.append(
        (
            "this is the random-walk normalization (A + I) D~^-1, divided by the column "
            "degree; use D~^-1/2 on both sides",
            At / d[None, :],
        )
    )
    s = (d - 1).clamp(min=1).rsqrt()
    out.append(
        (
            "the identity was added after normalizing A; add the self loops first, "
            "then normalize A + I",
            s[:, None] * A * s[None, :] + eye,
        )
    )
    return out


@question("q1", points=1)
def test_normalized_adjacency_matches_eq_g1(student, reference, rng):
    """Is normalized_adjacency D~^-1/2 (A + I) D~^-1/2 on random, weighted and sparse graphs?"""
    for N, p, weighted, isolated in [
        (7, 0.4, False, 0),
        (12, 0.3, False, 0),
        (20, 0.15, True, 0),
        (15, 0.2, False, 2),
        (1, 0.0, False, 0),
    ]:
        A = random_adjacency(rng, N, p, weighted, isolated)
        kind = (
            ("weighted " if weighted else "")
            + f"graph with {N} nodes"
            + (f" ({isolated} isolated)" if isolated else "")
        )
        close(
            student.normalized_adjacency(A),
            reference.normalized_adjacency(A),
            rtol=1e-8,
            atol=1e-10,
            what=f"normalized_adjacency(A) for a random {kind}",
            mistakes=_adjacency_variants(A),
        )


@question("q1", points=0.25)
def test_normalized_adjacency_keeps_the_dtype_of_A(student, reference, rng):
    """Docstring: "Same dtype as A". Is a float32 graph's A_hat float32, and right?"""
    A = random_adjacency(rng, 16, 0.25, weighted=True, isolated=1).float()
    what = "normalized_adjacency(A) for a float32 A"
    got = student.normalized_adjacency(A)
    dtype = as_array(got, what).dtype
    if dtype != np.float32:
        raise AssertionError(
            f"{what} is {dtype}, but the docstring asks for A's dtype (float32): build the "
            "identity with dtype=A.dtype and keep A as it is (a float64 A_hat turns every "
            "later layer into float64)"
        )
    close(got, reference.normalized_adjacency(A.double()), rtol=1e-5, atol=1e-7, what=what)


@question("q1", points=0.5)
def test_normalized_adjacency_is_symmetric_with_top_eigenvector(student, rng):
    """Is A_hat symmetric, with A_hat sqrt(d~) = sqrt(d~) (eigenvalue 1), largest |eigenvalue| 1?"""
    A = random_adjacency(rng, 40, 0.1)
    got = as_array(student.normalized_adjacency(A), "normalized_adjacency(A)").astype(float)
    if got.shape != (40, 40):
        raise AssertionError(f"normalized_adjacency(A): shape {got.shape}, expected (40, 40)")
    close(
        got,
        got.T,
        rtol=1e-10,
        atol=1e-12,
        what="A_hat against its transpose (the normalization must be symmetric)",
    )
    v = np.sqrt(A.numpy().sum(1) + 1)
    close(got @ v, v, rtol=1e-8, what="A_hat @ sqrt(d~) (d~: row sums of A + I)")
    top = float(np.abs(np.linalg.eigvalsh(got)).max())
    if abs(top - 1) > 1e-8:
        raise AssertionError(f"the largest |eigenvalue| of A_hat is {top:.6g}, expected 1")


def _layer_cases(rng, reference):
    for N, F_in, F_out in [(9, 4, 3), (25, 6, 6), (16, 2, 8)]:
        A_hat = reference.normalized_adjacency(random_adjacency(rng, N, 0.3))
        yield (
            (N, F_in, F_out),
            (A_hat, randn(rng, N, F_in), randn(rng, F_in, F_out), randn(rng, F_out)),
        )


@question("q1", points=1)
def test_gcn_layer_matches_eq_g2(student, reference, rng):
    """Is gcn_layer sigma(A_hat H W + 1 b^T), with the ReLU, and without it when relu=False?"""
    for (N, F_in, F_out), (A_hat, H, W, b) in _layer_cases(rng, reference):
        name = f"gcn_layer(A_hat, H, W, b) with N={N}, F_in={F_in}, F_out={F_out}"
        lin = A_hat @ H @ W
        variants = [
            ("the bias is missing", torch.relu(lin)),
            ("the ReLU is applied before adding b", torch.relu(lin) + b),
            ("A_hat is missing: each node keeps its own features", torch.relu(H @ W + b)),
        ]
        close(
            student.gcn_layer(A_hat, H, W, b),
            reference.gcn_layer(A_hat, H, W, b),
            rtol=1e-8,
            atol=1e-10,
            what=name,
            mistakes=variants,
        )
        close(
            student.gcn_layer(A_hat, H, W, b, relu=False),
            reference.gcn_layer(A_hat, H, W, b, relu=False),
            rtol=1e-8,
            atol=1e-10,
            what=name + " and relu=False",
            mistakes=[
                ("relu=False must give A_hat H W + b, without the ReLU", torch.relu(lin + b))
            ],
        )


@question("q1", points=0.25)
def test_gcn_layer_is_permutation_equivariant_in_float32(student, reference, rng):
    """Renumbering the nodes renumbers the output rows; float32 in, float32 out?"""
    N, F = 18, 5
    A_hat = reference.normalized_adjacency(random_adjacency(rng, N, 0.3)).float()
    H, W, b = (
        randn(rng, N, F, dtype=torch.float32),
        randn(rng, F, F, dtype=torch.float32),
        randn(rng, F, dtype=torch.float32),
    )
    perm = torch.from_numpy(rng.permutation(N))
    got = as_array(student.gcn_layer(A_hat, H, W, b), "gcn_layer in float32")
    if got.dtype != np.float32:
        raise AssertionError(f"gcn_layer: float32 inputs gave a {got.dtype} output")
    got_perm = student.gcn_layer(A_hat[perm][:, perm], H[perm], W, b)
    close(
        got_perm,
        got[perm.numpy()],
        rtol=1e-4,
        atol=1e-5,
        what="gcn_layer on the renumbered graph against the renumbered output",
    )
    close(
        got, reference.gcn_layer(A_hat, H, W, b), rtol=1e-4, atol=1e-5, what="gcn_layer in float32"
    )
