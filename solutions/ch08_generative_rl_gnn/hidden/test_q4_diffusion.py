"""q4: the diffusion forward process (alpha-bar schedule, closed-form q_sample) and one DDPM
reverse step, against the reference on random schedules, steps and shapes."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import randn


def _betas(rng, T):
    return torch.from_numpy(np.sort(rng.uniform(1e-4, 0.2, size=T)))


@question("q4", points=0.75)
def test_alpha_bar_is_the_cumulative_product(student, reference, rng):
    """Is alpha_bar[t] = prod_{s <= t} (1 - beta_s), for random and linear schedules?"""
    for betas in (_betas(rng, 12), torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64)):
        alphas = 1 - betas
        variants = [
            ("these are alpha_t = 1 - beta_t; alpha_bar_t is their running product", alphas),
            (
                "the product stops before s = t (alpha_bar[0] should be 1 - beta_0, not 1)",
                torch.cat([torch.ones(1, dtype=betas.dtype), torch.cumprod(alphas, 0)[:-1]]),
            ),
            (
                "this is 1 - (running sum of beta); use the product of (1 - beta_s)",
                1 - torch.cumsum(betas, 0),
            ),
            ("this is the running product of beta_s; use 1 - beta_s", torch.cumprod(betas, 0)),
        ]
        close(
            student.alpha_bar_schedule(betas),
            reference.alpha_bar_schedule(betas),
            rtol=1e-10,
            atol=1e-14,
            what=f"alpha_bar_schedule(betas) with T = {len(betas)}",
            mistakes=variants,
        )


def _q_variants(x0, t, eps, ab):
    a = ab[t].reshape(-1, *([1] * (x0.dim() - 1)))
    return [
        (
            "the square roots are missing: sqrt(alpha_bar) x0 + sqrt(1 - alpha_bar) eps",
            a * x0 + (1 - a) * eps,
        ),
        ("sqrt(1 - alpha_bar) is missing on the noise", a.sqrt() * x0 + (1 - a) * eps),
        (
            "every sample used alpha_bar[t[0]]; sample n uses alpha_bar[t[n]]",
            ab[t[0]].sqrt() * x0 + (1 - ab[t[0]]).sqrt() * eps,
        ),
        (
            "the noise is scaled by sqrt(alpha_bar) and the signal by sqrt(1 - alpha_bar)",
            (1 - a).sqrt() * x0 + a.sqrt() * eps,
        ),
    ]


@question("q4", points=1)
def test_q_sample_matches_eq_d1(student, reference, rng):
    """Is x_t = sqrt(alpha_bar[t]) x0 + sqrt(1 - alpha_bar[t]) eps, per sample, for any shape?"""
    T = 40
    ab = torch.cumprod(1 - _betas(rng, T), 0)
    for shape in [(5,), (6, 3), (4, 1, 5, 5)]:
        x0, eps = randn(rng, *shape), randn(rng, *shape)
        t = torch.from_numpy(rng.integers(0, T, size=shape[0]))
        t[0] = 0
        close(
            student.q_sample(x0, t, eps, ab),
            reference.q_sample(x0, t, eps, ab),
            rtol=1e-8,
            atol=1e-10,
            what=f"q_sample(x0, t, eps, alpha_bar) with x0 of shape {shape}",
            mistakes=_q_variants(x0, t, eps, ab),
        )


@question("q4", points=0.25)
def test_q_sample_keeps_unit_variance(student, rng):
    """For x0 and eps standard normal, does x_t keep variance 1 at every t?"""
    ab = torch.tensor([0.99, 0.7, 0.5, 0.2, 0.01], dtype=torch.float64)
    x0, eps = randn(rng, 5, 40000), randn(rng, 5, 40000)
    got = as_array(student.q_sample(x0, torch.arange(5), eps, ab), "x_t")
    close(
        got.var(axis=1),
        np.ones(5),
        rtol=0.04,
        what="the variance of x_t over 40,000 entries, for alpha_bar = 0.99, 0.7, 0.5, 0.2, 0.01",
    )


def _step_variants(x_t, t, eps_pred, betas, z):
    shape = (-1, *([1] * (x_t.dim() - 1)))
    beta, ab = betas[t].reshape(shape), torch.cumprod(1 - betas, 0)[t].reshape(shape)
    mean = (x_t - beta / (1 - ab).sqrt() * eps_pred) / (1 - beta).sqrt()
    return [
        ("noise is added at t = 0 too; the last step has sigma_0 = 0", mean + beta.sqrt() * z),
        (
            "no noise at t = 1 either; steps count from 0 here, so only t = 0 is noise-free "
            "(the DDPM paper's 'z = 0 unless t > 1' counts from 1)",
            mean + torch.where(t > 1, betas[t].sqrt(), 0.0).reshape(shape) * z,
        ),
        (
            "sigma_t = beta_t; the noise's standard deviation is sqrt(beta_t)",
            mean + torch.where(t > 0, betas[t], 0.0).reshape(shape) * z,
        ),
        (
            "the mean divides by sqrt(alpha_bar_t); it divides by sqrt(alpha_t)",
            (x_t - beta / (1 - ab).sqrt() * eps_pred) / ab.sqrt()
            + torch.where(t > 0, betas[t].sqrt(), 0.0).reshape(shape) * z,
        ),
    ]


@question("q4", points=0.75)
def test_ddpm_step_matches_eq_d2(student, reference, rng):
    """Is ddpm_step eq. (D2), sigma_t = sqrt(beta_t) for t >= 1 and no noise at t = 0?"""
    T = 30
    betas = _betas(rng, T)
    for shape in [(6, 4), (5, 1, 3, 3)]:
        x_t, eps_pred, z = randn(rng, *shape), randn(rng, *shape), randn(rng, *shape)
        t = torch.from_numpy(rng.integers(0, T, size=shape[0]))
        t[:3] = torch.tensor([0, 1, T - 1])  # both ends, and the first step with noise
        close(
            student.ddpm_step(x_t, t, eps_pred, betas, z),
            reference.ddpm_step(x_t, t, eps_pred, betas, z),
            rtol=1e-8,
            atol=1e-10,
            what=f"ddpm_step(x_t, t, eps_pred, betas, z) with x_t of shape {shape}",
            mistakes=_step_variants(x_t, t, eps_pred, betas, z),
        )


@question("q4", points=0.25)
def test_ddpm_step_at_t0_with_the_true_noise_returns_x0(student, rng):
    """If x_t was made from x0 at t = 0 and eps_pred is that noise, is the step exactly x0?"""
    betas = _betas(rng, 10)
    x0, eps, z = randn(rng, 4, 6), randn(rng, 4, 6), randn(rng, 4, 6)
    a0 = 1 - betas[0]
    x_t = a0.sqrt() * x0 + (1 - a0).sqrt() * eps
    close(
        student.ddpm_step(x_t, torch.zeros(4, dtype=torch.int64), eps, betas, z),
        x0,
        rtol=1e-8,
        atol=1e-10,
        what="ddpm_step at t = 0 with the true noise (should be x0)",
    )
