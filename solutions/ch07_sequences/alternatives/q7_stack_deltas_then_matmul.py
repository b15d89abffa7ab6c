"""Only delta^<t> needs the loop: keep all T deltas in a (T, N, H) tensor, then each weight
gradient is one contraction over time and batch (einsum), and dx one batched product."""
# medl-alternative: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    deriv = 1 - hs * hs  # tanh'(z^<t>) for all t at once
    deltas = torch.empty_like(hs)
    carry = torch.zeros_like(h0)
    for t in range(x.shape[0] - 1, -1, -1):
        deltas[t] = (dhs[t] + carry) * deriv[t]
        carry = deltas[t] @ W_hh
    h_prev = torch.cat([h0[None], hs[:-1]])  # h^<t-1> for t = 1..T
    return (
        torch.einsum("tnh,hd->tnd", deltas, W_xh),
        carry,
        torch.einsum("tnh,tnd->hd", deltas, x),
        torch.einsum("tnh,tnk->hk", deltas, h_prev),
        deltas.sum(dim=(0, 1)),
    )
