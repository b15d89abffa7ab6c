"""q7: the DQN loss. Its value against this file's own Huber TD error on random minibatches
(terminal and non-terminal transitions, errors on both sides of |delta| = 1), with the
likely mistakes named; an all-terminal minibatch with huge next-state values; and the
gradient, through the notebook's given dqn_sgd_step, without and with a target network: the
target y must be a constant."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

from ._checks import randn, scalar


def _huber(d):
    return torch.where(d.abs() <= 1, 0.5 * d**2, d.abs() - 0.5)


def _minibatch(rng, N, A):
    q, next_q = 2 * randn(rng, N, A), 2 * randn(rng, N, A)
    actions = torch.from_numpy(rng.integers(A, size=N))
    rewards = randn(rng, N)
    dones = torch.from_numpy((rng.random(N) < 0.3).astype(np.float64))
    dones[0] = 1.0
    if N > 1:
        dones[1] = 0.0
    return q, actions, rewards, next_q, dones


def _loss_mistakes(q, actions, r, next_q, d, gamma):
    rows = torch.arange(len(actions))
    q_sa, best_next = q[rows, actions], next_q.max(dim=1).values
    y = r + gamma * (1 - d) * best_next
    delta = q_sa - y
    return [
        (
            "this is the squared error delta^2 / 2; the DQN loss is the Huber loss h, "
            "linear beyond |delta| = 1",
            (0.5 * delta**2).mean(),
        ),
        (
            "this is the mean of delta^2 (F.mse_loss); the DQN loss is the Huber loss h",
            (delta**2).mean(),
        ),
        (
            "terminal transitions bootstrap from s'; where d_n = 1 the target is r_n alone "
            "(multiply the max by 1 - d_n)",
            _huber(q_sa - (r + gamma * best_next)).mean(),
        ),
        (
            "the mask is inverted: the future counts where d_n = 0, i.e. times (1 - d_n)",
            _huber(q_sa - (r + gamma * d * best_next)).mean(),
        ),
        (
            "every action got an error; only Q(s_n, a_n), the action taken, is in the loss "
            "(gather the column a_n of each row)",
            _huber(q - y[:, None]).mean(),
        ),
        (
            "the target used next_q_values[n, a_n], the action taken; DQN takes max_a' over "
            "the next state's actions",
            _huber(q_sa - (r + gamma * (1 - d) * next_q[rows, actions])).mean(),
        ),
        (
            "the target's max is over q_values (the online values of s_n); it is over "
            "next_q_values, the values of s'_n",
            _huber(q_sa - (r + gamma * (1 - d) * q.max(dim=1).values)).mean(),
        ),
        ("gamma is missing from the target", _huber(q_sa - (r + (1 - d) * best_next)).mean()),
        (
            "this is a sum over the minibatch; take the mean over the N transitions",
            _huber(delta).sum(),
        ),
        (
            "beyond |delta| = 1 the Huber loss is |delta| - 1/2 (it joins delta^2 / 2 "
            "continuously); the - 1/2 is missing",
            torch.where(delta.abs() <= 1, 0.5 * delta**2, delta.abs()).mean(),
        ),
    ]


@question("q7", points=1.5)
def test_dqn_loss_is_the_mean_huber_error_of_the_actions_taken(student, reference, rng):
    """Is C = (1/N) sum_n h(Q(s_n, a_n) - y_n), y_n = r_n + gamma (1 - d_n) max_a' Q^-(s'_n, a')?"""
    for N, A in [(8, 3), (15, 5), (1, 2), (6, 4)]:
        gamma = float(rng.uniform(0.5, 0.99))
        q, actions, r, next_q, d = _minibatch(rng, N, A)
        rows = torch.arange(N)
        y = r + gamma * (1 - d) * next_q.max(dim=1).values
        q[0, actions[0]] = y[0] + 0.3  # one error inside |delta| <= 1 for sure
        if N > 1:
            q[1, actions[1]] = y[1] - 2.5  # and one beyond
        want = _huber(q[rows, actions] - y).mean()
        close(reference.dqn_loss(q, actions, r, next_q, d, gamma), want, rtol=1e-12)
        what = f"dqn_loss(q_values ({N}, {A}), actions, r, next_q_values, d, gamma={gamma:.3f})"
        close(
            scalar(student.dqn_loss(q, actions, r, next_q, d, gamma), what),
            want,
            rtol=1e-10,
            atol=1e-12,
            what=what,
            mistakes=_loss_mistakes(q, actions, r, next_q, d, gamma),
        )


