"""Splits the heads by reshaping (N, T, E) straight to (N, h, T, d), and merges them back by
the inverse reshape: shapes work out, but every head mixes several positions."""
# medl-breaks: q4


def multi_head_attention(x_q, x_kv, params, num_heads, causal=False):
    p = params
    N, Tq, E = x_q.shape
    d = E // num_heads
    Q = (x_q @ p["W_q"].T + p["b_q"]).reshape(N, num_heads, Tq, d)
    K = (x_kv @ p["W_k"].T + p["b_k"]).reshape(N, num_heads, x_kv.shape[1], d)
    V = (x_kv @ p["W_v"].T + p["b_v"]).reshape(N, num_heads, x_kv.shape[1], d)
    out, _ = attention(Q, K, V, causal=causal)  # noqa: F821 - the notebook's attention
    return out.reshape(N, Tq, E) @ p["W_o"].T + p["b_o"]
