"""q6: the Bellman backup, value iteration (answer key: policy iteration with exact linear
solves) and the Q-learning update, on random MDPs and on FrozenLake-v1."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close

from ._checks import frozenlake_mdp, optimal_values, random_mdp


@question("q6", points=0.5)
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


def _vi(student, P, R, gamma, call, **kwargs):
    out = student.value_iteration(P, R, gamma, **kwargs)
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
    if not np.issubdtype(pi.dtype, np.integer):
        raise AssertionError(
            f"{call}: the policy is {pi.dtype} ({pi[:4]}...); the docstring asks for int64 "
            "action indices (argmax gives them; np.zeros(S) would be float64)"
        )
    if pi.min() < 0 or pi.max() >= P.shape[1]:
        raise AssertionError(
            f"{call}: policy should hold action indices 0..{P.shape[1] - 1}, got {pi}"
        )
    return V, pi


@question("q6", points=1)
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
def test_value_iteration_policy_is_greedy_with_ties_allowed(student, rng):
    """Does the policy pick a maximizer of Q*(s, a), any one where two actions tie exactly?"""
    S, A, gamma = 8, 4, 0.9
    P, R = random_mdp(rng, S, A)
    # copy each state's best action into another slot: V* is unchanged and every state has
    # two exactly tied maximizers, so "any maximizer" is all that can be asked
    best = (R + gamma * P @ optimal_values(P, R, gamma)).argmax(axis=1)
    for s in range(S):
        other = int(rng.choice([b for b in range(A) if b != best[s]]))
        P[s, other], R[s, other] = P[s, best[s]], R[s, best[s]]
    call = f"value_iteration(P, R, gamma={gamma}) with S={S}, A={A} and tied actions"
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


def _backups(P, R, gamma, k):
    """V after k backups from V = 0."""
    V = np.zeros(P.shape[0])
    for _ in range(k):
        V = (R + gamma * P @ V).max(axis=1)
    return V


@question("q6", points=0.5)
def test_value_iteration_starts_at_zero_and_stops_as_told(student, rng):
    """Is max_iter = k exactly k backups from V = 0, and the stop the first change < tol?"""
    S, A, gamma = 5, 3, 0.5
    P, R = random_mdp(rng, S, A)
    V_star = optimal_values(P, R, gamma)
    for k in (1, 2, 5):
        call = f"value_iteration(P, R, gamma={gamma}, tol=1e-12, max_iter={k})"
        V, pi = _vi(student, P, R, gamma, call, tol=1e-12, max_iter=k)
        close(
            V,
            _backups(P, R, gamma, k),
            rtol=1e-12,
            atol=1e-12,
            what=call,
            mistakes=[
                ("max_iter was not obeyed: these are the converged values V*", V_star),
                (
                    f"this is V after {k + 1} backups: start from V = 0",
                    _backups(P, R, gamma, k + 1),
                ),
                (f"this is V after {k - 1} backups, one too few", _backups(P, R, gamma, k - 1)),
            ],
        )
        Q = R + gamma * P @ V
        close(
            Q[np.arange(S), pi.astype(int)],
            Q.max(axis=1),
            atol=1e-12,
            what=f"Q(s, policy(s)) for the final V of {call} (greedy for that V)",
        )
    # Staying in state 0 pays c = 2^j; state 1 is absorbing with reward 0. With gamma = 1/2
    # the backups change V(0) by c, c/2, c/4, ... exactly, so a tol of c 2^-m is met
    # with equality at backup m + 1 and first beaten (strictly) at backup m + 2.
    c, m = 2.0 ** int(rng.integers(-3, 4)), int(rng.integers(1, 5))
    P2, R2 = np.zeros((2, 2, 2)), np.zeros((2, 2))
    P2[0, 0, 0] = P2[0, 1, 1] = P2[1, :, 1] = 1.0
    R2[0, 0] = c
    tol = c * 2.0**-m
    call = f"value_iteration(P, R, gamma=0.5, tol={tol:g}) on a two-state chain paying {c:g}"
    V, _ = _vi(student, P2, R2, 0.5, call, tol=tol)
    close(
        V,
        [2 * c * (1 - 2.0 ** -(m + 2)), 0.0],
        rtol=1e-15,
        atol=0,
        what=f"{call} (the changes are {c:g}, {c / 2:g}, {c / 4:g}, ...)",
        mistakes=[
            (
                f"this is V one backup early (after {m + 1} backups): stop at the first "
                f"backup whose change is strictly below tol (backup {m + 2} here) and return "
                "that V_new, not the V before it",
                [2 * c * (1 - 2.0 ** -(m + 1)), 0.0],
            )
        ],
    )


@question("q6", points=0.75)
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


@question("q6", points=0.25)
def test_q_learning_update_reads_the_old_table_on_a_self_loop(student, reference, rng):
    """When s' = s and a is greedy in s, is the target built from Q before the update?"""
    S, A = 4, 3
    Q = rng.normal(size=(S, A))
    s = int(rng.integers(S))
    a = int(Q[s].argmax())
    Q[s, a] += 1.0  # clearly the greedy action, so the target's max reads Q[s, a] itself
    r, alpha, gamma = (
        float(rng.normal()),
        float(rng.uniform(0.3, 0.9)),
        float(rng.uniform(0.5, 0.99)),
    )
    want = Q.copy()
    want[s, a] += alpha * (r + gamma * Q[s].max() - Q[s, a])
    half = Q.copy()
    half[s, a] = (1 - alpha) * Q[s, a] + alpha * r
    wrong = half.copy()
    wrong[s, a] += alpha * gamma * half[s].max()
    call = (
        f"q_learning_update(Q, s={s}, a={a}, r={r:.3f}, s_next={s}, terminated=False, "
        f"alpha={alpha:.3f}, gamma={gamma:.3f})"
    )
    close(reference.q_learning_update(Q, s, a, r, s, False, alpha, gamma), want, rtol=1e-12)
    close(
        student.q_learning_update(Q, s, a, r, s, False, alpha, gamma),
        want,
        rtol=1e-10,
        atol=1e-12,
        what=call,
        mistakes=[
            (
                "the target read Q(s', .) after Q(s, a) had been partly updated; with s' = s "
                "the target must use the table as it was before the update",
                wrong,
            )
        ],
    )
