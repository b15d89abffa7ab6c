"""Message passing edge by edge: out[i] += A_hat[i, j] * (H W)[j] for every nonzero (i, j).
Correct, but a Python iteration per edge (about 3,500 at the q1s size)."""
# medl-breaks: q1s

import torch


def gcn_layer(A_hat, H, W, b, relu=True):
    HW = H @ W
    out = torch.zeros(A_hat.shape[0], W.shape[1], dtype=HW.dtype, device=HW.device)
    for i, j in A_hat.nonzero().tolist():
        out[i] += A_hat[i, j] * HW[j]
    out = out + b
    return torch.relu(out) if relu else out
