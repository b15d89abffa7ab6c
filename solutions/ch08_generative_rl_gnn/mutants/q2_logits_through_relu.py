"""The second layer keeps the default relu=True, so the 'logits' are clipped at 0."""
# medl-breaks: q2


def gcn_forward(A_hat, X, params):
    h = gcn_layer(A_hat, X, params["W1"], params["b1"])  # noqa: F821
    return gcn_layer(A_hat, h, params["W2"], params["b2"])  # noqa: F821
