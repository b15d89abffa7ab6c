"""Helpers shared by the ch07 hidden tests: random tensors, the torch.nn answer keys with
copied weights, and the chapter's dtype rule. Named mistakes go through
shared.compare.close(..., mistakes=)."""

import numpy as np
import torch
from torch import nn

from shared.compare import as_array

#: float64 comparisons against torch's answer keys
TIGHT = {"rtol": 1e-9, "atol": 1e-11}


def randn(rng, *shape, scale=1.0, dtype=torch.float64):
    """A standard normal tensor (times scale) drawn from the test's numpy Generator."""
    return (scale * torch.from_numpy(rng.standard_normal(shape))).to(dtype)


def keeps_dtype(got, want, what, dtype=np.float64):
    """got as an array; when it has want's shape but not ``dtype``, a readable error (a
    float64 input stays float64; the output contract only checks the dtype family)."""
    g = as_array(got, what)
    if g.shape == tuple(want.shape) and g.dtype != dtype:
        raise AssertionError(
            f"{what}: the output is {g.dtype}, expected {np.dtype(dtype)} "
            "(the dtype of the inputs, or the one the docstring names)"
        )
    return g


def unpack(got, n, what):
    """got as a tuple of n values, or a readable error."""
    if not isinstance(got, (tuple, list)) or len(got) != n:
        kind = type(got).__name__
        raise AssertionError(
            f"{what} should return a tuple of {n} tensors, got {kind}"
            + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else "")
        )
    return tuple(got)


# --------------------------------------------------------------------------- recurrent


def torch_rnn(x, h0, W_xh, W_hh, b):
    """torch.nn.RNN (tanh) with our weights: all hidden states (T, N, H)."""
    rnn = nn.RNN(W_xh.shape[1], W_xh.shape[0]).to(x.dtype)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(W_xh)
        rnn.weight_hh_l0.copy_(W_hh)
        rnn.bias_ih_l0.copy_(b)
        rnn.bias_hh_l0.zero_()
        return rnn(x, h0[None])[0]


def lstm_weights(rng, D, H, scale=0.5, dtype=torch.float64):
    """(W_ih, W_hh, b_ih, b_hh) in torch.nn.LSTM's stacked (i, f, g, o) layout."""
    return (
        randn(rng, 4 * H, D, scale=scale, dtype=dtype),
        randn(rng, 4 * H, H, scale=scale, dtype=dtype),
        randn(rng, 4 * H, dtype=dtype),
        randn(rng, 4 * H, dtype=dtype),
    )


