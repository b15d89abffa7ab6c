"""softmax(z) = exp(z - logsumexp(z)), the log-sum-exp itself computed stably."""
# medl-alternative: q5
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def softmax(Z: np.ndarray) -> np.ndarray:
    m = np.max(Z, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))
    return np.exp(Z - lse)
