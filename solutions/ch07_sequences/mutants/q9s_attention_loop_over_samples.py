"""Batches the GRU update but computes the attention of each sample in a Python loop (the
scores of sample n are H_enc[n] @ (W_a^T s_n)): correct, but N small products per step."""
# medl-breaks: q9s
# medl-alternative: q9

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    s_new = gru_cell(p["emb"][y_prev], s_prev, p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])  # noqa: F821
    q = s_new @ p["W_a"]  # (N, H)
    alpha = torch.empty(H_enc.shape[:2], dtype=H_enc.dtype)
    c = torch.empty_like(s_new)
    for n in range(H_enc.shape[0]):
        alpha[n] = torch.softmax(H_enc[n] @ q[n], dim=0)
        c[n] = alpha[n] @ H_enc[n]
    logits = torch.cat([s_new, c], dim=1) @ p["W_out"].T + p["b_out"]
    return logits, s_new, alpha
