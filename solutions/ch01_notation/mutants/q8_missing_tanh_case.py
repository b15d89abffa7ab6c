"""An if/elif chain over the names that forgets "tanh", so tanh layers silently do nothing."""
# medl-breaks: q8
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_III(X: np.ndarray, layers: list) -> np.ndarray:
    a = X
    for W, b, name in layers:
        a = affine(a, W, b)
        if name == "sigmoid":
            a = sigmoid(a)
        elif name == "relu":
            a = np.maximum(a, 0.0)
        elif name == "softmax":
            a = softmax(a)
    return a
