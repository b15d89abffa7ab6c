"""q8: epsilon-greedy, graded statistically. The student's function draws from a numpy
Generator made in its own worker (``default_rng``, imported by the notebook's set-up cell);
each count of an action is compared with eq. (EG) through exact two-sided binomial bounds
that a correct function crosses with probability below ALPHA per side (31 two-sided bounds
per grading: false-fail odds below 1e-7). Frequencies without and with ties, reproducibility
from the seed, the int type, and the independence of consecutive calls."""

import numpy as np
import torch

from autograder.api import question

from ._checks import binomial_bounds

ALPHA = 1e-9


def _eg(q, eps):
    """P(a) of eq. (EG) for the values q (a 1-D numpy array)."""
    best = (q == q.max()).astype(float)
    return (1 - eps) * best / best.sum() + eps / len(q)


def _as_action(out, A, call):
    try:
        v = float(np.asarray(out, dtype=float).reshape(-1)[0])
        if np.asarray(out).size != 1:
            raise ValueError
    except (TypeError, ValueError):
        raise AssertionError(f"{call} returned {out!r}, not one action index") from None
    if v != int(v) or not 0 <= v < A:
        raise AssertionError(f"{call} returned {v:g}, not an action in 0..{A - 1}")
    return int(v)


def _draw(student, q, eps, seed, n, outputs=None):
    """n actions from n calls sharing one generator made with default_rng(seed); the raw
    outputs are appended to ``outputs`` when given."""
    gen = student.default_rng(seed)
    call = f"epsilon_greedy(q_values={np.round(q.numpy(), 3).tolist()}, epsilon={eps:g}, rng)"
    actions = []
    for _ in range(n):
        out = student.epsilon_greedy(q, eps, gen)
        if outputs is not None:
            outputs.append(out)
        actions.append(_as_action(out, len(q), call))
    return np.array(actions)


def _check_counts(actions, probs, what, mistakes=()):
    """Each action's count inside its two-sided binomial bounds; on failure, name a known
    wrong distribution whose own bounds hold every count."""
    n, counts = len(actions), np.bincount(actions, minlength=len(probs))
    for a, p in enumerate(probs):
        lo, hi = binomial_bounds(n, p, ALPHA)
        if lo <= counts[a] <= hi:
            continue
        msg = (
            f"{what}: action {a} came {counts[a]} times in {n} calls ({counts[a] / n:.3f}); eq. "
            f"(EG) gives it probability {p:.4f}, so a correct function gives {lo} to {hi} "
            f"(all frequencies: {np.round(counts / n, 3).tolist()}, expected "
            f"{np.round(probs, 3).tolist()})"
        )
        for hint, wrong in mistakes:
            if all(
                (b := binomial_bounds(n, pw, 1e-6))[0] <= c <= b[1]
                for c, pw in zip(counts, wrong, strict=True)
            ):
                msg += f" ({hint})"
                break
        raise AssertionError(msg)


def _values(rng, A, ties=1):
    """Distinct random action values, the top one shared by ``ties`` random actions."""
    q = np.sort(rng.choice(np.arange(-20, 20), size=A, replace=False) / 4.0)
    top = rng.choice(A, size=ties, replace=False)
    rest = np.setdiff1d(np.arange(A), top)
    out = np.empty(A)
    out[top] = q[-1]
    out[rng.permutation(rest)] = q[: A - ties]
    return torch.from_numpy(out)


def _mistakes(q, eps):
    A, best = len(q), int(np.argmax(q))
    greedy = np.eye(A)[best]
    others = (1 - greedy) / max(A - 1, 1)
    return [
        (
            "these are the frequencies of exploring among the other actions only; the random "
            "action is drawn from all A, the greedy one included",
            (1 - eps) * greedy + eps * others if A > 1 else greedy,
        ),
        (
            "the coin is the wrong way round: explore with probability epsilon, not 1 - epsilon",
            eps * greedy + (1 - eps) / A,
        ),
        ("this is argmin: the greedy action has the LARGEST Q(s, a)", _eg(-q, eps)),
        (
            "ties went to the first maximizer (argmax); draw uniformly among the maximizers",
            (1 - eps) * greedy + eps / A,
        ),
    ]


