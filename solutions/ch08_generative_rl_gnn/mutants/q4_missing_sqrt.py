"""Mixes signal and noise with the variances instead of the standard deviations:
x_t = alpha_bar x0 + (1 - alpha_bar) eps."""
# medl-breaks: q4


def q_sample(x0, t, eps, alpha_bar):
    ab = alpha_bar[t].reshape(-1, *([1] * (x0.dim() - 1)))
    return ab * x0 + (1 - ab) * eps
