"""Runs the decoder step one sample at a time (a Python loop over the batch): correct, so
full marks on q9, but far slower than one batched step."""
# medl-breaks: q9s
# medl-alternative: q9

import torch


def decoder_step(y_prev, s_prev, H_enc, params):
    p = params
    logits, s_new, alpha = [], [], []
    for n in range(s_prev.shape[0]):
        s = gru_cell(  # noqa: F821
            p["emb"][y_prev[n]][None], s_prev[n][None], p["W_ih"], p["W_hh"], p["b_ih"], p["b_hh"]
        )[0]
        a = torch.softmax(H_enc[n] @ (p["W_a"].T @ s), dim=0)  # (S,)
        c = a @ H_enc[n]
        logits.append(p["W_out"] @ torch.cat([s, c]) + p["b_out"])
        s_new.append(s)
        alpha.append(a)
    return torch.stack(logits), torch.stack(s_new), torch.stack(alpha)
