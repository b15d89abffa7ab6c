"""Activations through other identities: sigma(z) = (1 + tanh(z/2)) / 2, softplus with
np.logaddexp(0, z) = log(e^0 + e^z), and tanh' through the sigmoid: 4 sigma(2z)(1 - sigma(2z)).
"""
# medl-alternative: q1
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_prime(z):
    c = np.cosh(0.5 * np.clip(np.asarray(z, dtype=float), -1400, 1400))
    return 0.25 / (c * c)


def tanh_prime(z):
    s = sigmoid(2.0 * np.asarray(z, dtype=float))
    return 4.0 * s * (1.0 - s)


def softplus(z):
    return np.logaddexp(0.0, np.asarray(z, dtype=float))


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + alpha * np.minimum(z, 0.0)
