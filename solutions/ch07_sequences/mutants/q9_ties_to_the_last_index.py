"""Picks the best token by sorting the logits and taking the last one: the same as argmax
except on ties, where the (stable) sort puts the higher index last."""
# medl-breaks: q9

import torch


def greedy_decode(src, enc, dec, T_out, bos):
    N = src.shape[0]
    h0 = enc["W_hh"].new_zeros(N, enc["W_hh"].shape[1])
    x = enc["emb"][src].transpose(0, 1)
    hs, s = gru_forward(x, h0, enc["W_ih"], enc["W_hh"], enc["b_ih"], enc["b_hh"])  # noqa: F821
    H_enc = hs.transpose(0, 1)
    y = torch.full((N,), bos, dtype=torch.int64)
    tokens, alphas = [], []
    for _ in range(T_out):
        logits, s, alpha = decoder_step(y, s, H_enc, dec)  # noqa: F821
        y = torch.sort(logits, dim=1, stable=True).indices[:, -1]
        tokens.append(y)
        alphas.append(alpha)
    return torch.stack(tokens, dim=1), torch.stack(alphas, dim=1)
