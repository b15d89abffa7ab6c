"""The gradebook: SQLite (WAL), one row per (assignment, student, submission hash, test).

Each submission is written in one transaction, so a batch killed half-way leaves whole
submissions or nothing; writing the same (assignment, student, hash) again replaces its rows
instead of duplicating them. Several processes may write one gradebook at once: WAL mode lets
readers go on while a writer commits, and ``BEGIN IMMEDIATE`` with a long busy timeout makes
writers queue instead of failing. Who a student is in the LMS (Canvas user id, Moodle
participant id, display name) is kept in ``students`` for the exports.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from autograder.errors import UsageError

__all__ = ["Gradebook"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source TEXT,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    execution_time REAL,
    graded_at REAL NOT NULL,
    PRIMARY KEY (assignment, student, sha256)
);
CREATE TABLE IF NOT EXISTS results (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    test TEXT NOT NULL,
    question TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    status TEXT NOT NULL,
    kind TEXT,
    output TEXT,
    extra TEXT,
    PRIMARY KEY (assignment, student, sha256, test)
);
CREATE TABLE IF NOT EXISTS students (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    lms TEXT NOT NULL,
    lms_id TEXT NOT NULL,
    name TEXT NOT NULL,
    late INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (assignment, student)
);
"""


class Gradebook:
    """A thin, explicit wrapper over one SQLite file."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    @classmethod
    def existing(cls, path: Path) -> Gradebook:
        """Open a gradebook that must already exist (for exports and reports)."""
        if not Path(path).is_file():
            raise UsageError(f"{path}: no such gradebook (run `medl grade ... --gradebook`)")
        return cls(Path(path))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, assignment: str, student: str, sha256: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM submissions WHERE assignment=? AND student=? AND sha256=?",
            (assignment, student, sha256),
        ).fetchone()
        return row is not None

    def record(self, results: dict) -> None:
        """Store one results.json (see :mod:`autograder.grading.results`) atomically."""
        ex = results["extra_data"]
        lms = ex.get("lms") or {"system": "file", "id": ex["student"], "name": ex["student"]}
        key = (ex["assignment"], ex["student"], ex["sha256"])
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute("DELETE FROM results WHERE assignment=? AND student=? AND sha256=?", key)
            cur.execute(
                "INSERT OR REPLACE INTO submissions VALUES (?,?,?,?,?,?,?,?)",
                (
                    *key,
                    ex.get("source", ""),
                    results["score"],
                    results["max_score"],
                    results.get("execution_time"),
                    time.time(),
                ),
            )
            cur.executemany(
                "INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        *key,
                        t["extra_data"]["test"],
                        t["number"],
                        t["score"],
                        t["max_score"],
                        t["status"],
                        t["extra_data"].get("kind"),
                        t["output"],
                        json.dumps(
                            {
                                "name": t["name"],
                                **{
                                    k: v
                                    for k, v in t["extra_data"].items()
                                    if k not in ("test", "kind")
                                },
                            }
                        ),
                    )
                    for t in results["tests"]
                ],
            )
            cur.execute(
                "INSERT OR REPLACE INTO students VALUES (?,?,?,?,?,?)",
                (
                    key[0],
                    key[1],
                    lms["system"],
                    str(lms["id"]),
                    lms["name"],
                    int(bool(lms.get("late"))),
                ),
            )
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    def latest(self, assignment: str | None = None) -> list[sqlite3.Row]:
        """The newest graded submission of each (assignment, student)."""
        self.db.row_factory = sqlite3.Row
        sql = """
            SELECT s.* FROM submissions s
            WHERE s.graded_at = (SELECT MAX(graded_at) FROM submissions t
                                 WHERE t.assignment = s.assignment AND t.student = s.student)
        """
        args: tuple = ()
        if assignment:
            sql += " AND s.assignment = ?"
            args = (assignment,)
        rows = self.db.execute(sql + " ORDER BY s.assignment, s.student", args).fetchall()
        self.db.row_factory = None
        return rows

    def latest_tests(self, assignment: str | None = None) -> list[dict[str, Any]]:
        """Test rows of each student's newest graded submission, ``extra`` decoded."""
        subs = {(r["assignment"], r["student"]): r["sha256"] for r in self.latest(assignment)}
        sql = "SELECT * FROM results" + (" WHERE assignment = ?" if assignment else "")
        self.db.row_factory = sqlite3.Row
        rows = self.db.execute(
            sql + " ORDER BY assignment, student, rowid", (assignment,) if assignment else ()
        ).fetchall()
        self.db.row_factory = None
        out = []
        for r in rows:
            if subs.get((r["assignment"], r["student"])) != r["sha256"]:
                continue
            d = dict(r)
            try:
                d["extra"] = json.loads(r["extra"] or "{}")
            except ValueError:
                d["extra"] = {}
            out.append(d)
        return out

    def students(self, assignment: str | None = None) -> dict[tuple[str, str], dict[str, Any]]:
        """LMS identity per (assignment, student)."""
        self.db.row_factory = sqlite3.Row
        sql = "SELECT * FROM students" + (" WHERE assignment = ?" if assignment else "")
        rows = self.db.execute(sql, (assignment,) if assignment else ()).fetchall()
        self.db.row_factory = None
        return {(r["assignment"], r["student"]): dict(r) for r in rows}
