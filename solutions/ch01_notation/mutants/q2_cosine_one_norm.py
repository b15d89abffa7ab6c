"""cosine() divides the inner product by ||u|| only, forgetting ||v|| (eq. 17)."""
# medl-breaks: q2
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return inner(u, v) / norm(u)
