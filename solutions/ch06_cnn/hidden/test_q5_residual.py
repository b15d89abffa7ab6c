"""q5: batch normalization (eq. BN) and the residual block (eq. R), against torch.nn layers in
training mode."""

import numpy as np
import torch
from torch import nn

from autograder.api import question
from shared.compare import as_array, close


class Block(nn.Module):
    """The residual block of eq. (R) from torch.nn layers: the answer key."""

    def __init__(self, C, F, stride, eps, project=None):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(C, F, 3, stride, 1), nn.BatchNorm2d(F, eps=eps)
        self.conv2, self.bn2 = nn.Conv2d(F, F, 3, 1, 1), nn.BatchNorm2d(F, eps=eps)
        self.project = (stride != 1 or C != F) if project is None else project
        self.skip = nn.Conv2d(C, F, 1, stride) if self.project else nn.Identity()

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(h)) + self.skip(x))


def _block(rng, C, F, stride, eps=1e-5, project=None):
    block = Block(C, F, stride, eps, project).double().train()
    params = {}
    names = {
        "conv1": ("W1", "b1"),
        "bn1": ("gamma1", "beta1"),
        "conv2": ("W2", "b2"),
        "bn2": ("gamma2", "beta2"),
        "skip": ("Ws", "bs"),
    }
    with torch.no_grad():
        for layer, (wname, bname) in names.items():
            mod = getattr(block, layer)
            if not hasattr(mod, "weight"):
                continue
            mod.weight.copy_(torch.from_numpy(rng.standard_normal(tuple(mod.weight.shape))))
            mod.bias.copy_(torch.from_numpy(rng.standard_normal(tuple(mod.bias.shape))))
            params[wname], params[bname] = mod.weight.clone(), mod.bias.clone()
    return block, params


def torch_bn(x, gamma, beta, eps):
    """torch.nn.BatchNorm2d in training mode with the given gamma, beta and eps: the key."""
    bn = nn.BatchNorm2d(x.shape[1], eps=eps).double().train()
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
        return bn(x)


def _x(rng, *shape):
    return torch.from_numpy(rng.standard_normal(shape))


@question("q5", points=1)
def test_batch_norm2d_matches_torch_in_training_mode(student, rng):
    """Does batch_norm2d standardize each channel over (n, h, w), with 1/(NHW) variance?"""
    for (N, C, H, W), eps in [((4, 3, 5, 5), 1e-5), ((2, 5, 3, 4), 1e-3), ((1, 2, 6, 6), 0.1)]:
        scale, shift = rng.uniform(0.5, 3, size=(1, C, 1, 1)), 4 * rng.normal(size=(1, C, 1, 1))
        x = _x(rng, N, C, H, W) * torch.from_numpy(scale) + torch.from_numpy(shift)
        gamma, beta = _x(rng, C), _x(rng, C)
        want = torch_bn(x, gamma, beta, eps)
        what = f"batch_norm2d(x, gamma, beta, eps={eps}) with x {(N, C, H, W)}"
        m = x.mean(dim=(0, 2, 3), keepdim=True)
        unbiased = x.var(dim=(0, 2, 3), keepdim=True, unbiased=True)
        wrong = gamma.reshape(1, -1, 1, 1) * (x - m) / torch.sqrt(unbiased + eps) + beta.reshape(
            1, -1, 1, 1
        )
        close(
            student.batch_norm2d(x, gamma, beta, eps=eps),
            want,
            rtol=1e-8,
            atol=1e-10,
            what=what,
            mistakes=[("the variance divides by N*H*W - 1; eq. (BN) divides by N*H*W", wrong)],
        )


@question("q5", points=0.5)
def test_batch_norm2d_keeps_channels_apart(student, rng):
    """With gamma = 1 and beta = 0, does every channel come out with mean 0 and variance ~1?"""
    N, C, H, W = 3, 4, 5, 5
    x = _x(rng, N, C, H, W) * torch.tensor([0.1, 1.0, 10.0, 100.0]).reshape(1, C, 1, 1) + 7
    got = as_array(
        student.batch_norm2d(
            x, torch.ones(C, dtype=torch.float64), torch.zeros(C, dtype=torch.float64), eps=1e-12
        ),
        "batch_norm2d(x, 1, 0)",
    )
    if got.shape != (N, C, H, W):
        raise AssertionError(f"batch_norm2d: shape {got.shape}, expected {(N, C, H, W)}")
    close(
        got.mean(axis=(0, 2, 3)),
        np.zeros(C),
        atol=1e-9,
        what="the mean of each channel over (n, h, w) after batch_norm2d(x, 1, 0)",
    )
    close(
        got.var(axis=(0, 2, 3)),
        np.ones(C),
        rtol=1e-6,
        what="the variance of each channel over (n, h, w) after batch_norm2d(x, 1, 0)",
    )


