"""Load an assignment's single source: ``solutions/chNN_<slug>/assignment.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder import settings
from autograder.errors import UsageError

__all__ = ["Assignment", "Question", "find_root", "list_ids", "load_assignment"]


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    points: float
    functions: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    timeout_s: float | None = None
    speed: dict[str, Any] | None = None
    mutates: tuple[str, ...] = ()  # functions meant to modify their arguments in place


@dataclass(frozen=True)
class Assignment:
    id: str
    slug: str
    title: str
    chapter: int
    source_dir: Path  # solutions/chNN_slug
    notebook: str
    questions: tuple[Question, ...]
    data: tuple[str, ...] = ()
    call_timeout_s: float = 20.0
    load_timeout_s: float = 60.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.id}_{self.slug}"

    @property
    def solution_notebook(self) -> Path:
        return self.source_dir / self.notebook

    @property
    def root(self) -> Path:
        return self.source_dir.parent.parent

    @property
    def release_dir(self) -> Path:
        return self.root / "assignments" / self.name

    @property
    def max_score(self) -> float:
        return sum(q.points for q in self.questions)

    def question_for(self, function: str) -> Question | None:
        for q in self.questions:
            if function in q.functions:
                return q
        return None

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


def find_root(start: Path | None = None) -> Path:
    """The medl checkout: $MEDL_ROOT, else the nearest parent with ``solutions/``."""
    env = settings.root_override()
    if env:
        return env
    here = (start or Path.cwd()).resolve()
    for p in (here, *here.parents):
        if (p / "solutions").is_dir() and (p / "autograder").is_dir():
            return p
    pkg_root = Path(__file__).resolve().parents[2]
    if (pkg_root / "solutions").is_dir():
        return pkg_root
    raise UsageError("cannot find the medl checkout (no solutions/ folder); set MEDL_ROOT")


def list_ids(root: Path | None = None) -> list[str]:
    root = root or find_root()
    return sorted(
        p.name.split("_", 1)[0]
        for p in (root / "solutions").iterdir()
        if (p / "assignment.toml").is_file()
    )


def _fail(path: Path, msg: str) -> UsageError:
    return UsageError(f"{path}: {msg}")


def _forbidden_sets(path: Path, raw: object) -> dict[str, tuple[str, ...]]:
    """``[forbidden_sets]``: named lists of forbidden patterns, e.g. ``conv = [...]``."""
    if not isinstance(raw, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) for p in v) for v in raw.values()
    ):
        raise _fail(path, "[forbidden_sets] must map names to lists of strings")
    return {str(k): tuple(v) for k, v in raw.items()}


def _expand(
    path: Path, patterns: list[str], sets: dict[str, tuple[str, ...]], qid: str
) -> tuple[str, ...]:
    """A question's ``forbidden`` with every ``"@name"`` replaced by that named set, in
    order, without repeats."""
    out: list[str] = []
    for pat in patterns:
        if pat.startswith("@"):
            if pat[1:] not in sets:
                known = ", ".join("@" + k for k in sets) or "none"
                raise _fail(path, f"{qid} forbids unknown set {pat!r} (known: {known})")
            out += [p for p in sets[pat[1:]] if p not in out]
        elif pat not in out:
            out.append(pat)
    return tuple(out)


def load_assignment(aid: str, root: Path | None = None) -> Assignment:
    """Load assignment ``aid`` ("ch01") from its ``assignment.toml``; validate it."""
    root = root or find_root()
    matches = [p for p in (root / "solutions").glob(f"{aid}_*") if p.is_dir()]
    if not matches:
        known = ", ".join(list_ids(root)) or "none"
        raise UsageError(f"unknown assignment {aid!r} (known: {known})")
    src = matches[0]
    path = src / "assignment.toml"
    try:
        cfg = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, f"cannot be read ({exc})") from None
    sets = _forbidden_sets(path, cfg.get("forbidden_sets", {}))
    qs = []
    seen: set[str] = set()
    for i, q in enumerate(cfg.get("questions", []), 1):
        try:
            qid = str(q["id"])
            question = Question(
                id=qid,
                title=str(q.get("title", qid)),
                points=float(q["points"]),
                functions=tuple(q.get("functions", [])),
                forbidden=_expand(path, q.get("forbidden", []), sets, qid),
                timeout_s=q.get("timeout_s"),
                speed=q.get("speed"),
                mutates=tuple(str(m) for m in q.get("mutates", [])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise _fail(path, f"question {i} is missing or has a bad field ({exc})") from None
        if qid in seen:
            raise _fail(path, f"question id {qid!r} appears twice")
        seen.add(qid)
        qs.append(question)
    if not qs:
        raise _fail(path, "no [[questions]]")
    grading = cfg.get("grading", {})
    return Assignment(
        id=str(cfg.get("id", aid)),
        slug=str(cfg.get("slug", src.name.split("_", 1)[1])),
        title=str(cfg.get("title", aid)),
        chapter=int(cfg.get("chapter", 0)),
        source_dir=src,
        notebook=str(cfg.get("notebook", f"{src.name}.ipynb")),
        questions=tuple(qs),
        data=tuple(cfg.get("data", [])),
        call_timeout_s=float(grading.get("call_timeout_s", 20.0)),
        load_timeout_s=float(grading.get("load_timeout_s", 60.0)),
        extra={k: v for k, v in cfg.items() if k not in {"questions", "grading", "forbidden_sets"}},
    )
