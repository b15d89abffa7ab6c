"""q3: the VAE pieces. Reparameterization, the closed-form KL (answer key:
torch.distributions.kl_divergence) and the negative ELBO with a Bernoulli decoder, on random
inputs, extreme logits included."""

import numpy as np
import torch
from torch.distributions import Normal, kl_divergence

from autograder.api import question
from shared.compare import as_array, close

from ._checks import randn, scalar


def _mu_logvar(rng, N, d):
    return randn(rng, N, d), torch.from_numpy(rng.uniform(-3, 2, size=(N, d)))


@question("q3", points=0.5)
def test_reparameterize_matches_eq_v1(student, reference, rng):
    """Is z = mu + exp(logvar / 2) * eps, for negative and positive log-variances?"""
    for N, d in [(4, 2), (7, 5)]:
        mu, logvar = _mu_logvar(rng, N, d)
        eps = randn(rng, N, d)
        variants = [
            (
                "sigma = exp(logvar) is the variance's exponent without the 1/2: "
                "sigma = exp(logvar / 2)",
                mu + logvar.exp() * eps,
            ),
            ("logvar is used as sigma itself; it is log sigma^2", mu + logvar * eps),
            ("mu and sigma are swapped", (0.5 * logvar).exp() + mu * eps),
        ]
        close(
            student.reparameterize(mu, logvar, eps),
            reference.reparameterize(mu, logvar, eps),
            rtol=1e-8,
            atol=1e-10,
            what=f"reparameterize(mu, logvar, eps) with shape ({N}, {d})",
            mistakes=variants,
        )


@question("q3", points=0.25)
def test_reparameterized_samples_have_mean_mu_and_std_sigma(student, rng):
    """Over 20,000 noise draws, is the sample mean mu and the sample std exp(logvar / 2)?"""
    mu = torch.tensor([[1.5, -2.0, 0.0]], dtype=torch.float64).repeat(20000, 1)
    logvar = torch.tensor([[0.0, np.log(0.25), np.log(9.0)]], dtype=torch.float64).repeat(20000, 1)
    z = as_array(student.reparameterize(mu, logvar, randn(rng, 20000, 3)), "z")
    close(z.mean(axis=0), [1.5, -2.0, 0.0], atol=0.08, what="the sample mean of z")
    close(
        z.std(axis=0),
        [1.0, 0.5, 3.0],
        rtol=0.03,
        what="the sample std of z (sigma = exp(logvar / 2) = 1, 0.5, 3)",
    )


@question("q3", points=1)
def test_kl_matches_closed_form_and_torch(student, reference, rng):
    """Is kl_to_standard_normal 0.5 sum_j (sigma^2 + mu^2 - 1 - log sigma^2), one value per row?"""
    for N, d in [(5, 2), (3, 8), (1, 1)]:
        mu, logvar = _mu_logvar(rng, N, d)
        want = kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0)).sum(1)
        per_dim = logvar.exp() + mu**2 - 1 - logvar
        variants = [
            ("the factor 1/2 is missing", per_dim.sum(1)),
            ("the sign is flipped: KL >= 0", -0.5 * per_dim.sum(1)),
            (
                "sigma^2 is written exp(logvar / 2); sigma^2 = exp(logvar)",
                0.5 * ((0.5 * logvar).exp() + mu**2 - 1 - logvar).sum(1),
            ),
            (
                "log sigma^2 enters with a + sign; it is - log sigma^2",
                0.5 * (logvar.exp() + mu**2 - 1 + logvar).sum(1),
            ),
            ("this is the mean over the d latent dimensions; sum over them", 0.5 * per_dim.mean(1)),
        ]
        what = f"kl_to_standard_normal(mu, logvar) with shape ({N}, {d})"
        got = student.kl_to_standard_normal(mu, logvar)
        if as_array(got, what).shape != (N,):
            raise AssertionError(
                f"{what}: shape {as_array(got).shape}, expected ({N},): "
                "one KL per row (sum over j only)"
            )
        close(got, want, rtol=1e-8, atol=1e-10, what=what, mistakes=variants)
        close(got, reference.kl_to_standard_normal(mu, logvar), rtol=1e-8, what=what)


@question("q3", points=0.25)
def test_kl_is_zero_only_at_the_prior_and_positive_elsewhere(student, rng):
    """Is the KL 0 at mu = 0, log sigma^2 = 0 and positive for every other row?"""
    mu, logvar = _mu_logvar(rng, 30, 4)
    mu[0], logvar[0] = 0.0, 0.0
    kl = as_array(student.kl_to_standard_normal(mu, logvar), "KL").astype(np.float64)
    close(kl[:1], [0.0], atol=1e-12, what="KL(N(0, I) || N(0, I))")
    if (kl[1:] <= 0).any():
        i = int(np.argmin(kl[1:])) + 1
        raise AssertionError(
            f"KL row {i} is {kl[i]:.4g}, but a KL divergence is >= 0 and is 0 only at the prior"
        )


def _elbo_variants(x, logits, mu, logvar):
    recon = (torch.nn.functional.softplus(logits) - x * logits).sum(1)
    kl = 0.5 * (logvar.exp() + mu**2 - 1 - logvar).sum(1)
    return [
        ("this is the sum over the batch; take the mean over the N inputs", (recon + kl).sum()),
        ("the KL term is missing", recon.mean()),
        ("the KL term is subtracted; the loss is reconstruction + KL", (recon - kl).mean()),
        (
            "the reconstruction term is averaged over pixels; sum over the p pixels",
            ((torch.nn.functional.softplus(logits) - x * logits).mean(1) + kl).mean(),
        ),
    ]


@question("q3", points=0.75)
def test_negative_elbo_matches_eq_v3(student, reference, rng):
    """Is negative_elbo the batch mean of the summed Bernoulli term plus the KL?"""
    for N, p, d in [(4, 6, 2), (9, 16, 3)]:
        x = torch.from_numpy(rng.random((N, p)))
        x[: N // 2] = x[: N // 2].round()  # binary images and grey levels
        logits = 2 * randn(rng, N, p)
        mu, logvar = _mu_logvar(rng, N, d)
        close(
            scalar(student.negative_elbo(x, logits, mu, logvar), "negative_elbo"),
            reference.negative_elbo(x, logits, mu, logvar),
            rtol=1e-8,
            atol=1e-10,
            what=f"negative_elbo(x, x_logits, mu, logvar) with N={N}, p={p}, d={d}",
            mistakes=_elbo_variants(x, logits, mu, logvar),
        )


@question("q3", points=0.25)
def test_negative_elbo_is_stable_for_large_logits(student, reference, rng):
    """With logits of size 50 to 1000 (decoder very sure, right or wrong), is the loss right?"""
    N, p = 6, 10
    x = torch.from_numpy(rng.integers(0, 2, size=(N, p)).astype(np.float64))
    x[0, :3] = 0.5
    logits = torch.from_numpy(rng.choice([-1, 1], size=(N, p)) * rng.uniform(50, 1000, (N, p)))
    mu, logvar = _mu_logvar(rng, N, 3)
    close(
        scalar(student.negative_elbo(x, logits, mu, logvar), "negative_elbo"),
        reference.negative_elbo(x, logits, mu, logvar),
        rtol=1e-8,
        what="negative_elbo with logits of size 50-1000 (compute log(1 + e^l) - x l with "
        "softplus or logaddexp, never log(sigmoid(l)))",
    )
