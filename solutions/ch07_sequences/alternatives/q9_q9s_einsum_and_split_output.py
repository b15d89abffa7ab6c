"""The scores and the context with torch.einsum, torch.softmax for the weights, and the
output layer split into its state and context halves instead of a concatenation."""
# medl-alternative: q9, q9s

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    H = s_prev.shape[1]
    s_new = gru_cell(p["emb"][y_prev], s_prev, p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"])  # noqa: F821
    alpha = torch.softmax(torch.einsum("nh,hk,nsk->ns", s_new, p["W_a"], H_enc), dim=1)
    c = torch.einsum("ns,nsh->nh", alpha, H_enc)
    W_s, W_c = p["W_out"][:, :H], p["W_out"][:, H:]
    return s_new @ W_s.T + c @ W_c.T + p["b_out"], s_new, alpha
