"""q9: the attention decoder step (eqs. 7.13, 7.14) and greedy decoding (eq. 7.12 and a
loop of steps), against an answer key made of torch.nn.GRUCell / torch.nn.GRU with copied
weights, torch.softmax and einsum, in float64."""

import functools

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close, rows_are_probabilities

from ._checks import (
    TIGHT,
    keeps_dtype,
    randn,
    seq2seq_params,
    torch_decoder_step,
    torch_greedy,
    unpack,
)

NAMES = ("logits", "s_new", "alpha")


def _step_by_hand(y_prev, s_prev, H_enc, p, *, reads="s_new", W_a_T=False, scale=1.0, out="sc"):
    """Eqs. (7.13)-(7.14) with known mistakes: reads="s_prev" scores with the previous
    state; W_a_T uses W_a transposed; scale multiplies the scores; out="cs" reads
    cat([c, s]), "s_prev" the previous state in the output layer."""
    _, s, _ = torch_decoder_step(y_prev, s_prev, H_enc, p)
    q = s if reads == "s_new" else s_prev
    W_a = p["W_a"].T if W_a_T else p["W_a"]
    alpha = torch.softmax(scale * torch.einsum("nh,hk,nsk->ns", q, W_a, H_enc), dim=-1)
    c = torch.einsum("ns,nsh->nh", alpha, H_enc)
    first = {"sc": s, "cs": c, "s_prev": s_prev}[out]
    second = s if out == "cs" else c
    return torch.cat([first, second], dim=1) @ p["W_out"].T + p["b_out"], s, alpha


def _wrong_steps(y_prev, s_prev, H_enc, p):
    """Known wrong decoder steps: (hint, run), run() giving their (logits, s_new, alpha)."""
    H = s_prev.shape[1]

    def lazy(**kw):
        return functools.cache(lambda: _step_by_hand(y_prev, s_prev, H_enc, p, **kw))

    return [
        (
            "the attention scores use the previous state s^<t-1>; this decoder scores with the "
            "new state s^<t> = GRU(emb[y_prev], s^<t-1>) (eq. 7.13)",
            lazy(reads="s_prev"),
        ),
        (
            "W_a is used transposed: e_j = s^T W_a h_j is (s @ W_a) . h_j in rows",
            lazy(W_a_T=True),
        ),
        (
            "the scores are divided by sqrt(H); the bilinear score of eq. (7.13) is not scaled",
            lazy(scale=H**-0.5),
        ),
        (
            "the output layer reads cat([c, s_new]); eq. (7.14) stacks the state first: "
            "cat([s_new, c])",
            lazy(out="cs"),
        ),
        (
            "the output layer reads the previous state; it reads the new one, cat([s_new, c])",
            lazy(out="s_prev"),
        ),
        (
            "the softmax runs over the batch (dim=0); each row n is a probability vector over "
            "the S source positions (dim=1)",
            functools.cache(lambda: _softmax_over_batch(y_prev, s_prev, H_enc, p)),
        ),
    ]


def _softmax_over_batch(y_prev, s_prev, H_enc, p):
    _, s, _ = torch_decoder_step(y_prev, s_prev, H_enc, p)
    alpha = torch.softmax(torch.einsum("nh,hk,nsk->ns", s, p["W_a"], H_enc), dim=0)
    c = torch.einsum("ns,nsh->nh", alpha, H_enc)
    return torch.cat([s, c], dim=1) @ p["W_out"].T + p["b_out"], s, alpha


def _step_case(rng, N, S, H, M, V, K, scale=1.0, dtype=torch.float64):
    _, dec = seq2seq_params(rng, V, K, M, H, dtype=dtype)
    y_prev = torch.from_numpy(rng.integers(0, V, size=N))
    return y_prev, randn(rng, N, H, dtype=dtype), randn(rng, N, S, H, scale=scale, dtype=dtype), dec


def check_step(got, args, what, rtol=1e-9, atol=1e-11):
    """Assert (logits, s_new, alpha) from decoder_step(*args) against the answer key, alpha
    first (its mistakes are the likeliest), then s_new, then logits."""
    want = torch_decoder_step(*args)
    wrong = _wrong_steps(*args)
    got = unpack(got, 3, "decoder_step")
    for i in (2, 1, 0):
        name = f"{NAMES[i]} from {what}"
        close(
            keeps_dtype(got[i], want[i], name),
            want[i],
            rtol=rtol,
            atol=atol,
            what=name,
            mistakes=[(hint, lambda run=run, i=i: run()[i]) for hint, run in wrong],
        )


# (N, S, H, M, V, K): N != S so that a batch/time mix-up shows; M == H in one
STEP_SIZES = [(1, 1, 1, 1, 2, 2), (3, 5, 4, 6, 11, 10), (4, 3, 5, 5, 7, 6), (6, 8, 3, 2, 5, 4)]


@question("q9", points=1.5)
def test_decoder_step_matches_the_answer_key(student, rng):
    """Are logits, s_new and alpha those of eqs. (7.13)-(7.14) (torch.nn.GRUCell, softmax of
    the bilinear scores, context, output layer), for several sizes?"""
    for N, S, H, M, V, K in STEP_SIZES:
        args = _step_case(rng, N, S, H, M, V, K)
        what = f"decoder_step with (N, S, H, M, V, K) = {(N, S, H, M, V, K)}"
        check_step(student.decoder_step(*args), args, what)


