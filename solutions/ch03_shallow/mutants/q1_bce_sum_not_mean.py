"""The cross-entropy summed over the samples instead of averaged."""

# medl-breaks: q1
import numpy as np


def bce_from_logits(z, y):
    z = np.asarray(z, dtype=float)
    return float(np.sum(np.logaddexp(0.0, z) - y * z))
