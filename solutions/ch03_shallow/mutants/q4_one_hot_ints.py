"""one_hot from an integer identity matrix, np.eye(K, dtype=int)[y]: the right 0/1 pattern,
but ints where the docstring asks for floats (Y_hat - Y then silently works, Y /= 2 does not)."""

# medl-breaks: q4
import numpy as np


def one_hot(y, K):
    return np.eye(K, dtype=int)[np.asarray(y)]
