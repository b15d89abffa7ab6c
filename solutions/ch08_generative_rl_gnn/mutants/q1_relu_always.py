"""gcn_layer applies the ReLU even when relu=False (the flag is ignored)."""
# medl-breaks: q1

import torch


def gcn_layer(A_hat, H, W, b, relu=True):
    return torch.relu(A_hat @ H @ W + b)
