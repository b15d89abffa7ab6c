"""``medl similarity``: normalisation, winnowing, the inverted index, the score, the CSV, the
command line. The class is ch01's (its release stub and reference are the baseline)."""

from __future__ import annotations

import csv
import itertools
import random
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from autograder.authoring.assignment import load_assignment
from autograder.cli import main
from autograder.course.gradebook import Gradebook
from autograder.course.lms import safe_student
from autograder.course.similarity import similarity
from autograder.course.similarity.analysis import ALL, analyse, question_units
from autograder.course.similarity.fingerprints import WINDOW, K, code_of, kgram_hashes, winnow
from autograder.course.similarity.index import QuestionIndex
from autograder.course.similarity.inputs import Class, Student
from autograder.course.similarity.normalise import canonical_units
from autograder.course.similarity.page import csv_cell
from autograder.grading.submission import from_notebook
from autograder.notebook import Cell

GRADED = frozenset({"softmax", "standardize", "model_I", "sigmoid"})

# An uncommon softmax (not the reference's), and the same code disguised.
ORIGINAL = '''
import numpy as np

def softmax(Z):
    """Row by row."""
    out = []
    for z in np.asarray(Z, dtype=float):
        out.append(np.exp(z - z.max()) / np.exp(z - z.max()).sum())
    return np.array(out)

def standardize(X):
    X = np.asarray(X, dtype=float)
    mu = X.mean(axis=0)
    sd = np.sqrt(((X - mu) ** 2).mean(axis=0))
    sd_safe = np.where(sd > 0, sd, 1.0)
    return np.where(sd > 0, (X - mu) / sd_safe, 0.0)
'''

DISGUISED = """
import numpy as xp

# standardisation first this time
def standardize(data):
    arr = xp.asarray(data, dtype=float)  # to floats
    center = arr.mean(axis=0)
    unused = len(str(arr))
    spread = xp.sqrt(((arr - center) ** 2).mean(axis=0))
    if False:
        print("debugging", spread)
    safe = xp.where(spread > 0, spread, 7.5)
    return xp.where(spread > 0, (arr - center) / safe, 0.0)

def softmax(scores):
    # my own softmax
    rows = [
        xp.exp(r - r.max()) / xp.exp(r - r.max()).sum() for r in xp.asarray(scores, dtype=float)
    ]
    return xp.array(rows)
    print("done")
"""

INDEPENDENT = """
import numpy as np

def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    lse = np.log(np.sum(np.exp(Z - Z.max(axis=1, keepdims=True)), axis=1, keepdims=True))
    return np.exp(Z - Z.max(axis=1, keepdims=True) - lse)

def standardize(X):
    n = X.shape[0]
    means = [sum(X[i, j] for i in range(n)) / n for j in range(X.shape[1])]
    out = np.zeros_like(X, dtype=float)
    for j, m in enumerate(means):
        col = X[:, j] - m
        s = float(np.sqrt(np.dot(col, col) / n))
        if s > 0:
            out[:, j] = col / s
    return out
"""


def units(source: str, graded: frozenset[str] = GRADED):
    found, problems = canonical_units([Cell(1, textwrap.dedent(source))], graded)
    assert problems == []
    return {u.name: u for u in found}


def tokens(source: str, name: str) -> tuple[str, ...]:
    return units(source)[name].tokens


# -- normalisation ----------------------------------------------------------------------------


def test_renaming_comments_docstrings_and_hints_leave_the_tokens_unchanged():
    a = '''
    def softmax(z: "np.ndarray") -> "np.ndarray":
        """Stable."""
        shifted = z - z.max(axis=1, keepdims=True)  # no overflow
        e = np.exp(shifted)
        return e / e.sum(axis=1, keepdims=True)
    '''
    b = """
    def softmax(scores):
        # different comment
        s2 = scores - scores.max(axis=1, keepdims=True)
        ex = np.exp(s2)
        return ex / ex.sum(axis=1, keepdims=True)
    """
    assert tokens(a, "softmax") == tokens(b, "softmax")


