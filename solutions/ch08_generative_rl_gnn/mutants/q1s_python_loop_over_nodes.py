"""Message passing written node by node: for each node, gather its neighbours' rows of H W and
sum them with their weights. Correct (full marks on q1) but about 8-10x the reference's time at
the q1s size on one CPU thread."""
# medl-breaks: q1s
# medl-alternative: q1

import torch


def gcn_layer(A_hat, H, W, b, relu=True):
    HW = H @ W
    out = torch.empty(A_hat.shape[0], W.shape[1], dtype=HW.dtype, device=HW.device)
    for i in range(A_hat.shape[0]):
        nbrs = A_hat[i].nonzero().squeeze(1)
        out[i] = A_hat[i, nbrs] @ HW[nbrs]
    out = out + b
    return torch.relu(out) if relu else out
