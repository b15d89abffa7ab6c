"""Every schedule one step at a time with the math module and branches, then reshaped."""

# medl-alternative: q4
import math

import numpy as np


def _each(t, rule):
    t = np.asarray(t)
    return np.array([rule(int(s)) for s in t.ravel()], dtype=float).reshape(t.shape)


def step_decay(t, alpha0, gamma, every):
    return _each(t, lambda s: alpha0 * gamma ** (s // every))


def exponential_decay(t, alpha0, k):
    return _each(t, lambda s: alpha0 * math.exp(-k * s))


def warmup_cosine(t, alpha0, warmup, T, alpha_min=0.0):
    def rule(s):
        if s < warmup:
            return alpha0 * (s + 1) / warmup
        if s > T:
            return alpha_min
        return (
            alpha_min
            + (alpha0 - alpha_min) * (1 + math.cos(math.pi * (s - warmup) / (T - warmup))) / 2
        )

    return _each(t, rule)
