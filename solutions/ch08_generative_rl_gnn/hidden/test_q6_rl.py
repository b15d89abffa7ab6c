"""q6: the Bellman backup, value iteration (answer key: policy iteration with exact linear
solves) and the Q-learning update, on random MDPs and on FrozenLake-v1."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close

from ._checks import frozenlake_mdp, optimal_values, random_mdp


@question("q6", points=0.75)
def test_bellman_backup_matches_eq_b(student, reference, rng):
    """Is Q = R + gamma sum_s' P[s, a, s'] V[s'], for S != A and several gammas?"""
    for S, A, gamma in [(5, 3, 0.9), (4, 6, 0.5), (7, 2, 0.0)]:
        P, R = random_mdp(rng, S, A)
        V = rng.normal(size=S)
        variants = [
            ("gamma is missing: Q = R + gamma P V", R + P @ V),
            ("the discount multiplies the reward too", gamma * (R + P @ V)),
            (
                "the sum runs over the first axis of P; sum over s', the last",
                R + gamma * np.einsum("tas,t->sa", P, V),
            ),
            ("R is missing", gamma * P @ V),
        ]
        close(
            student.bellman_backup(V, P, R, gamma),
            reference.bellman_backup(V, P, R, gamma),
            rtol=1e-10,
            atol=1e-10,
            what=f"bellman_backup(V, P, R, gamma={gamma}) with S={S}, A={A}",
            mistakes=variants,
        )


def _vi(student, P, R, gamma, call):
    out = student.value_iteration(P, R, gamma)
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (V, policy)")
    S = P.shape[0]
    V = as_array(out[0], "V").astype(np.float64)
    pi = as_array(out[1], "policy")
    if V.shape != (S,) or pi.shape != (S,):
        raise AssertionError(
            f"{call}: V {V.shape} and policy {pi.shape}, expected ({S},) "
            "each (max and argmax over the actions, axis 1 of Q)"
        )
    if not np.issubdtype(pi.dtype, np.integer) or pi.min() < 0 or pi.max() >= P.shape[1]:
        raise AssertionError(
            f"{call}: policy should hold action indices 0..{P.shape[1] - 1}, got {pi}"
        )
    return V, pi


@question("q6", points=1.25)
def test_value_iteration_finds_the_optimal_values(student, rng):
    """On random MDPs (S != A, gamma up to 0.95), is V the solution V* of eq. (B)?"""
    for S, A, gamma, sparse in [(6, 3, 0.9, False), (10, 4, 0.95, True), (4, 7, 0.5, False)]:
        P, R = random_mdp(rng, S, A, sparse)
        call = f"value_iteration(P, R, gamma={gamma}) with S={S}, A={A}"
        V, _ = _vi(student, P, R, gamma, call)
        want = optimal_values(P, R, gamma)
        mean_v = np.linalg.solve(np.eye(S) - gamma * P.mean(axis=1), R.mean(axis=1))
        close(
            V,
            want,
            rtol=1e-6,
            atol=1e-6,
            what=call,
            mistakes=[
                (
                    "these are the values of the uniformly random policy "
                    "(a mean over actions); V* takes the max",
                    mean_v,
                )
            ],
        )


@question("q6", points=0.5)
def test_value_iteration_policy_is_greedy(student, rng):
    """Does the returned policy pick, in every state, an action that maximizes Q*(s, a)?"""
    S, A, gamma = 8, 4, 0.9
    P, R = random_mdp(rng, S, A)
    call = f"value_iteration(P, R, gamma={gamma}) with S={S}, A={A}"
    _, pi = _vi(student, P, R, gamma, call)
    Q = R + gamma * P @ optimal_values(P, R, gamma)
    close(
        Q[np.arange(S), pi.astype(int)],
        Q.max(axis=1),
        atol=1e-6,
        what=f"Q*(s, policy(s)) from {call} against max_a Q*(s, a)",
    )


@question("q6", points=0.5)
def test_value_iteration_solves_frozenlake(student, reference, rng):
    """On FrozenLake-v1, deterministic and slippery, are V and the policy optimal?"""
    for slippery, gamma in ((False, float(rng.uniform(0.8, 0.95))), (True, 0.99)):
        P, R = frozenlake_mdp(slippery)
        call = f"value_iteration(P, R, gamma={gamma:.3f}) on FrozenLake (is_slippery={slippery})"
        V, pi = _vi(student, P, R, gamma, call)
        want = optimal_values(P, R, gamma)
        close(V, want, rtol=1e-6, atol=1e-6, what=call)
        Q = R + gamma * P @ want
        close(
            Q[np.arange(16), pi.astype(int)],
            Q.max(axis=1),
            atol=1e-6,
            what=f"Q*(s, policy(s)) from {call}",
        )


@question("q6", points=1)
def test_q_learning_update_over_a_stream_of_transitions(student, reference, rng):
    """Do 25 updates (some terminal) give the reference's table, one (s, a) changed each time?"""
    S, A = 5, 3
    Q_s = Q_r = rng.normal(size=(S, A))
    for k in range(25):
        s, a, s_next = int(rng.integers(S)), int(rng.integers(A)), int(rng.integers(S))
        r, terminated = float(rng.normal()), bool(k % 4 == 3)
        alpha, gamma = float(rng.uniform(0.1, 0.9)), float(rng.uniform(0.5, 0.99))
        target = r + (0.0 if terminated else gamma * Q_r[s_next].max())
        variants = []
        for hint, tgt in [
            (
                "the target of a terminal transition is r alone (no future)",
                r + gamma * Q_r[s_next].max(),
            ),
            (
                "the target uses Q(s', a), the action taken, not max_a' Q(s', a')",
                r + (0.0 if terminated else gamma * Q_r[s_next, a]),
            ),
            ("gamma is missing from the target", r + (0.0 if terminated else Q_r[s_next].max())),
            (
                "the target uses max_a' Q(s, a') of the current state s",
                r + (0.0 if terminated else gamma * Q_r[s].max()),
            ),
        ]:
            wrong = Q_r.copy()
            wrong[s, a] += alpha * (tgt - Q_r[s, a])
            variants.append((hint, wrong))
        step = (
            f"update {k + 1}: q_learning_update(Q, s={s}, a={a}, r={r:.3f}, s_next={s_next}, "
            f"terminated={terminated}, alpha={alpha:.3f}, gamma={gamma:.3f})"
        )
        got = as_array(
            student.q_learning_update(Q_s, s, a, r, s_next, terminated, alpha, gamma), step
        ).astype(np.float64)
        Q_r = reference.q_learning_update(Q_r, s, a, r, s_next, terminated, alpha, gamma)
        if not np.isclose(Q_r[s, a], Q_s[s, a] + alpha * (target - Q_s[s, a])):
            raise AssertionError("internal: the reference disagrees with eq. (QL)")
        close(got, Q_r, rtol=1e-10, atol=1e-12, what=step, mistakes=variants)
        Q_s = got
