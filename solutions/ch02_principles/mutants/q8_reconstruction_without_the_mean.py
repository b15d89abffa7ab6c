"""Reconstructs x_hat = V_m z and forgets to add the mean back: the shape of the data is
right, its position is lost."""

# medl-breaks: q8
import numpy as np


def pca_reconstruct(Z, mu, V):
    return np.asarray(Z, dtype=float) @ V.T
