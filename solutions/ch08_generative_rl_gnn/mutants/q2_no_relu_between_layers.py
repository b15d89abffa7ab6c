"""Stacks two linear graph convolutions: without the ReLU between them the network collapses
to A_hat^2 X W1 W2 + ..., a linear model."""
# medl-breaks: q2

import torch  # noqa: F401


def gcn_forward(A_hat, X, params):
    h = gcn_layer(A_hat, X, params["W1"], params["b1"], relu=False)  # noqa: F821
    return gcn_layer(A_hat, h, params["W2"], params["b2"], relu=False)  # noqa: F821
