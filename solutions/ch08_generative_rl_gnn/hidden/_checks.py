"""Helpers shared by the ch08 hidden tests: random graphs, FrozenLake and random MDPs as
arrays, a loss as a scalar. Named mistakes go through shared.compare.close(..., mistakes=).
"""

import numpy as np
import torch

from shared.compare import as_array


def random_adjacency(rng, N, p, weighted=False, isolated=0):
    """A symmetric (N, N) float64 adjacency with zero diagonal; the last ``isolated`` nodes
    have no edge. Weighted graphs get weights in (0.5, 2)."""
    M = np.triu(rng.random((N, N)) < p, 1).astype(np.float64)
    if weighted:
        M *= rng.uniform(0.5, 2.0, size=(N, N))
    A = M + M.T
    if isolated:
        A[N - isolated :, :] = 0
        A[:, N - isolated :] = 0
    return torch.from_numpy(A)


def randn(rng, *shape, dtype=torch.float64):
    return torch.from_numpy(rng.standard_normal(shape)).to(dtype)


def frozenlake_mdp(is_slippery):
    """FrozenLake-v1 4x4 as P (16, 4, 16) and R (16, 4), from env.unwrapped.P."""
    import gymnasium as gym

    env = gym.make("FrozenLake-v1", is_slippery=is_slippery)
    P, R = np.zeros((16, 4, 16)), np.zeros((16, 4))
    for s in range(16):
        for a in range(4):
            for prob, s_next, reward, _ in env.unwrapped.P[s][a]:
                P[s, a, s_next] += prob
                R[s, a] += prob * reward
    return P, R


def random_mdp(rng, S, A, sparse=False):
    """Random transition probabilities (S, A, S) and rewards (S, A). ``sparse``: each (s, a)
    reaches at most 2 states."""
    P = rng.dirichlet(np.ones(S), size=(S, A))
    if sparse:
        keep = np.zeros_like(P, dtype=bool)
        for s in range(S):
            for a in range(A):
                keep[s, a, rng.choice(S, size=2, replace=False)] = True
        P = np.where(keep, P, 0.0)
        P /= P.sum(axis=2, keepdims=True)
    return P, rng.normal(size=(S, A))


def optimal_values(P, R, gamma):
    """V* by policy iteration with exact linear solves: the answer key for value iteration."""
    S = P.shape[0]
    policy = np.zeros(S, dtype=int)
    for _ in range(1000):
        P_pi, R_pi = P[np.arange(S), policy], R[np.arange(S), policy]
        V = np.linalg.solve(np.eye(S) - gamma * P_pi, R_pi)
        Q = R + gamma * P @ V
        better = Q.max(axis=1) > Q[np.arange(S), policy] + 1e-12
        if not better.any():
            return V
        policy = np.where(better, Q.argmax(axis=1), policy)
    raise RuntimeError("policy iteration did not converge")


def scalar(got, what):
    """A loss as a 0-dim float64 array. Any single value is accepted here; that the shape is
    the reference's () is the grader's generic output contract (autograder/grading/contracts.py)."""
    arr = as_array(got, what)
    if arr.size != 1:
        raise AssertionError(
            f"{what}: shape {tuple(arr.shape)}, expected a scalar (a 0-dim "
            "tensor): average over the batch"
        )
    return np.asarray(arr.astype(np.float64).reshape(()))


def binomial_bounds(n, p, alpha):
    """(lo, hi): a Binomial(n, p) count falls below lo, or above hi, each with probability
    at most alpha (exact binomial quantiles)."""
    from scipy.stats import binom

    if p <= 0:
        return 0, 0
    if p >= 1:
        return n, n
    return int(binom.ppf(alpha, n, p)), int(binom.isf(alpha, n, p))
