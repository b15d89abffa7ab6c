"""Uses m and v directly, without dividing by 1 - beta^t: the first steps are about 3 times
too large (0.1 / sqrt(0.001))."""

# medl-breaks: q3
import numpy as np


def adam_step(theta, grad, m, v, t, alpha=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    return theta - alpha * m / (np.sqrt(v) + eps), m, v
