"""q5: GAN losses from logits, against the reference for moderate and extreme logits, and the
gradient of the generator loss by central differences (it must not vanish where D rejects
the fakes)."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close
from shared.gradcheck import numeric_gradient, relative_error

from ._checks import randn, scalar


def _sp(s):
    return torch.nn.functional.softplus(s)


@question("q5", points=0.5)
def test_discriminator_loss_matches_the_bce(student, reference, rng):
    """Is C_D = mean softplus(-s_real) + mean softplus(s_fake), with N != M?"""
    for N, M in [(5, 3), (2, 9)]:
        real, fake = 3 * randn(rng, N), 3 * randn(rng, M)
        variants = [
            (
                "the labels are swapped: real samples have label 1, fakes 0",
                _sp(real).mean() + _sp(-fake).mean(),
            ),
            (
                "the two terms are averaged together over N + M samples; each is a mean "
                "over its own batch",
                torch.cat([_sp(-real), _sp(fake)]).mean(),
            ),
            ("these are sums; take the mean over each batch", _sp(-real).sum() + _sp(fake).sum()),
            ("the loss has the wrong sign", -(_sp(-real).mean() + _sp(fake).mean())),
        ]
        close(
            scalar(student.discriminator_loss(real, fake), "discriminator_loss"),
            reference.discriminator_loss(real, fake),
            rtol=1e-10,
            atol=1e-10,
            what=f"discriminator_loss(real_logits ({N},), fake_logits ({M},))",
            mistakes=variants,
        )


@question("q5", points=0.5)
def test_generator_loss_is_non_saturating(student, reference, rng):
    """Is C_G = mean of -log sigma(s_fake) = mean softplus(-s_fake)?"""
    fake = 3 * randn(rng, 7)
    variants = [
        (
            "this is the minimax loss log(1 - D(G(z))); use the non-saturating -log D(G(z))",
            -_sp(fake).mean(),
        ),
        (
            "this is -log(1 - D(G(z))): the generator wants D(G(z)) near 1, so its loss "
            "is -log D(G(z))",
            _sp(fake).mean(),
        ),
        ("the sign is flipped", -_sp(-fake).mean()),
    ]
    close(
        scalar(student.generator_loss(fake), "generator_loss"),
        reference.generator_loss(fake),
        rtol=1e-10,
        atol=1e-10,
        what="generator_loss(fake_logits (7,))",
        mistakes=variants,
    )


@question("q5", points=0.5)
def test_losses_are_finite_and_right_for_extreme_logits(student, reference, rng):
    """With logits of size 100-1000 in float64 and float32, are both losses finite and right?"""
    for dtype, top in ((torch.float64, 1000.0), (torch.float32, 200.0)):
        signs = torch.from_numpy(rng.choice([-1.0, 1.0], size=6))
        real = (signs * torch.from_numpy(rng.uniform(100, top, 6))).to(dtype)
        fake = (-signs * torch.from_numpy(rng.uniform(100, top, 6))).to(dtype)
        real[0], fake[0] = -top, top  # D sure and wrong on both
        hint = (
            " (log(sigmoid(s)) is -inf once sigmoid(s) rounds to 0, and a log-sum-exp shift "
            "must be each entry's own max(0, s), not one max over the batch: use softplus(-s) "
            "or logaddexp(0, -s))"
        )
        for name, got, want in [
            (
                "discriminator_loss",
                scalar(student.discriminator_loss(real, fake), "discriminator_loss"),
                reference.discriminator_loss(real.double(), fake.double()),
            ),
            (
                "generator_loss",
                scalar(student.generator_loss(fake), "generator_loss"),
                reference.generator_loss(fake.double()),
            ),
        ]:
            try:
                what = f"{name} on {dtype} logits up to {top:g}"
                close(scalar(got, what), want, rtol=1e-5, what=what)
            except AssertionError as exc:
                raise AssertionError(f"{exc}{hint}") from None


@question("q5", points=0.5)
def test_generator_loss_gradient_does_not_vanish(student, rng):
    """Does dC_G/ds_m, by central differences, equal -sigmoid(-s_m) / M (about -1/M at s = -15)?"""
    M = 5
    s = rng.uniform(-15, -10, size=M)
    s[0] = float(rng.uniform(-1, 1))

    def loss(v):
        return float(scalar(student.generator_loss(torch.from_numpy(v)), "generator_loss"))

    num = numeric_gradient(loss, s, h=1e-5)
    want = -1 / (1 + np.exp(s)) / M
    if relative_error(num, want) > 1e-4:
        close(
            num,
            want,
            rtol=1e-4,
            atol=1e-7,
            what=f"dC_G/ds at s = {np.round(s, 2).tolist()} (central differences); near "
            "D(G(z)) = 0 the non-saturating loss has slope about -1/M",
        )
