"""Starts the decoder from a zero state, as the encoder does, instead of the encoder's
summary h^<S>: only the attention still sees the source."""
# medl-breaks: q9

import torch


def greedy_decode(src, enc, dec, T_out, bos):
    N = src.shape[0]
    h0 = enc["W_hh"].new_zeros(N, enc["W_hh"].shape[1])
    x = enc["emb"][src].transpose(0, 1)
    hs, _ = gru_forward(x, h0, enc["W_ih"], enc["W_hh"], enc["b_ih"], enc["b_hh"])  # noqa: F821
    H_enc, s = hs.transpose(0, 1), h0
    y = torch.full((N,), bos, dtype=torch.int64)
    tokens, alphas = [], []
    for _ in range(T_out):
        logits, s, alpha = decoder_step(y, s, H_enc, dec)  # noqa: F821
        y = logits.argmax(dim=1)
        tokens.append(y)
        alphas.append(alpha)
    return torch.stack(tokens, dim=1), torch.stack(alphas, dim=1)