def test_literals_and_import_aliases_are_canonical_but_apis_are_not():
    one = "import numpy as np\ndef sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))"
    two = "import numpy as xp\ndef sigmoid(v):\n    return 2 / (3 + xp.exp(-v))"
    log = "import numpy as np\ndef sigmoid(z):\n    return 1.0 / (1.0 + np.log(-z))"
    minus = "import numpy as np\ndef sigmoid(z):\n    return 1.0 / (1.0 - np.exp(-z))"
    assert tokens(one, "sigmoid") == tokens(two, "sigmoid")
    assert tokens(one, "sigmoid") != tokens(log, "sigmoid")  # np.exp is not np.log
    assert tokens(one, "sigmoid") != tokens(minus, "sigmoid")  # + is not -


def test_dead_code_and_a_loop_written_as_a_comprehension_normalise_away():
    loop = """
    def model_I(X, w, b0):
        out = []
        for x in X:
            out.append(sigmoid(x @ w + b0))
        return np.array(out)
    """
    comp = """
    def model_I(X, w, b0):
        debug = len(X)
        if False:
            print("never")
        out = [sigmoid(x @ w + b0) for x in X]
        return np.array(out)
        print("unreachable")
    """
    assert tokens(loop, "model_I") == tokens(comp, "model_I")


def test_a_sum_loop_and_sum_of_a_generator_are_one_form():
    loop = "def f(xs):\n    s = 0\n    for x in xs:\n        s += x * x\n    return s"
    gen = "def f(xs):\n    return sum(x * x for x in xs)"
    assert tokens(loop, "f") == tokens(gen, "f")


def test_a_later_definition_replaces_an_earlier_one_like_running_the_notebook():
    found, _ = canonical_units(
        [Cell(1, "def sigmoid(z):\n    return z"), Cell(2, "def sigmoid(z):\n    return -z")],
        GRADED,
    )
    assert [(u.name, u.cell) for u in found] == [("sigmoid", 2)]


def test_a_cell_with_a_syntax_error_is_reported_and_the_others_still_compared():
    found, problems = canonical_units(
        [Cell(1, "def sigmoid(z:\n"), Cell(2, "def softmax(z):\n    return z")], GRADED
    )
    assert [u.name for u in found] == ["softmax"]
    assert len(problems) == 1 and "cell 1" in problems[0] and "SyntaxError" in problems[0]


def test_a_question_includes_the_students_own_helpers_whatever_their_names():
    ch01 = load_assignment("ch01")
    q5 = ch01.question("q5")
    graded = frozenset(f for q in ch01.questions for f in q.functions)
    a = units("def _rows(z):\n    return z - z.max()\ndef softmax(z):\n    return _rows(z)", graded)
    b = units(
        "def helper(v):\n    return v - v.max()\ndef softmax(z):\n    return helper(z)", graded
    )
    got_a = question_units(list(a.values()), q5, graded)
    got_b = question_units(list(b.values()), q5, graded)
    assert [u.name for u in got_a] == ["softmax", "_rows"]
    assert [u.tokens for u in got_a] == [u.tokens for u in got_b]
    # another question's graded function is compared there, not pulled in here
    c = units("def sigmoid(z):\n    return z\ndef softmax(z):\n    return sigmoid(z)", graded)
    assert [u.name for u in question_units(list(c.values()), q5, graded)] == ["softmax"]


def test_reordering_definitions_changes_no_fingerprint():
    a = units(ORIGINAL)
    b_src = ORIGINAL.replace("def softmax", "def _tmp").replace("def standardize", "def softmax")
    assert b_src != ORIGINAL
    # the same two definitions in the other order, in two cells
    cells = [Cell(1, "import numpy as np")]
    parts = ORIGINAL.split("\ndef ")
    for i, part in enumerate(reversed(parts[1:])):
        cells.append(Cell(i + 2, "def " + part))
    b, _ = canonical_units(cells, GRADED)
    assert [u.name for u in b] == ["standardize", "softmax"]
    one = code_of(sorted(a.values(), key=lambda u: u.name))
    two = code_of(sorted(b, key=lambda u: u.name))
    assert one.hashes == two.hashes and len(one.hashes) > 5


