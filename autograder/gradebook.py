"""The gradebook: SQLite (WAL), one row per (assignment, student, submission hash, test).

Each submission is written in one transaction, so a batch killed half-way leaves whole
submissions or nothing; writing the same (assignment, student, hash) again replaces its rows
instead of duplicating them.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

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
"""


class Gradebook:
    """A thin, explicit wrapper over one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

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
        """Store one results.json (see :mod:`autograder.results`) atomically."""
        import json

        ex = results["extra_data"]
        key = (ex["assignment"], ex["student"], ex["sha256"])
        cur = self.db.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute("DELETE FROM results WHERE assignment=? AND student=? AND sha256=?",
                        key)
            cur.execute(
                "INSERT OR REPLACE INTO submissions VALUES (?,?,?,?,?,?,?,?)",
                (*key, ex.get("source", ""), results["score"], results["max_score"],
                 results.get("execution_time"), time.time()),
            )
            cur.executemany(
                "INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(*key, t["extra_data"]["test"], t["number"], t["score"], t["max_score"],
                  t["status"], t["extra_data"].get("kind"), t["output"],
                  json.dumps({k: v for k, v in t["extra_data"].items()
                              if k not in ("test", "kind")}))
                 for t in results["tests"]],
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
