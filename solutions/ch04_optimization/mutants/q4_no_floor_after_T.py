"""The cosine is not clipped at T: after T it rises again towards alpha0."""

# medl-breaks: q4
import numpy as np


def warmup_cosine(t, alpha0, warmup, T, alpha_min=0.0):
    t = np.asarray(t, dtype=float)
    frac = (t - warmup) / (T - warmup)
    cosine = alpha_min + 0.5 * (alpha0 - alpha_min) * (1 + np.cos(np.pi * frac))
    return np.where(t < warmup, alpha0 * (t + 1) / warmup, cosine)