# -- winnowing and the index ------------------------------------------------------------------


def _brute_winnow(hashes: list[int], w: int) -> set[int]:
    picked = set()
    for s in range(len(hashes) - w + 1):
        window = hashes[s : s + w]
        picked.add(s + w - 1 - window[::-1].index(min(window)))
    return picked


def test_winnow_picks_each_windows_rightmost_minimum_once():
    rng = random.Random(1)
    for _ in range(50):
        hashes = [rng.randrange(20) for _ in range(rng.randrange(6, 40))]
        got = winnow(hashes, 4)
        assert [i for i, _ in got] == sorted(_brute_winnow(hashes, 4))
        assert all(hashes[i] == h for i, h in got)


def test_a_shared_run_of_k_plus_w_minus_1_tokens_always_shares_a_fingerprint():
    rng = random.Random(2)
    for _ in range(30):
        common = [rng.randrange(1000) for _ in range(K + WINDOW - 1)]
        a = [rng.randrange(1000) for _ in range(rng.randrange(0, 30))] + common
        b = common + [rng.randrange(1000) for _ in range(rng.randrange(0, 30))]
        fa = {h for _, h in winnow(kgram_hashes(a))}
        fb = {h for _, h in winnow(kgram_hashes(b))}
        assert fa & fb


def _index(prints: dict[str, set[int]], baseline: set[int] = frozenset(), **kw) -> QuestionIndex:
    from autograder.course.similarity.fingerprints import Code
    from autograder.course.similarity.index import Params

    idx = QuestionIndex("q", set(baseline), set(), Params(**kw))
    for s, hs in prints.items():
        idx.add(s, Code([], {h: [(0, 1, 1)] for h in hs}))
    idx.build()
    return idx


def test_the_inverted_index_counts_exactly_the_shared_fingerprints_of_each_pair():
    rng = random.Random(3)
    prints = {f"s{i}": {rng.randrange(60) for _ in range(12)} for i in range(15)}
    idx = _index(prints, common_share=1.0, common_min=100)
    counts = idx.shared_counts()
    for a, b in itertools.combinations(sorted(prints), 2):
        n = len(prints[a] & prints[b])
        assert counts.get((a, b), (0, 0.0))[0] == n
        if n == 0:
            assert (a, b) not in counts


def test_baseline_and_common_fingerprints_are_not_evidence():
    base = set(range(10))
    unique = set(range(100, 110))
    prints = {f"s{i}": base | {50, 51, 52} for i in range(8)}  # 50-52: everyone's
    prints["s0"] |= unique
    prints["s1"] |= unique
    idx = _index(prints, baseline=base, common_min=5)
    assert idx.common == {50, 51, 52}
    pairs = idx.pairs()
    assert [(p.a, p.b) for p in pairs] == [("s0", "s1")]
    assert pairs[0].shared == 10 and pairs[0].similarity == 1.0


def test_similarity_is_in_0_1_and_dead_code_on_one_side_keeps_containment():
    shared = set(range(20))
    idx = _index({"a": shared, "b": shared | set(range(100, 140)), "c": {1, 2, 500}})
    by = {(p.a, p.b): p for p in idx.pairs()}
    assert by[("a", "b")].containment == pytest.approx(1.0)
    assert by[("a", "b")].jaccard < 0.5
    assert all(0.0 <= p.similarity <= 1.0 for p in by.values())
    assert by[("a", "b")].similarity > by[("a", "c")].similarity


# -- the analysis on ch01: the stub and reference are the baseline -----------------------------


@pytest.fixture(scope="module")
def ch01():
    return load_assignment("ch01")


