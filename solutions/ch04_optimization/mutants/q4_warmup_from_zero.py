"""Warm-up alpha0 t / warmup: the first step has learning rate 0 and the ramp never reaches
alpha0 before the cosine starts."""

# medl-breaks: q4
import numpy as np


def warmup_cosine(t, alpha0, warmup, T, alpha_min=0.0):
    t = np.asarray(t, dtype=float)
    frac = np.clip((t - warmup) / (T - warmup), 0.0, 1.0)
    cosine = alpha_min + 0.5 * (alpha0 - alpha_min) * (1 + np.cos(np.pi * frac))
    return np.where(t < warmup, alpha0 * t / warmup, cosine)
