"""Kingma and Ba's "efficient" ordering: fold both bias corrections into the step size,
alpha_t = alpha sqrt(1 - beta2^t) / (1 - beta1^t), and rescale epsilon to
eps sqrt(1 - beta2^t). Algebraically identical to the reference."""

# medl-alternative: q3
import numpy as np


def adam_step(theta, grad, m, v, t, alpha=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * np.square(grad)
    c2 = np.sqrt(1 - beta2**t)
    alpha_t = alpha * c2 / (1 - beta1**t)
    return theta - alpha_t * m_new / (np.sqrt(v_new) + eps * c2), m_new, v_new