@question("q9", points=1)
def test_decoder_step_attention_is_stable_and_keeps_float32(student, rng):
    """With scores of order 1e4, are the weights finite probability vectors and right? Do
    float32 inputs give float32 outputs?"""
    args = _step_case(rng, 5, 7, 6, 4, 9, 8, scale=3000.0)  # scores of order 1e3-1e4
    got = unpack(student.decoder_step(*args), 3, "decoder_step")
    what = "decoder_step with encoder states of order 3000 (scores of order 1e4)"
    rows_are_probabilities(as_array(got[2], f"alpha from {what}"), what=f"alpha from {what}")
    check_step(got, args, what, atol=1e-300)
    args = _step_case(rng, 4, 6, 5, 3, 7, 6)
    args32 = (args[0], args[1].float(), args[2].float(), {k: v.float() for k, v in args[3].items()})
    got = unpack(student.decoder_step(*args32), 3, "decoder_step")
    for g, want, name in zip(got, torch_decoder_step(*args), NAMES, strict=True):
        what = f"{name} from decoder_step with float32 inputs"
        close(keeps_dtype(g, want, what, np.float32), want, rtol=1e-4, atol=1e-5, what=what)


def _greedy_case(rng, N, S, H, M, K):
    V = K + 1  # the digits and the start token
    enc, dec = seq2seq_params(rng, V, K, M, H)
    return torch.from_numpy(rng.integers(0, K, size=(N, S))), enc, dec, K


def _greedy_mistakes(src, enc, dec, T_out, bos, which):
    """Known wrong decodings: part ``which`` (0 tokens, 1 alphas)."""
    N, H = src.shape[0], dec["W_hh"].shape[1]

    def last_state_ignored():
        return torch_greedy(src, enc, dec, T_out, bos, s0=torch.zeros(N, H, dtype=torch.float64))

    return [
        (
            "the decoder starts from a zero state; it starts from the encoder's last state h^<S>",
            lambda: last_state_ignored()[which],
        ),
        (
            "the first input token is 0; it is bos, the start token",
            lambda: torch_greedy(src, enc, dec, T_out, bos, y0=0)[which],
        ),
    ]


@question("q9", points=1)
def test_greedy_decode_matches_the_answer_key(student, rng):
    """Are the tokens (int64) and the attention weights of every step those of the answer
    key's greedy decoding, for T_out below, at and above S?"""
    for N, S, H, M, K, T_out in [(3, 5, 4, 3, 6, 5), (4, 2, 6, 6, 9, 5), (2, 7, 3, 4, 4, 3)]:
        src, enc, dec, bos = _greedy_case(rng, N, S, H, M, K)
        tokens, alphas = torch_greedy(src, enc, dec, T_out, bos)
        what = f"greedy_decode with (N, S, H, M, K) = {(N, S, H, M, K)} and T_out = {T_out}"
        got = unpack(student.greedy_decode(src, enc, dec, T_out, bos), 2, "greedy_decode")
        tok = as_array(got[0], f"tokens from {what}")
        if tok.shape != tuple(tokens.shape) or tok.dtype != np.int64:
            raise AssertionError(
                f"tokens from {what}: shape {tok.shape} and dtype {tok.dtype}, expected "
                f"(N, T_out) = {tuple(tokens.shape)} and int64 (argmax gives int64)"
            )
        close(
            tok,
            tokens,
            rtol=0,
            atol=0,
            what=f"tokens from {what}",
            mistakes=_greedy_mistakes(src, enc, dec, T_out, bos, 0),
        )
        close(
            got[1],
            alphas,
            **TIGHT,
            what=f"alphas from {what}",
            mistakes=_greedy_mistakes(src, enc, dec, T_out, bos, 1),
        )


@question("q9", points=0.5)
def test_greedy_decode_breaks_ties_to_the_lowest_index(student, rng):
    """When two tokens' logits are exactly equal and largest, is the lower index chosen (as
    torch.argmax does), and fed back?"""
    N, S, H, M, K, T_out = 6, 4, 5, 3, 8, 5
    for _ in range(20):  # the seed follows the submission: redraw until the tie decides a token
        src, enc, dec, bos = _greedy_case(rng, N, S, H, M, K)
        low, high = sorted(rng.choice(K, size=2, replace=False).tolist())
        dec["W_out"] = dec["W_out"].clone()
        dec["b_out"] = dec["b_out"].clone()
        dec["W_out"][[low, high]] = 0.0  # the two logits are exactly b_out: a tie
        dec["b_out"][[low, high]] = 4.0  # the largest for most samples and steps
        tokens, _ = torch_greedy(src, enc, dec, T_out, bos)
        if (tokens == low).any():
            break
    else:  # pragma: no cover - one draw in a few keeps the tie out of play
        raise RuntimeError("the tie never decides a token in 20 draws: change the test's sizes")
    b_high = dec["b_out"].clone()
    b_high[high] += 1e-6  # where the tie decides, the higher index wins
    got = unpack(student.greedy_decode(src, enc, dec, T_out, bos), 2, "greedy_decode")
    close(
        as_array(got[0], "tokens from greedy_decode"),
        tokens,
        rtol=0,
        atol=0,
        what=f"tokens from greedy_decode when tokens {low} and {high} tie (ties: the lowest index)",
        mistakes=[
            (
                f"the tie goes to the higher index {high}; argmax takes the first maximum",
                lambda: torch_greedy(src, enc, dec | {"b_out": b_high}, T_out, bos)[0],
            )
        ],
    )
