"""The helpers students and hidden tests share: messages that point at the problem."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from shared.compare import close, named_mistake, rows_are_probabilities, same_shape
from shared.gradcheck import numeric_gradient, relative_error
from shared.visible import RESULTS, verdict


def message(fn, *args, **kw) -> str:
    with pytest.raises(AssertionError) as info:
        fn(*args, **kw)
    return str(info.value)


def test_close_names_the_worst_entry_and_counts_the_rest():
    want = np.zeros((3, 4))
    got = want.copy()
    got[2, 1], got[0, 0] = 0.5, 1e-3
    msg = message(close, got, want, what="dW^[2]")
    assert msg == (
        "dW^[2][2,1]: yours 0.5, expected 0; 10 of 12 entries match (rtol=1e-06, atol=1e-08)"
    )


def test_close_explains_shape_problems():
    assert "(transposed?)" in message(close, np.zeros((4, 3)), np.zeros((3, 4)), what="Z")
    assert "reshape or a missing axis" in message(close, np.zeros(6), np.zeros((2, 3)))
    assert "shape (2,), expected (3,)" in message(close, np.zeros(2), np.zeros(3))


def test_close_flags_nan_and_overflow_even_with_loose_tolerances():
    msg = message(close, [1.0, np.nan], [1.0, 2.0], atol=1e9, what="softmax(z)")
    assert msg.startswith("softmax(z)[1] is nan but should be 2") and "overflow" in msg


def test_close_accepts_tensors_lists_and_matching_infinities():
    close(torch.tensor([1.0, 2.0]), [1.0, 2.0])
    close([np.inf, 1.0], [np.inf, 1.0])
    assert "yours -inf" in message(close, [-np.inf], [np.inf])


def test_close_rejects_non_numbers_and_none():
    assert "did the function forget to return" in message(close, None, [1.0])
    assert "not numbers" in message(close, ["a", "b"], [1.0, 2.0])


def test_long_descriptions_get_a_readable_index():
    msg = message(close, np.ones((2, 2)), np.zeros((2, 2)), what="standardize(X) for X (2, 2)")
    assert msg.startswith("standardize(X) for X (2, 2), entry [0,0]: yours 1")


def test_rows_are_probabilities_says_which_row():
    p = np.full((3, 4), 0.25)
    p[1] *= 0.73
    assert (
        message(rows_are_probabilities, p, what="y_hat")
        == "y_hat: row 1 does not sum to 1 (sum = 0.73)"
    )
    assert "is negative" in message(rows_are_probabilities, [[1.5, -0.5]])
    rows_are_probabilities(np.full((2, 5), 0.2))


def test_same_shape():
    assert same_shape([[1, 2]], (1, 2)).shape == (1, 2)
    assert "shape (1, 2), expected (2,)" in message(same_shape, [[1, 2]], (2,))


def test_numeric_gradient_matches_an_analytic_gradient():
    A = np.random.default_rng(0).normal(size=(3, 3))
    x = np.array([0.3, -1.2, 2.0])
    num = numeric_gradient(lambda v: float(v @ A @ v), x)
    assert relative_error(num, (A + A.T) @ x) < 1e-8
    assert relative_error(num, A @ x) > 1e-3  # a wrong gradient is told apart


def test_relative_error_ignores_noise_on_entries_that_are_zero():
    exact = np.array([1.0, 0.0, -2.0])
    noisy = exact + np.array([0.0, 3e-11, 0.0])  # finite-difference noise on a zero entry
    assert relative_error(noisy, exact) < 1e-9
    assert relative_error(np.zeros(3), exact) == 1.0


def test_verdict_prints_and_records_each_outcome(capsys):
    RESULTS.clear()
    with verdict("q1 ok"):
        pass
    with verdict("q2 wrong"):
        raise AssertionError("x[0]: yours 1, expected 2")
    with verdict("q3 stub"):
        raise NotImplementedError("ch01.q3 f")
    with verdict("q4 crash"):
        {}["k"]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "q1 ok: passed"
    assert out[1] == "q2 wrong: FAILED - x[0]: yours 1, expected 2"
    assert out[2] == "q3 stub: TODO - not implemented yet (ch01.q3 f)"
    assert out[3].startswith("q4 crash: ERROR - KeyError: 'k' (line")
    assert [v.status for v in RESULTS] == ["passed", "failed", "todo", "error"]


def test_close_names_the_mistake_the_answer_matches():
    want = np.array([1.0, 2.0, 3.0])
    mistakes = [("a shape that cannot match", np.zeros(2)), ("the sign is flipped", lambda: -want)]
    with pytest.raises(AssertionError, match=r"\(the sign is flipped\)$"):
        close(-want, want, what="g", mistakes=mistakes)
    with pytest.raises(AssertionError) as info:  # wrong, but no known mistake: no hint
        close(want + 1, want, what="g", mistakes=mistakes)
    assert "sign" not in str(info.value)
    close(want, want, mistakes=mistakes)  # right: nothing raised, nothing evaluated


def test_named_mistake_skips_values_that_cannot_be_formed():
    def boom():
        raise RuntimeError("not for these inputs")

    assert (
        named_mistake(np.ones(3), [("boom", boom), ("none", None), ("ones", np.ones(3))]) == "ones"
    )
    assert named_mistake("not numbers", [("x", np.ones(3))]) is None
    assert named_mistake(np.array([np.nan, 1.0]), [("nan", np.array([np.nan, 1.0]))]) == "nan"