def _student(key: str, source: str) -> Student:
    return Student(key, key, [Cell(1, textwrap.dedent(source))], key)


def _cells_of(path: Path) -> list[Cell]:
    sub = from_notebook(path, "x")
    assert sub.error is None
    return sub.cells


def test_the_stub_and_the_reference_are_not_evidence(ch01):
    stub = _cells_of(ch01.release_dir / ch01.notebook)
    ref = _cells_of(ch01.solution_notebook)
    klass = Class(
        [
            Student("stub1", "stub1", stub, ""),
            Student("stub2", "stub2", stub, ""),
            Student("ref1", "ref1", ref, ""),
            Student("ref2", "ref2", ref, ""),
            _student("ann", ORIGINAL),
            _student("bob", DISGUISED),
        ]
    )
    result = analyse(ch01, klass)
    for part in result.parts:
        names = {(p.a, p.b) for p in part.pairs}
        assert not names & {("stub1", "stub2"), ("ref1", "ref2")}, part.id
    top = result.part(ALL).pairs[0]
    assert (top.a, top.b) == ("ann", "bob") and top.similarity >= 0.9


def test_a_disguised_copy_outranks_an_independent_solution(ch01):
    klass = Class(
        [_student("ann", ORIGINAL), _student("bob", DISGUISED), _student("cy", INDEPENDENT)]
    )
    result = analyse(ch01, klass)
    for qid in ("q1", "q5", ALL):
        sims = {(p.a, p.b): p.similarity for p in result.part(qid).pairs}
        assert sims[("ann", "bob")] > 0.9, qid
        assert sims.get(("ann", "cy"), 0.0) < 0.5 and sims.get(("bob", "cy"), 0.0) < 0.5, qid


# -- files and the command line ---------------------------------------------------------------