def _frequencies_match_eg(student, rng, A, ties, eps, n):
    """n calls on random values with ``ties`` maximizers, each count against eq. (EG)."""
    q = _values(rng, A, ties)
    qn = q.numpy()
    tied = np.flatnonzero(qn == qn.max()).tolist()
    greedy = f"greedy action {tied[0]}" if ties == 1 else f"actions {tied} tied for the maximum"
    _check_counts(
        _draw(student, q, eps, int(rng.integers(2**31)), n),
        _eg(qn, eps),
        f"epsilon_greedy with A={A}, epsilon={eps:g}, {greedy}",
        _mistakes(qn, eps),
    )


@question("q8", points=0.75)
def test_epsilon_greedy_frequencies_follow_eq_eg(student, rng):
    """Over thousands of calls, is each action's frequency (1 - eps) [greedy] + eps / A?"""
    for A, eps, n in [(4, 0.2, 1000), (3, 0.6, 1000), (5, 1.0, 600), (6, 0.0, 100)]:
        _frequencies_match_eg(student, rng, A, 1, eps, n)


@question("q8", points=0.5)
def test_epsilon_greedy_breaks_ties_uniformly(student, rng):
    """When several actions share the maximum, is each of them greedy equally often?"""
    for A, ties, eps, n in [(4, 2, 0.2, 1000), (5, 3, 0.0, 300)]:
        _frequencies_match_eg(student, rng, A, ties, eps, n)


@question("q8", points=0.5)
def test_epsilon_greedy_draws_from_the_generator_it_is_given(student, rng):
    """Same seed, same 100 actions; another seed, other actions; each a Python int?"""
    q, eps = _values(rng, 4), 0.5
    s1, s2 = (int(v) for v in rng.choice(2**31, size=2, replace=False))
    outputs = []
    first = _draw(student, q, eps, s1, 100, outputs)
    for out in outputs:
        if isinstance(out, bool) or not isinstance(out, (int, np.integer)):
            raise AssertionError(
                f"epsilon_greedy returned {type(out).__name__} {out!r}; the docstring asks "
                "for a Python int, int(a) (a tensor action breaks list indexing and "
                "comparisons with ==)"
            )
    again = _draw(student, q, eps, s1, 100)
    other = _draw(student, q, eps, s2, 100)
    if not np.array_equal(first, again):
        i = int(np.flatnonzero(first != again)[0])
        raise AssertionError(
            f"two generators made by default_rng({s1}) gave different actions (call {i + 1}: "
            f"{first[i]} then {again[i]}): draw only from rng, never from np.random, random "
            "or torch's global generator"
        )
    if np.array_equal(first, other):
        raise AssertionError(
            f"default_rng({s1}) and default_rng({s2}) gave the same 100 actions: the draws "
            "must come from the rng passed in"
        )


@question("q8", points=0.25)
def test_epsilon_greedy_calls_are_independent(student, rng):
    """Do consecutive calls pair up as independent draws (both directions bounded)?"""
    eps, n = 0.5, 2000
    q = _values(rng, 2)
    greedy = int(q.numpy().argmax())
    explored = _draw(student, q, eps, int(rng.integers(2**31)), n) != greedy
    first, second = explored[0::2], explored[1::2]  # 1000 disjoint pairs
    p = eps / 2  # probability of the non-greedy action
    for x, y, name in [
        (0, 0, "greedy, greedy"),
        (0, 1, "greedy, other"),
        (1, 0, "other, greedy"),
        (1, 1, "other, other"),
    ]:
        k = int(((first == x) & (second == y)).sum())
        prob = (p if x else 1 - p) * (p if y else 1 - p)
        lo, hi = binomial_bounds(len(first), prob, ALPHA)
        if not lo <= k <= hi:
            raise AssertionError(
                f"in {len(first)} pairs of consecutive calls (A=2, epsilon={eps:g}), the pair "
                f"({name}) came {k} times; independent draws with the frequencies of (EG) "
                f"give {lo} to {hi} (probability {prob:.4f}): each call must flip its own coin "
                "from rng, not follow a schedule or reuse a draw"
            )
