"""Writes the attention's softmax inline as exp(e) / sum exp(e), without the maximum:
right for small scores, NaN once a score passes ~709."""
# medl-breaks: q9

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    s_new = gru_cell(p["emb"][y_prev], s_prev, p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])  # noqa: F821
    e = torch.exp((H_enc @ (s_new @ p["W_a"])[:, :, None])[:, :, 0])
    alpha = e / e.sum(dim=1, keepdim=True)
    c = (alpha[:, None, :] @ H_enc)[:, 0, :]
    logits = torch.cat([s_new, c], dim=1) @ p["W_out"].T + p["b_out"]
    return logits, s_new, alpha
