"""Batch input: folders, Canvas and Moodle zips, newest-wins, and hostile zips."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest
from toy import notebook

from autograder.cli import main
from autograder.course.batch import collect
from autograder.course.gradebook import Gradebook
from autograder.course.lms import ZipLimits, extract_notebooks, identify
from autograder.errors import UsageError

GOOD = "import numpy as np\ndef scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"
BAD = "import numpy as np\ndef scale(x, alpha):\n    return x"


def nb_bytes(src: str) -> bytes:
    return nbformat.writes(notebook([("code", src)])).encode()


def make_zip(path: Path, entries: list[tuple[str, bytes, tuple[int, ...]]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, when in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return path


T1, T2, T3 = (2026, 3, 1, 10, 0, 0), (2026, 3, 2, 10, 0, 0), (2026, 3, 3, 23, 59, 58)


def test_lms_names_map_to_students():
    c = identify("leeann_late_1001_5002_toy01_demo-1.ipynb")
    assert (c.student, c.lms, c.lms_id, c.late, c.order) == (
        "leeann_1001",
        "canvas",
        "1001",
        True,
        5002,
    )
    m = identify("Zoë Müller_302_assignsubmission_file_/my work.ipynb")
    assert (m.student, m.lms, m.lms_id, m.name) == (
        "Zoe_Muller_302",
        "moodle",
        "302",
        "Zoë Müller",
    )
    flat = identify("Ann Lee_301_assignsubmission_file_toy01_demo.ipynb")
    assert (flat.student, flat.lms_id) == ("Ann_Lee_301", "301")
    assert identify("alice.ipynb") is None and identify("alice/toy01_demo.ipynb") is None


def test_canvas_zip_newest_submission_wins_and_unmapped_files_are_reported(tmp_path):
    z = make_zip(
        tmp_path / "submissions.zip",
        [
            ("leeann_1001_5001_toy01_demo.ipynb", nb_bytes(BAD), T3),  # later clock, older id
            ("leeann_late_1001_5002_toy01_demo.ipynb", nb_bytes(GOOD), T1),
            ("smithbob_1002_5003_toy01_demo.ipynb", nb_bytes(BAD), T2),
            ("smithbob_1002_5003_notes.txt", b"hello", T2),
            ("homework final.ipynb", nb_bytes(GOOD), T2),
        ],
    )
    found = collect([z])
    assert [s.student for s in found.subs] == ["leeann_1001", "smithbob_1002"]
    ann = found.subs[0]
    assert "def scale(x, alpha):\n    return alpha" in ann.cells[-1].source
    assert "submitted late" in " ".join(ann.notes)
    assert found.identities["leeann_1001"].lms_id == "1001"
    (choice,) = found.choices
    assert "leeann_1001: 2 submissions" in choice and "Canvas submission 5002" in choice
    assert "ignored submissions.zip/leeann_1001_5001_toy01_demo.ipynb" in choice
    assert any("homework final.ipynb" in u for u in found.unmapped)
    assert any("notes.txt: not a notebook" in u for u in found.not_notebooks)


def test_moodle_zip_folders_and_flat_names_newest_by_timestamp(tmp_path):
    z = make_zip(
        tmp_path / "moodle.zip",
        [
            ("Ann Lee_301_assignsubmission_file_/toy01_demo.ipynb", nb_bytes(BAD), T1),
            ("Ann Lee_301_assignsubmission_file_/toy01_demo (2).ipynb", nb_bytes(GOOD), T3),
            ("Zoë Müller_302_assignsubmission_file_toy01_demo.ipynb", nb_bytes(GOOD), T2),
        ],
    )
    found = collect([z])
    assert [s.student for s in found.subs] == ["Ann_Lee_301", "Zoe_Muller_302"]
    assert "alpha * np.asarray" in found.subs[0].cells[-1].source
    assert "2026-03-03 23:59:58" in found.choices[0]
    assert found.identities["Zoe_Muller_302"].lms == "moodle"


def test_folders_of_notebooks_and_of_student_folders(tmp_path):
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "alice.ipynb").write_bytes(nb_bytes(GOOD))
    (tmp_path / "flat" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "flat" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_bytes(b"{}")
    (tmp_path / "nested" / "bob").mkdir(parents=True)
    (tmp_path / "nested" / "bob" / "old.ipynb").write_bytes(nb_bytes(BAD))
    (tmp_path / "nested" / "bob" / "new.ipynb").write_bytes(nb_bytes(GOOD))
    os.utime(tmp_path / "nested" / "bob" / "old.ipynb", (1e9, 1e9))
    single = tmp_path / "carol.ipynb"
    single.write_bytes(nb_bytes(GOOD))
    found = collect([tmp_path / "flat", tmp_path / "nested", single])
    assert [s.student for s in found.subs] == ["alice", "bob", "carol"]
    assert found.subs[1].path.endswith("new.ipynb")
    assert "bob: 2 submissions" in found.choices[0]
    with pytest.raises(UsageError, match="no such file"):
        collect([tmp_path / "nope"])


def test_a_zip_of_one_folder_is_a_folder_of_notebooks(tmp_path):
    z = make_zip(
        tmp_path / "class.zip",
        [("section1/alice.ipynb", nb_bytes(GOOD), T1), ("section1/bob.ipynb", nb_bytes(BAD), T1)],
    )
    assert [s.student for s in collect([z]).subs] == ["alice", "bob"]
    one = make_zip(
        tmp_path / "one.zip", [("Ann Lee_301_assignsubmission_file_/hw.ipynb", nb_bytes(GOOD), T1)]
    )
    assert [s.student for s in collect([one]).subs] == ["Ann_Lee_301"]


def _symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, str]:
    info = zipfile.ZipInfo(name, date_time=T1)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def test_hostile_zip_entries_are_refused_and_nothing_escapes(tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../escaped.ipynb", nb_bytes(GOOD))
        zf.writestr("/tmp/absolute.ipynb", nb_bytes(GOOD))
        zf.writestr("C:/windows.ipynb", nb_bytes(GOOD))
        zf.writestr("ok/../../../up.ipynb", nb_bytes(GOOD))
        zf.writestr(*_symlink_entry("link.ipynb", "/etc/passwd"))
        zf.writestr("bomb.ipynb", b"\0" * (20 * 2**20))  # 20 MiB of zeros, ~20 KiB packed
        zf.writestr("fine_1001_5001_x.ipynb", nb_bytes(GOOD))
    dest = tmp_path / "dest"
    dest.mkdir()
    report = extract_notebooks(z, dest)
    why = "\n".join(report.rejected)
    assert "../../escaped.ipynb: path traversal" in why
    assert "/tmp/absolute.ipynb: absolute path" in why
    assert "C:/windows.ipynb: absolute path" in why
    assert "ok/../../../up.ipynb: path traversal" in why
    assert "link.ipynb: symbolic link" in why
    assert "bomb.ipynb: compression ratio" in why
    assert [f.relpath for f in report.files] == ["fine_1001_5001_x.ipynb"]
    assert [p.parent for p in tmp_path.rglob("*.ipynb")] == [dest]
    assert not Path("/tmp/absolute.ipynb").exists()


def test_zip_caps_on_entries_and_sizes(tmp_path):
    entries = [(f"s{i}.ipynb", nb_bytes(GOOD), T1) for i in range(5)]
    z = make_zip(tmp_path / "many.zip", entries)
    with pytest.raises(UsageError, match="more than the cap of 3"):
        extract_notebooks(z, tmp_path, ZipLimits(max_entries=3))
    report = extract_notebooks(z, tmp_path, ZipLimits(max_file_bytes=100))
    assert len(report.rejected) == 5 and "over the cap" in report.rejected[0]
    small = len(nb_bytes(GOOD))
    (tmp_path / "t").mkdir()
    report = extract_notebooks(z, tmp_path / "t", ZipLimits(max_total_bytes=2 * small + 1))
    assert len(report.files) == 2 and len(report.rejected) == 3
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(UsageError, match="not a readable zip"):
        extract_notebooks(tmp_path / "junk.zip", tmp_path)


def test_grade_a_canvas_zip_end_to_end(tmp_path, toy_root, monkeypatch, capsys):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    z = make_zip(
        tmp_path / "canvas.zip",
        [
            ("leeann_1001_5001_toy01_demo.ipynb", nb_bytes(BAD), T1),
            ("leeann_late_1001_5002_toy01_demo.ipynb", nb_bytes(GOOD), T2),
            ("stray.ipynb", nb_bytes(GOOD), T2),
        ],
    )
    out, db = tmp_path / "out", tmp_path / "gb.db"
    code = main(
        [
            "grade",
            "toy01",
            str(z),
            "--out",
            str(out),
            "--gradebook",
            str(db),
            "--jobs",
            "1",
            "--quiet",
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "newest wins: leeann_1001: 2 submissions" in text
    assert "not mapped to a student" in text and "stray.ipynb" in text
    res = json.loads((out / "leeann_1001" / "results.json").read_text())
    assert res["score"] == 1
    assert res["extra_data"]["lms"] == {
        "system": "canvas",
        "id": "1001",
        "name": "leeann",
        "late": True,
    }
    assert res["extra_data"]["source"] == "leeann_late_1001_5002_toy01_demo.ipynb"
    with Gradebook(db) as book:
        who = book.students()[("toy01", "leeann_1001")]
    assert (who["lms"], who["lms_id"], who["late"]) == ("canvas", "1001", 1)
