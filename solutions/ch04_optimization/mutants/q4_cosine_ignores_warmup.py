"""The cosine phase uses cos(pi t / T) instead of cos(pi (t - warmup) / (T - warmup)): it
starts below alpha0 and jumps down at the end of the warm-up."""

# medl-breaks: q4
import numpy as np


def warmup_cosine(t, alpha0, warmup, T, alpha_min=0.0):
    t = np.asarray(t, dtype=float)
    frac = np.clip(t / T, 0.0, 1.0)
    cosine = alpha_min + 0.5 * (alpha0 - alpha_min) * (1 + np.cos(np.pi * frac))
    return np.where(t < warmup, alpha0 * (t + 1) / warmup, cosine)