def _notebook(folder: Path, name: str, source: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# hw"), nbformat.v4.new_code_cell(source)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


SPREADSHEET = "@SUM(A1)"  # a file name a spreadsheet would run as a formula
SUM_KEY = safe_student(SPREADSHEET)


def make_class(folder: Path) -> Path:
    _notebook(folder, "ann", textwrap.dedent(ORIGINAL))
    _notebook(folder, SPREADSHEET, textwrap.dedent(DISGUISED))
    _notebook(folder, "cy", textwrap.dedent(INDEPENDENT))
    return folder


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted():
    for bad in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(bad) == "'" + bad
    for fine in ("ann", "q1", "all", "0.9500", "a=b"):
        assert csv_cell(fine) == fine


def test_pairs_csv_is_sorted_escaped_and_has_the_whole_notebook_rows(tmp_path):
    out = tmp_path / "sim"
    assert main(["similarity", "ch01", str(make_class(tmp_path / "subs")), "--out", str(out)]) == 0
    with open(out / "pairs.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["student_a", "student_b", "question", "similarity"]
    sims = [float(r[3]) for r in rows[1:]]
    assert sims == sorted(sims, reverse=True) and all(0 <= s <= 1 for s in sims)
    assert rows[1][2] in ("all", "q1", "q5")
    assert {r[0] for r in rows[1:]} | {r[1] for r in rows[1:]} >= {csv_cell(SUM_KEY), "ann"}
    assert not any(c.startswith(("=", "+", "-", "@")) for r in rows for c in r)
    top_all = next(r for r in rows[1:] if r[2] == "all")
    assert {top_all[0], top_all[1]} == {csv_cell(SUM_KEY), "ann"}


def test_the_page_escapes_student_code_and_names_and_fetches_nothing(tmp_path):
    subs = make_class(tmp_path / "subs")
    evil = ORIGINAL.replace('"""Row by row."""', '"""</pre><script>alert(1)</script>"""')
    _notebook(subs, "ann", textwrap.dedent(evil))
    done = similarity("ch01", [subs], tmp_path / "sim")
    html = done.page.read_text()
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SUM_KEY in html
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(u.startswith("#") or u == "pairs.csv" for u in links), links
    assert 'class="row hit"' in html  # matching lines are marked


def _one_line_error(capsys, argv: list[str], *words: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("medl: error:"), err
    for w in words:
        assert w in err, err


def test_bad_inputs_give_one_line_errors(tmp_path, capsys):
    subs = make_class(tmp_path / "subs")
    _one_line_error(capsys, ["similarity", "ch99", str(subs)], "unknown assignment 'ch99'")
    _one_line_error(capsys, ["similarity", "ch01", str(tmp_path / "nope")], "no such file")
    (tmp_path / "empty").mkdir()
    _one_line_error(capsys, ["similarity", "ch01", str(tmp_path / "empty")], "at least two")
    one = tmp_path / "one"
    _notebook(one, "solo", "def softmax(z):\n    return z")
    _one_line_error(capsys, ["similarity", "ch01", str(one)], "at least two")
    _one_line_error(
        capsys, ["similarity", "ch01", str(subs), "--threshold", "2"], "between 0 and 1"
    )
    _one_line_error(capsys, ["similarity", "ch01"], "required")


def _record(book: Gradebook, student: str, sha: str) -> None:
    extra = {"assignment": "ch01", "student": student, "sha256": sha, "source": f"{student}.ipynb"}
    book.record({"score": 1, "max_score": 20, "tests": [], "extra_data": extra})


def test_a_gradebook_picks_the_graded_students_and_says_what_differs(tmp_path, capsys):
    subs = make_class(tmp_path / "subs")
    db = tmp_path / "course.db"
    _one_line_error(capsys, ["similarity", "ch01", str(db)], "no such file")
    with Gradebook(db) as book:
        _record(book, "ann", from_notebook(subs / "ann.ipynb").sha256)
        _record(book, "cy", "0" * 64)  # graded, then the file changed
        _record(book, "zed", "1" * 64)  # graded, no notebook given
    _one_line_error(capsys, ["similarity", "ch01", str(db)], "give the submissions too")
    done = similarity("ch01", [db, subs], tmp_path / "sim")
    assert sorted(done.analysis.students) == ["ann", "cy"]
    notes = "\n".join(done.analysis.notes)
    assert f"{SUM_KEY}: left out, not in the gradebook" in notes
    assert "cy: " in notes and "differs from the graded notebook" in notes
    assert "zed: graded, but no notebook" in notes


def test_the_class_report_links_the_similarity_page_written_beside_it(tmp_path, monkeypatch):
    subs = make_class(tmp_path / "subs")
    db = tmp_path / "course.db"
    with Gradebook(db) as book:
        test = {"name": "q1 t", "number": "q1", "score": 1, "max_score": 2, "status": "failed"}
        test |= {"output": "no", "extra_data": {"test": "t", "kind": "wrong"}}
        extra = {"assignment": "ch01", "student": "ann", "sha256": "0" * 64, "source": ""}
        book.record({"score": 1, "max_score": 2, "tests": [test], "extra_data": extra})
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(db), "--out", "report.html"]) == 0
    assert "similarity/ch01/index.html" not in (tmp_path / "report.html").read_text()
    assert main(["similarity", "ch01", str(subs)]) == 0  # default --out: similarity/ch01
    assert (tmp_path / "similarity" / "ch01" / "index.html").is_file()
    assert main(["report", str(db), "--out", "report.html"]) == 0
    assert '<a href="similarity/ch01/index.html">' in (tmp_path / "report.html").read_text()


def test_a_parameter_named_like_a_helper_is_renamed_like_any_local():
    helper = "def activation(name, z):\n    return z\n"
    a = helper + "def train(X, activation):\n    return [activation] * len(X)"
    b = helper + "def train(data, act):\n    return [act] * len(data)"
    ua, ub = units(a), units(b)
    assert ua["train"].tokens == ub["train"].tokens
    assert ua["train"].calls == frozenset()  # the parameter, not the helper
