"""`medl mutate`: standard mutation operators on reference functions, graded for real."""

from __future__ import annotations

import pytest

from autograder.authoring.mutation.operators import mutants_of
from autograder.cli import main

SRC = '''def f(X, eps=1e-8, flag=True):
    """Docstring with 1 + 2 and x > 0 must stay as it is."""
    Z = X.copy()
    for i in range(len(Z)):
        Z[i, :3] += eps
    return -(Z.T @ X).max(axis=0) if flag and X.ndim >= 2 else Z
'''


def test_each_operator_fires_once_per_site_and_spares_docstring_and_signature():
    ms = mutants_of(SRC)
    ops = {m.operator for m in ms}
    assert {"inplace", "range", "slice", "augassign", "transpose", "arith", "reduce"} <= ops
    assert {"negate", "bool", "compare", "number"} <= ops
    for m in ms:
        assert m.source != SRC
        assert '"""Docstring with 1 + 2 and x > 0 must stay as it is."""' in m.source
        assert m.source.startswith("def f(X, eps=1e-8, flag=True):")
        pairs = zip(m.source.splitlines(), SRC.splitlines(), strict=True)
        changed = [a for a, b in pairs if a != b]
        assert len(changed) == 1, m.id  # one change per mutant
    ids = [m.id for m in ms]
    assert "L3 inplace: X.copy() -> X" in ids
    assert "L6 bool: flag and X.ndim >= 2 -> flag or X.ndim >= 2" in ids
    assert "L4 range: range(len(Z)) -> range(len(Z) - 1)" in ids
    assert "L6 arith: (Z.T @ X) -> (Z.T * X)" in ids


def test_a_non_function_is_refused():
    with pytest.raises(ValueError):
        mutants_of("x = 1\n")


def test_medl_mutate_grades_every_mutant_and_closes_with_one_line_per_question(
    toy_root, monkeypatch, capsys
):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    code = main(["mutate", "toy01", "--jobs", "2"])
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.startswith(("q1:", "q2:"))]
    assert len(lines) == 2, out
    for ln in lines:
        killed, total = (int(w) for w in ln.split("killed ")[1].split(" (")[0].split(" of "))
        assert 0 < killed <= total
    assert code in (0, 1)


def test_bad_arguments_are_one_line_errors(toy_root, monkeypatch, capsys):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    assert main(["mutate", "toy01", "--question", "q9"]) == 2
    assert "toy01 has no question q9" in capsys.readouterr().err
    assert main(["mutate", "toy01", "--jobs", "0"]) == 2


@pytest.mark.slow
@pytest.mark.parametrize("aid,qid", [("ch01", "q3"), ("ch07", "q1")])
def test_a_sample_of_real_mechanical_mutants_is_killed(aid, qid, capsys):
    """CI's sample of the full run in docs/test-power.md: every question kills >= 90%."""
    code = main(["mutate", aid, "--question", qid, "--sample", "6", "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 0, out
    line = next(ln for ln in out.splitlines() if ln.startswith(f"{qid}: killed "))
    killed, made = (int(w) for w in line.split("killed ")[1].split(" (")[0].split(" of "))
    assert made >= 5 and killed >= 0.9 * made, line


def test_a_dropped_term_keeps_its_parentheses_and_every_mutant_compiles():
    ms = mutants_of("def f(ab):\n    return (1 - ab).sqrt() + 2\n")
    ids = [m.id for m in ms]
    assert "L2 drop: (1 - ab) -> (1)" in ids and "L2 drop: (1 - ab) -> (ab)" in ids
    for m in ms:
        compile(m.source, "<mutant>", "exec")


def test_messages_in_raise_and_fstrings_are_not_mutated_and_ids_are_unique():
    src = (
        "def f(x, n):\n"
        "    if x.ndim != 2:\n"
        "        raise ValueError(f'x must have 2 axes, got {x.ndim + 0}')\n"
        "    return x.sort(stable=True, descending=True)\n"
    )
    ms = mutants_of(src)
    assert all(m.line != 3 for m in ms)  # nothing inside the raise
    ids = [m.id for m in ms]
    assert len(ids) == len(set(ids))
    assert "L4 bool: True -> False" in ids and "L4 bool: True -> False #2" in ids
