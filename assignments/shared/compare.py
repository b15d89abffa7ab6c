"""Compare arrays and say, in words a student can act on, where they differ.

Every message names the quantity (``what``), the first thing that is wrong (type, shape,
non-finite entries, values) and, for values, the worst entry with both numbers and how many
other entries agree. Torch tensors are accepted and compared as float64 numpy arrays.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = [
    "Mistake",
    "as_array",
    "close",
    "named_mistake",
    "rows_are_probabilities",
    "same_shape",
]

#: A known wrong answer: (hint naming the mistake, the value that mistake produces). The
#: value may be a zero-argument callable, evaluated only when an answer is wrong.
Mistake = tuple[str, Any]


def as_array(x: Any, what: str = "value") -> np.ndarray:
    """Return ``x`` as a numpy array (torch tensors are detached and moved to the CPU).

    Raises AssertionError with a readable message for values that are not numeric.
    """
    if hasattr(x, "detach") and hasattr(x, "cpu"):  # a torch.Tensor, without importing torch
        x = x.detach().cpu().numpy()
    if x is None:
        raise AssertionError(f"{what}: got None (did the function forget to return?)")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - exotic objects
        raise AssertionError(f"{what}: got {type(x).__name__}, not an array ({exc})") from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise AssertionError(f"{what}: got {type(x).__name__} of dtype {arr.dtype}, not numbers")
    return arr


def _fmt(v: float) -> str:
    return f"{v:.6g}"


def _at(what: str, idx: tuple[int, ...]) -> str:
    """``softmax(z)[2,4]``, or ``dW for X of shape (7, 3), entry [2,4]`` for long names."""
    if not idx:
        return what
    index = "[" + ",".join(str(i) for i in idx) + "]"
    return f"{what}, entry {index}" if " " in what else f"{what}{index}"


def same_shape(got: Any, want_shape: tuple[int, ...], what: str = "value") -> np.ndarray:
    """Assert ``got`` has shape ``want_shape``; return it as an array."""
    arr = as_array(got, what)
    if tuple(arr.shape) != tuple(want_shape):
        raise AssertionError(f"{what}: shape {tuple(arr.shape)}, expected {tuple(want_shape)}")
    return arr


def named_mistake(
    got: Any, mistakes: Iterable[Mistake], *, rtol: float = 1e-6, atol: float = 1e-9
) -> str | None:
    """The hint of the first known wrong answer that ``got`` equals, or None.

    ``mistakes``: (hint, value) pairs, the outputs of realistic wrong implementations on the
    same inputs; a value may be a zero-argument callable (computed only when needed) and one
    that raises or is None is skipped. Equality is ``allclose`` at (rtol, atol), NaN equal to
    NaN, shapes identical.
    """
    try:
        g = as_array(got).astype(np.float64)
    except (AssertionError, TypeError, ValueError):
        return None
    for hint, value in mistakes:
        try:
            if callable(value):
                value = value()
            if value is None:
                continue
            w = as_array(value).astype(np.float64)
        except Exception:  # a wrong answer that cannot be formed for these inputs
            continue
        if g.shape != w.shape:
            continue
        with np.errstate(invalid="ignore", over="ignore"):
            if np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True):
                return hint
    return None


def close(
    got: Any,
    want: Any,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    what: str = "value",
    mistakes: Iterable[Mistake] = (),
) -> None:
    """Assert ``|got - want| <= atol + rtol * |want|`` entrywise, with a helpful message.

    ``want`` is the trusted value. NaN or infinity in ``got`` where ``want`` is finite is an
    error even if the tolerance would let it through. ``mistakes`` are known wrong answers
    as (hint, value) pairs (see :func:`named_mistake`): when ``got`` is wrong and equals one,
    the message ends with that hint in parentheses, e.g. "(this is the 1/(N-1) variance)".
    """
    mistakes = tuple(mistakes)
    if not mistakes:
        _close(got, want, rtol=rtol, atol=atol, what=what)
        return
    try:
        _close(got, want, rtol=rtol, atol=atol, what=what)
    except AssertionError as exc:
        hint = named_mistake(got, mistakes)
        if hint is None:
            raise
        raise AssertionError(f"{exc} ({hint})") from None


def _close(got: Any, want: Any, *, rtol: float, atol: float, what: str) -> None:
    w = as_array(want, "expected " + what).astype(np.float64)
    g = as_array(got, what)
    if g.shape != w.shape:
        hint = ""
        if g.shape == w.shape[::-1] and g.ndim == 2:
            hint = " (transposed?)"
        elif g.size == w.size:
            hint = " (same number of entries: a reshape or a missing axis?)"
        raise AssertionError(f"{what}: shape {g.shape}, expected {w.shape}{hint}")
    g = g.astype(np.float64)
    bad_finite = ~np.isfinite(g) & np.isfinite(w)
    if bad_finite.any():
        idx = tuple(int(i) for i in np.argwhere(bad_finite)[0])
        n = int(bad_finite.sum())
        raise AssertionError(
            f"{_at(what, idx)} is {g[idx]} but should be {_fmt(w[idx])}; "
            f"{n} of {g.size} entries are NaN or infinite (overflow in exp?)"
        )
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf where both are infinite
        err = np.abs(g - w)
        tol = atol + rtol * np.abs(w)
        both_nonfinite = ~np.isfinite(w)
        wrong = (err > tol) & ~both_nonfinite
        wrong |= both_nonfinite & (g != w)
        if not wrong.any():
            return
        excess = np.where(wrong, np.nan_to_num(err - tol, nan=np.inf, posinf=np.inf), -np.inf)
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), g.shape))
    n_ok = int(g.size - wrong.sum())
    where = _at(what, idx)
    raise AssertionError(
        f"{where}: yours {_fmt(g[idx])}, expected {_fmt(w[idx])}; "
        f"{n_ok} of {g.size} entries match (rtol={rtol:g}, atol={atol:g})"
    )


def rows_are_probabilities(p: Any, *, tol: float = 1e-6, what: str = "value") -> None:
    """Assert every row of ``p`` (shape (..., K)) is non-negative and sums to one."""
    arr = as_array(p, what).astype(np.float64)
    if not np.isfinite(arr).all():
        raise AssertionError(f"{what}: contains NaN or infinity (overflow in exp?)")
    if (arr < -tol).any():
        idx = tuple(int(i) for i in np.argwhere(arr < -tol)[0])
        raise AssertionError(f"{_at(what, idx)} = {_fmt(arr[idx])} is negative")
    sums = arr.sum(axis=-1)
    off = np.abs(sums - 1.0) > tol * arr.shape[-1]
    if off.any():
        idx = tuple(int(i) for i in np.argwhere(np.atleast_1d(off))[0])
        s = np.atleast_1d(sums)[idx]
        row = f"row {idx[0] if len(idx) == 1 else idx}"
        raise AssertionError(f"{what}: {row} does not sum to 1 (sum = {_fmt(s)})")
