"""Softmax without subtracting the row maximum: e^1000 overflows to inf and inf/inf is NaN."""

# medl-breaks: q4
import numpy as np


def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
