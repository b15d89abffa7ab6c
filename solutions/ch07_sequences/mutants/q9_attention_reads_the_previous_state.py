"""Scores the encoder states with the previous decoder state s^<t-1> (Bahdanau's order)
and only then updates the state: a different decoder from eq. (7.13), which scores with the
new state s^<t>."""
# medl-breaks: q9

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    scores = (H_enc @ (s_prev @ p["W_a"])[:, :, None])[:, :, 0]
    alpha = torch.softmax(scores, dim=-1)
    c = (alpha[:, None, :] @ H_enc)[:, 0, :]
    s_new = gru_cell(p["emb"][y_prev], s_prev, p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])  # noqa: F821
    logits = torch.cat([s_new, c], dim=1) @ p["W_out"].T + p["b_out"]
    return logits, s_new, alpha
