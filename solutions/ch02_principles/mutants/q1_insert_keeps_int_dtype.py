"""The ones inserted with np.insert, which keeps X's dtype: an integer X gives an integer
design matrix instead of a float one."""

# medl-breaks: q1
import numpy as np


def design_matrix(X):
    return np.insert(np.asarray(X), 0, 1, axis=1)