def torch_lstm(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """torch.nn.LSTM with our weights: (hs, h_T, c_T)."""
    lstm = nn.LSTM(W_ih.shape[1], h0.shape[1]).to(x.dtype)
    with torch.no_grad():
        for name, value in zip(
            ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
            (W_ih, W_hh, b_ih, b_hh),
            strict=True,
        ):
            getattr(lstm, name).copy_(value)
        hs, (h_T, c_T) = lstm(x, (h0[None], c0[None]))
    return hs, h_T[0], c_T[0]


def permute_gates(W, order):
    """Re-stack the four (H, ...) blocks of W, stored (i, f, g, o), in another order."""
    blocks = dict(zip("ifgo", W.chunk(4, dim=0), strict=True))
    return torch.cat([blocks[k] for k in order])


# --------------------------------------------------------------------------- attention


def mha_params(rng, E, dtype=torch.float64):
    """Random parameters for multi_head_attention."""
    p = {f"W_{s}": randn(rng, E, E, scale=E**-0.5, dtype=dtype) for s in "qkvo"}
    p |= {f"b_{s}": randn(rng, E, scale=0.3, dtype=dtype) for s in "qkvo"}
    return p


def _load_mha(mha, p):
    mha.in_proj_weight.copy_(torch.cat([p["W_q"], p["W_k"], p["W_v"]]))
    mha.in_proj_bias.copy_(torch.cat([p["b_q"], p["b_k"], p["b_v"]]))
    mha.out_proj.weight.copy_(p["W_o"])
    mha.out_proj.bias.copy_(p["b_o"])


def future_mask(T):
    """torch.nn's convention: True where attention is NOT allowed (keys j > t)."""
    return torch.ones(T, T, dtype=torch.bool).triu(1)


def torch_mha(x_q, x_kv, p, num_heads, causal=False):
    """torch.nn.MultiheadAttention (batch_first) with our weights."""
    mha = nn.MultiheadAttention(x_q.shape[-1], num_heads, batch_first=True).to(x_q.dtype)
    with torch.no_grad():
        _load_mha(mha, p)
        mask = future_mask(x_q.shape[1]) if causal else None
        return mha(x_q, x_kv, x_kv, attn_mask=mask, need_weights=False)[0]


def block_params(rng, E, F, dtype=torch.float64):
    """Random parameters for encoder_block."""
    p = mha_params(rng, E, dtype)
    p |= {
        "gamma1": 1 + randn(rng, E, scale=0.3, dtype=dtype),
        "beta1": randn(rng, E, scale=0.3, dtype=dtype),
        "gamma2": 1 + randn(rng, E, scale=0.3, dtype=dtype),
        "beta2": randn(rng, E, scale=0.3, dtype=dtype),
        "W1": randn(rng, F, E, scale=E**-0.5, dtype=dtype),
        "b1": randn(rng, F, scale=0.3, dtype=dtype),
        "W2": randn(rng, E, F, scale=F**-0.5, dtype=dtype),
        "b2": randn(rng, E, scale=0.3, dtype=dtype),
    }
    return p


def block_by_hand(x, p, num_heads, causal=False, eps=1e-5, ffn_residual=True):
    """Eq. (7.8) from torch.nn.functional pieces, with the feed-forward residual switchable."""
    E = x.shape[-1]
    a = torch.nn.functional.layer_norm(x, (E,), p["gamma1"], p["beta1"], eps)
    y = x + torch_mha(a, a, p, num_heads, causal)
    u = torch.nn.functional.layer_norm(y, (E,), p["gamma2"], p["beta2"], eps)
    ffn = torch.relu(u @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
    return y + ffn if ffn_residual else ffn


def torch_block(x, p, num_heads, causal=False, eps=1e-5, norm_first=True):
    """torch.nn.TransformerEncoderLayer (ReLU, no dropout) with our weights."""
    E, F = x.shape[-1], p["W1"].shape[0]
    layer = nn.TransformerEncoderLayer(
        E, num_heads, F, dropout=0.0, batch_first=True, norm_first=norm_first, layer_norm_eps=eps
    )
    layer = layer.to(x.dtype).train()  # train mode: the plain path, not the fused one
    with torch.no_grad():
        _load_mha(layer.self_attn, p)
        for mod, w, b in (
            (layer.norm1, "gamma1", "beta1"),
            (layer.norm2, "gamma2", "beta2"),
            (layer.linear1, "W1", "b1"),
            (layer.linear2, "W2", "b2"),
        ):
            mod.weight.copy_(p[w])
            mod.bias.copy_(p[b])
        mask = future_mask(x.shape[1]) if causal else None
        return layer(x, src_mask=mask)


# --------------------------------------------------------------------------- GRU and seq2seq

GRU_KEYS = ("W_ih", "W_hh", "b_ih", "b_hh")


def gru_weights(rng, D, H, scale=0.5, dtype=torch.float64):
    """(W_ih, W_hh, b_ih, b_hh) in torch.nn.GRU's stacked (r, z, n) layout."""
    return (
        randn(rng, 3 * H, D, scale=scale, dtype=dtype),
        randn(rng, 3 * H, H, scale=scale, dtype=dtype),
        randn(rng, 3 * H, dtype=dtype),
        randn(rng, 3 * H, dtype=dtype),
    )


def torch_gru(x, h0, W_ih, W_hh, b_ih, b_hh):
    """torch.nn.GRU with our weights: (hs, h_T)."""
    gru = nn.GRU(W_ih.shape[1], h0.shape[1]).to(x.dtype)
    with torch.no_grad():
        for name, value in zip(
            ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
            (W_ih, W_hh, b_ih, b_hh),
            strict=True,
        ):
            getattr(gru, name).copy_(value)
        hs, h_T = gru(x, h0[None])
    return hs, h_T[0]


def seq2seq_params(rng, V, K, M, H, dtype=torch.float64):
    """Random (enc, dec) parameter dictionaries for greedy_decode / decoder_step."""
    enc = {"emb": randn(rng, V, M, dtype=dtype)}
    enc |= dict(zip(GRU_KEYS, gru_weights(rng, M, H, dtype=dtype), strict=True))
    dec = {"emb": randn(rng, V, M, dtype=dtype)}
    dec |= dict(zip(GRU_KEYS, gru_weights(rng, M, H, dtype=dtype), strict=True))
    dec |= {
        "W_a": randn(rng, H, H, scale=H**-0.5, dtype=dtype),
        "W_out": randn(rng, K, 2 * H, dtype=dtype),
        "b_out": randn(rng, K, dtype=dtype),
    }
    return enc, dec


def torch_decoder_step(y_prev, s_prev, H_enc, p):
    """Eqs. (7.13)-(7.14) from torch.nn.GRUCell, torch.softmax and einsum: (logits, s, alpha)."""
    cell = nn.GRUCell(p["emb"].shape[1], s_prev.shape[1]).to(s_prev.dtype)
    with torch.no_grad():
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        for name, key in zip(names, GRU_KEYS, strict=True):
            getattr(cell, name).copy_(p[key])
        s = cell(p["emb"][y_prev], s_prev)
    alpha = torch.softmax(torch.einsum("nh,hk,nsk->ns", s, p["W_a"], H_enc), dim=-1)
    c = torch.einsum("ns,nsh->nh", alpha, H_enc)
    return torch.cat([s, c], dim=1) @ p["W_out"].T + p["b_out"], s, alpha


def torch_encode(src, enc):
    """Eq. (7.12) with torch.nn.GRU from the zero state: (H_enc (N, S, H), h_S (N, H))."""
    N, H = src.shape[0], enc["W_hh"].shape[1]
    h0 = torch.zeros(N, H, dtype=enc["W_hh"].dtype)
    hs, h_S = torch_gru(enc["emb"][src].transpose(0, 1), h0, *(enc[k] for k in GRU_KEYS))
    return hs.transpose(0, 1), h_S


def torch_greedy(src, enc, dec, T_out, bos, step=torch_decoder_step, s0=None, y0=None):
    """Greedy decoding with the answer key's step: (tokens (N, T_out), alphas (N, T_out, S)).
    step, s0 (the first state) and y0 (the first token) can be replaced by known mistakes."""
    H_enc, s = torch_encode(src, enc)
    s = s if s0 is None else s0
    y = torch.full((src.shape[0],), bos if y0 is None else y0, dtype=torch.int64)
    tokens, alphas = [], []
    for _ in range(T_out):
        logits, s, alpha = step(y, s, H_enc, dec)
        y = logits.argmax(dim=1)
        tokens.append(y)
        alphas.append(alpha)
    return torch.stack(tokens, dim=1), torch.stack(alphas, dim=1)
