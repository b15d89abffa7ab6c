"""Central-difference gradient checks in float64.

For a scalar function C(theta), the numeric gradient is
    dC/dtheta_i ~= (C(theta + h e_i) - C(theta - h e_i)) / (2h),
with error O(h^2). Use float64 and h around 1e-6 for a relative error near 1e-8.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["numeric_gradient", "relative_error"]


def numeric_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6
) -> np.ndarray:
    """Return the central-difference gradient of scalar ``f`` at ``x`` (same shape as x)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        fp = float(f(x))
        x[i] = old - h
        fm = float(f(x))
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|a|, |b|, 1e-8), the largest difference relative to the largest
    entry of either array.

    Scaling by the largest entry, not entrywise (CS231n's max |a-b| / (|a| + |b|)), keeps
    entries whose true value is 0 from failing on finite-difference noise of 1e-10.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), 1e-8)
    return float(np.max(np.abs(a - b), initial=0.0) / scale)
