"""Softmax shifted by each row's mean instead of its maximum: centred exponents, but a score
1000 above its row's mean still overflows to inf, and inf / inf is NaN."""

# medl-breaks: q4
import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.mean(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
