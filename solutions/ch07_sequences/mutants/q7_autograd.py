"""Lets autograd do the work: re-runs the forward pass with requires_grad and calls
torch.autograd.grad. Right numbers, but autograd is forbidden in q7 (the static scan)."""
# medl-breaks: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    x, h0, W_xh, W_hh = (a.detach().clone().requires_grad_() for a in (x, h0, W_xh, W_hh))
    # b is not an argument: recover it from the first step, atanh(h^<1>) - the two products
    b = torch.atanh(hs[0]) - x[0].detach() @ W_xh.detach().T - h0.detach() @ W_hh.detach().T
    b = b.mean(dim=0).requires_grad_()
    h, out = h0, []
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ W_xh.T + h @ W_hh.T + b)
        out.append(h)
    return torch.autograd.grad(torch.stack(out), (x, h0, W_xh, W_hh, b), dhs)
