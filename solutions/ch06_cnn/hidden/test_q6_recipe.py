"""q6: train_cnn replayed step by step. The docstring fixes every random draw (init_cnn(seed),
torch.randperm(N, generator=g) every epoch), so the grader replays two epochs on 33 digits
(the last mini-batch a single image) from the same state with PyTorch's autograd through
torch's own layers, and compares the parameters (to 1e-8) and every mini-batch loss (to 1e-6).
A wrong gradient, a missing momentum or reshuffle, or another reported loss fails here for
every seed, however well it learns. The first image visited is blank: at the first step every
z1 and z2 of it is exactly 0, where the ReLU's derivative is 1{z > 0} = 0 (autograd's and the
notebook's convention).
"""

import math

import numpy as np
import torch
import torch.nn.functional as tnf

from autograder.api import question
from shared.compare import as_array, close, named_mistake
from shared.data import digits

from ._checks import SHAPES, checked_cnn_params, torch_cnn


def _relu_without_derivative(z):
    """ReLU forward, identity backward: what a backward pass without 1{z > 0} computes."""
    return z + (torch.relu(z) - z).detach()


def _relu_one_at_zero(z):
    """ReLU forward, derivative 1{z >= 0} backward: 1 at z = 0 instead of 0."""
    return z * (z >= 0).to(z.dtype)


def replay(
    start,
    X,
    y,
    *,
    epochs,
    lr,
    batch_size,
    momentum,
    seed,
    shuffle="every epoch",
    drop_last=False,
    relu1=torch.relu,
    relu2=torch.relu,
):
    """The docstring's recipe from the parameters ``start`` with autograd as the answer key.
    ``shuffle`` "once" or "never", ``drop_last`` (a smaller last mini-batch left out),
    ``relu1`` and ``relu2`` switch to known wrong recipes (for the messages). Returns
    (params, losses)."""
    params = {k: v.clone() for k, v in start.items()}
    velocity = {k: torch.zeros_like(v) for k, v in params.items()}
    g = torch.Generator().manual_seed(seed)
    N = X.shape[0]
    order = torch.randperm(N, generator=g) if shuffle == "once" else torch.arange(N)
    losses = []
    for _ in range(epochs):
        if shuffle == "every epoch":
            order = torch.randperm(N, generator=g)
        for begin in range(0, N - batch_size + 1 if drop_last else N, batch_size):
            idx = order[begin : begin + batch_size]
            leaves = {k: v.clone().requires_grad_() for k, v in params.items()}
            loss = tnf.cross_entropy(torch_cnn(leaves, X[idx], relu1, relu2), y[idx])
            loss.backward()
            losses.append(loss.item())
            with torch.no_grad():
                for k in params:
                    velocity[k] = momentum * velocity[k] - lr * leaves[k].grad
                    params[k] = params[k] + velocity[k]
    return params, losses


def _flat(params):
    return np.concatenate([as_array(params[k]).ravel() for k in SHAPES])


@question("q6", points=1.5, timeout=90)
def test_train_cnn_follows_the_recipe_step_by_step(student, reference, rng):
    """From init_cnn(seed), do two epochs on 33 digits (batches of 16, 16 and 1; the first
    image visited blank, so ReLU derivatives at exactly z = 0 are taken) give the parameters
    and the losses of SGD with momentum with a fresh torch.randperm order every epoch, as
    autograd computes them (parameters to 1e-8, losses to 1e-6)?"""
    data = digits(images=True)
    pick = torch.from_numpy(rng.choice(len(data.y_train), size=33, replace=False))
    X, y = torch.from_numpy(data.X_train)[pick], torch.from_numpy(data.y_train)[pick]
    kw = dict(seed=int(rng.integers(0, 2**31 - 1)), epochs=2, lr=0.05, batch_size=16, momentum=0.9)
    first = int(torch.randperm(len(y), generator=torch.Generator().manual_seed(kw["seed"]))[0])
    X[first] = 0.0  # a blank image in the first mini-batch: z1 = z2 = 0 there at step 1
    steps = kw["epochs"] * math.ceil(len(y) / kw["batch_size"])
    call = "train_cnn(X, y, " + ", ".join(f"{k}={v}" for k, v in kw.items()) + ")"
    call += f" on 33 digits (batches of 16, 16 and 1), image {first} blank"
    out = student.train_cnn(X, y, **kw)
    if not isinstance(out, (tuple, list)) or len(out) != 2 or not isinstance(out[0], dict):
        raise AssertionError(f"{call} should return (params, losses) with params a dict")
    params = checked_cnn_params(out[0], call)
    start = reference.init_cnn(kw["seed"], X.dtype)

    def run(**wrong):
        return replay(start, X, y, **kw, **wrong)

    want, want_losses = run()
    hint = named_mistake(
        _flat(params),
        [
            (
                "the order is drawn once: draw torch.randperm(N, generator=g) at the start of "
                "every epoch",
                lambda: _flat(run(shuffle="once")[0]),
            ),
            ("the images are never shuffled", lambda: _flat(run(shuffle="never")[0])),
            (
                "this is plain SGD: keep a velocity, v <- momentum v - lr dL/dtheta, "
                "theta <- theta + v",
                lambda: _flat(replay(start, X, y, **{**kw, "momentum": 0.0})[0]),
            ),
            (
                "the first layer's backward pass skips the ReLU's derivative 1{z1 > 0}",
                lambda: _flat(run(relu1=_relu_without_derivative)[0]),
            ),
            (
                "the ReLU's derivative is taken as 1 at z = 0 (z >= 0); it is 1{z > 0}, 0 at "
                "z = 0 (the blank image has z1 = z2 = 0 at the first step)",
                lambda: _flat(run(relu1=_relu_one_at_zero, relu2=_relu_one_at_zero)[0]),
            ),
            (
                "the second layer's ReLU derivative is 1 at z2 = 0 (z2 >= 0); it is 1{z2 > 0}",
                lambda: _flat(run(relu2=_relu_one_at_zero)[0]),
            ),
            (
                "the first layer's ReLU derivative is 1 at z1 = 0 (z1 >= 0); it is 1{z1 > 0}",
                lambda: _flat(run(relu1=_relu_one_at_zero)[0]),
            ),
            (
                "the last mini-batch (of 1) is left out: every image is visited once per "
                "epoch, the last batch may be smaller",
                lambda: _flat(run(drop_last=True)[0]),
            ),
        ],
    )
    for k in SHAPES:
        try:
            close(
                params[k],
                want[k],
                rtol=1e-8,
                atol=1e-10,
                what=f"params[{k!r}] after {steps} steps of {call}",
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc} ({hint})" if hint else str(exc)) from None
    loss = as_array(out[1], "losses").ravel()
    if loss.size != steps:
        raise AssertionError(
            f"{call}: losses has {loss.size} entries, expected one per mini-batch: "
            f"{kw['epochs']} epochs x {math.ceil(len(y) / kw['batch_size'])} batches = {steps}"
        )
    close(  # to float32 precision: a list of floats often becomes a float32 tensor
        loss,
        want_losses,
        rtol=1e-6,
        atol=1e-8,
        what=f"losses (mini-batch by mini-batch) from {call}",
    )
