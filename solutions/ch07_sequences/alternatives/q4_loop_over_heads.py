"""One head at a time: slice each head's rows of W_q, W_k, W_v (and biases), attend, and
concatenate the h outputs along the last axis before the output projection."""
# medl-alternative: q4, q6

import torch


def multi_head_attention(x_q, x_kv, params, num_heads, causal=False):
    p = params
    E = x_q.shape[-1]
    d = E // num_heads
    outs = []
    for m in range(num_heads):
        rows = slice(m * d, (m + 1) * d)
        Q = x_q @ p["W_q"][rows].T + p["b_q"][rows]  # (N, Tq, d)
        K = x_kv @ p["W_k"][rows].T + p["b_k"][rows]
        V = x_kv @ p["W_v"][rows].T + p["b_v"][rows]
        out, _ = attention(Q, K, V, causal=causal)  # noqa: F821 - the notebook's attention
        outs.append(out)
    return torch.cat(outs, dim=-1) @ p["W_o"].T + p["b_o"]
