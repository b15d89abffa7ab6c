"""Greedy decoding into preallocated outputs, with torch.max for the best token (its
indices are the first maximum, like argmax) and the encoder run one step at a time."""
# medl-alternative: q9

import torch


def greedy_decode(src, enc, dec, T_out, bos):
    N, S = src.shape
    H = enc["W_hh"].shape[1]
    s = enc["W_hh"].new_zeros(N, H)
    states = []
    for j in range(S):
        s = gru_cell(enc["emb"][src[:, j]], s, enc["W_ih"], enc["W_hh"], enc["b_ih"], enc["b_hh"])  # noqa: F821
        states.append(s)
    H_enc = torch.stack(states, dim=1)  # (N, S, H)
    tokens = torch.empty(N, T_out, dtype=torch.int64)
    alphas = H_enc.new_empty(N, T_out, S)
    y = torch.full((N,), bos, dtype=torch.int64)
    for t in range(T_out):
        logits, s, alphas[:, t] = decoder_step(y, s, H_enc, dec)  # noqa: F821
        y = torch.max(logits, dim=1).indices
        tokens[:, t] = y
    return tokens, alphas
