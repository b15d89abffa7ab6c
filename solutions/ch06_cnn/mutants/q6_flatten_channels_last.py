"""cnn_forward flattens the (N, 16, 2, 2) features channels-last, (N, 2, 2, 16), so W3 meets
the features in another order than the table's row-major reshape(N, 64)."""
# medl-breaks: q6

import torch


def cnn_forward(params, x):
    h = maxpool2d_forward(torch.relu(conv2d_fast(x, params["W1"], params["b1"], 1, 1)), 2)  # noqa: F821
    h = maxpool2d_forward(torch.relu(conv2d_fast(h, params["W2"], params["b2"], 1, 1)), 2)  # noqa: F821
    return h.permute(0, 2, 3, 1).reshape(x.shape[0], 64) @ params["W3"].T + params["b3"]
