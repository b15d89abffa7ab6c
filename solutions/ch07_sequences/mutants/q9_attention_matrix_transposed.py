"""Computes the bilinear scores as W_a s . h_j, i.e. s^T W_a^T h_j: the query is
multiplied by W_a from the wrong side (in rows, s^T W_a is s @ W_a)."""
# medl-breaks: q9

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    s_new = gru_cell(p["emb"][y_prev], s_prev, p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])  # noqa: F821
    scores = torch.einsum("nh,nsh->ns", s_new @ p["W_a"].T, H_enc)
    alpha = torch.softmax(scores, dim=-1)
    c = torch.einsum("ns,nsh->nh", alpha, H_enc)
    logits = torch.cat([s_new, c], dim=1) @ p["W_out"].T + p["b_out"]
    return logits, s_new, alpha