@question("q5", points=1.25)
def test_residual_block_with_identity_skip_matches_torch(student, rng):
    """Does residual_block equal the torch.nn block when the skip is the identity?"""
    for N, C, H, W in [(2, 4, 6, 6), (3, 3, 5, 7)]:
        block, params = _block(rng, C, C, 1)
        x = _x(rng, N, C, H, W)
        with torch.no_grad():
            want = block(x)
        close(
            student.residual_block(x, params),
            want,
            rtol=1e-8,
            atol=1e-10,
            what=f"residual_block(x, params) with x {(N, C, H, W)}, F = C, S = 1",
        )


@question("q5", points=1.25)
def test_residual_block_with_projection_matches_torch(student, rng):
    """With a 1x1 projection (Ws, bs), stride 2 or more channels, does it equal torch's block?"""
    for (N, C, H, W), F, S, eps in [
        ((2, 3, 7, 7), 6, 2, 1e-5),
        ((2, 4, 6, 5), 8, 1, 1e-3),
        ((1, 2, 8, 8), 2, 2, 1e-5),
    ]:
        block, params = _block(rng, C, F, S, eps)
        x = _x(rng, N, C, H, W)
        with torch.no_grad():
            want = block(x)
        close(
            student.residual_block(x, params, stride=S, eps=eps),
            want,
            rtol=1e-8,
            atol=1e-10,
            what=f"residual_block(x, params, stride={S}, eps={eps}) with x "
            f"{(N, C, H, W)}, F = {F}, projection skip",
        )


@question("q5", points=0.5)
def test_residual_block_projects_whenever_params_has_Ws(student, rng):
    """With S = 1 and F = C but (Ws, bs) in params, is the skip the 1x1 projection, as the
    docstring says ("when params has Ws"), and not x itself?"""
    N, C, H, W = 2, 4, 6, 5
    block, params = _block(rng, C, C, 1, project=True)
    x = _x(rng, N, C, H, W)
    with torch.no_grad():
        want = block(x)
        identity = torch.relu(block.bn2(block.conv2(torch.relu(block.bn1(block.conv1(x))))) + x)
    close(
        student.residual_block(x, params),
        want,
        rtol=1e-8,
        atol=1e-10,
        what=f"residual_block(x, params) with x {(N, C, H, W)}, F = C, S = 1 and Ws in params",
        mistakes=[
            (
                "this adds x itself: the skip is the projection (Ws, bs) whenever params has "
                '"Ws", even when the shapes already agree',
                identity,
            )
        ],
    )


@question("q5", points=0.5)
def test_batch_norm2d_on_tiny_channels_uses_only_the_given_eps(student, rng):
    """For channels of spread 1e-5 to 1e-3 and eps = 1e-10, does batch_norm2d equal torch's
    layer: eps inside the square root and no other epsilon?"""
    N, C, H, W = 3, 4, 5, 5
    eps = 1e-10
    scale = torch.from_numpy(10.0 ** rng.uniform(-5, -3, size=(1, C, 1, 1)))
    x = (_x(rng, N, C, H, W) + 3 * torch.from_numpy(rng.normal(size=(1, C, 1, 1)))) * scale
    gamma, beta = _x(rng, C), _x(rng, C)
    want = torch_bn(x, gamma, beta, eps)
    mu = x.mean(dim=(0, 2, 3), keepdim=True)
    sd = ((x - mu) ** 2).mean(dim=(0, 2, 3), keepdim=True).add(eps).sqrt()

    def extra(e):
        return gamma.reshape(1, -1, 1, 1) * (x - mu) / (sd + e) + beta.reshape(1, -1, 1, 1)

    close(
        student.batch_norm2d(x, gamma, beta, eps=eps),
        want,
        rtol=1e-8,
        atol=1e-10,
        what=f"batch_norm2d(x, gamma, beta, eps={eps}) with channel spreads "
        f"{scale.ravel().numpy().round(6)}",
        mistakes=[
            (
                f"an extra {e:g} is added next to sqrt(var + eps): on channels this narrow it "
                "shows; eps is the only epsilon of eq. (BN)",
                extra(e),
            )
            for e in (1e-8, 1e-10, 1e-12)
        ],
    )
