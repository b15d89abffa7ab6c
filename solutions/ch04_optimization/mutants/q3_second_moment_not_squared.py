"""Smooths |grad| instead of grad**2 in v, then still takes the square root."""

# medl-breaks: q3
import numpy as np


def adam_step(theta, grad, m, v, t, alpha=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * np.abs(grad)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - alpha * m_hat / (np.sqrt(v_hat) + eps), m, v
