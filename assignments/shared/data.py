"""Small real data sets that ship with installed packages (nothing is downloaded).

scikit-learn's digits: 1,797 grey 8x8 images of the digits 0-9, pixel values 0..16.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Split", "digits"]


@dataclass(frozen=True)
class Split:
    """Train/test arrays. X: (N, p) float64 in [0, 1] or (N, 1, 8, 8) images; y: (N,) int."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def digits(*, images: bool = False, test_fraction: float = 0.25, seed: int = 0) -> Split:
    """scikit-learn's digits, scaled to [0, 1], shuffled with ``seed`` and split.

    ``images=False`` gives rows x in R^64; ``images=True`` gives (N, 1, 8, 8) for CNNs.
    """
    from sklearn.datasets import load_digits

    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    d = load_digits()
    X = d.data.astype(np.float64) / 16.0
    y = d.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    X, y = X[order], y[order]
    if images:
        X = X.reshape(-1, 1, 8, 8)
    n_test = int(round(test_fraction * len(y)))
    return Split(X[n_test:], y[n_test:], X[:n_test], y[:n_test])
