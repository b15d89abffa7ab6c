"""Divides the scores by sqrt(H), the transformer's habit (eq. 7.3); the bilinear score of
eq. (7.13) has a learned W_a and no scaling."""
# medl-breaks: q9

import math

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    s_new = gru_cell(p["emb"][y_prev], s_prev, p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])  # noqa: F821
    scores = (H_enc @ (s_new @ p["W_a"])[:, :, None])[:, :, 0] / math.sqrt(s_new.shape[1])
    alpha = torch.softmax(scores, dim=-1)
    c = (alpha[:, None, :] @ H_enc)[:, 0, :]
    logits = torch.cat([s_new, c], dim=1) @ p["W_out"].T + p["b_out"]
    return logits, s_new, alpha
