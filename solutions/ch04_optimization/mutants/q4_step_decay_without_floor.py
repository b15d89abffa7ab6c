"""Step decay with t / every instead of floor(t / every): a smooth exponential, not steps."""

# medl-breaks: q4
import numpy as np


def step_decay(t, alpha0, gamma, every):
    return alpha0 * gamma ** (np.asarray(t) / every)