@question("q7", points=0.5)
def test_dqn_loss_of_terminal_transitions_ignores_the_next_state(student, rng):
    """With every d_n = 1 and next-state values of a million, is y_n = r_n exactly?"""
    N, A = 9, 3
    q, actions, r, _, _ = _minibatch(rng, N, A)
    next_q = 1e6 * randn(rng, N, A)
    d = torch.ones(N, dtype=torch.float64)
    rows = torch.arange(N)
    what = "dqn_loss on a minibatch where every transition is terminal (next_q_values ~ 1e6)"
    close(
        scalar(student.dqn_loss(q, actions, r, next_q, d, 0.9), what),
        _huber(q[rows, actions] - r).mean(),
        rtol=1e-10,
        atol=1e-12,
        what=what,
        mistakes=_loss_mistakes(q, actions, r, next_q, d, 0.9),
    )


def _q_net(p, s):
    return torch.relu(s @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]


def _sgd(params, target_params, batch, gamma, lr, *, semi):
    """This file's own DQN step: semi=True holds y constant, semi=False differentiates it too
    (the mistake)."""
    theta = {k: v.clone().requires_grad_() for k, v in params.items()}
    s, a, r, s_next, d = batch
    next_q = _q_net(theta if target_params is None else target_params, s_next)
    y = r + gamma * (1 - d) * next_q.max(dim=1).values
    if semi:
        y = y.detach()
    loss = _huber(_q_net(theta, s)[torch.arange(len(a)), a] - y).mean()
    grads = torch.autograd.grad(loss, list(theta.values()))
    return {k: (v - lr * g).detach() for (k, v), g in zip(theta.items(), grads, strict=True)}


@question("q7", points=1)
def test_dqn_loss_holds_the_target_constant(student, rng):
    """Through dqn_sgd_step (given), with and without a target network: is y a constant?"""
    p, hidden, A, N = 6, 5, 3, 10
    params = {
        "W1": 0.7 * randn(rng, p, hidden),
        "b1": 0.3 * randn(rng, hidden),
        "W2": 0.7 * randn(rng, hidden, A),
        "b2": 0.3 * randn(rng, A),
    }
    target_params = {k: v + 0.2 * randn(rng, *v.shape) for k, v in params.items()}
    dones = torch.from_numpy((rng.random(N) < 0.3).astype(np.float64))
    dones[:2] = torch.tensor([0.0, 1.0])
    batch = (
        randn(rng, N, p),
        torch.from_numpy(rng.integers(A, size=N)),
        randn(rng, N),
        randn(rng, N, p),
        dones,
    )
    gamma, lr = 0.9, 0.1
    for tp, label in ((None, "without a target network"), (target_params, "with a target network")):
        out = student.dqn_sgd_step(params, tp, batch, gamma, lr)
        new = out[0] if isinstance(out, (tuple, list)) else out
        want = _sgd(params, tp, batch, gamma, lr, semi=True)
        full = _sgd(params, tp, batch, gamma, lr, semi=False)
        for k in params:
            if not isinstance(new, dict) or k not in new:
                raise AssertionError(f"dqn_sgd_step {label} returned no {k!r} (keep it as given)")
            close(
                new[k],
                want[k],
                rtol=1e-9,
                atol=1e-12,
                what=f"params[{k!r}] after one dqn_sgd_step {label}",
                mistakes=[
                    (
                        "the gradient also flowed through the target y (the full gradient of "
                        "the squared TD error); y must be a constant: compute it under "
                        "torch.no_grad() or .detach() it",
                        full[k],
                    )
                ],
            )
