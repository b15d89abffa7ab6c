"""Who handed in a file: LMS download names mapped to students, and safe zip extraction.

Canvas names every file of a "Download Submissions" zip
``<name>[_late]_<userid>_<submissionid>_<original filename>`` (the submission id grows with
each upload, so the larger one is newer). Moodle names a folder (or, in older versions, the
file itself) ``<Full Name>_<participant id>_assignsubmission_file_[<original filename>]``.
A student is keyed by the LMS's id (``<name>_<id>``); the display name is only a label, so
two participants whose names differ only in accents, or not at all, stay two students.

Zips are untrusted: :func:`extract_notebooks` never writes outside its destination (it
chooses every file name itself), refuses absolute or ``..`` paths, symbolic links and
encrypted entries, and caps the number of entries, each file's size, the total size and
the compression ratio while streaming, so a zip bomb stops at the cap, not at the disk's end.
"""

from __future__ import annotations

import re
import stat
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.errors import UsageError

__all__ = [
    "Extracted",
    "Identity",
    "ZipLimits",
    "ZipReport",
    "extract_notebooks",
    "fold",
    "identify",
    "safe_student",
]

CANVAS = re.compile(
    r"^(?P<name>[^_/]+?)(?P<late>_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>[^/]+)$",
    re.IGNORECASE,
)
MOODLE = re.compile(
    r"^(?P<name>[^/]+?)_(?P<pid>\d+)_assignsubmission_(?:file|onlinetext)_"
    r"(?P<file>[^/]*)$"
)


@dataclass(frozen=True)
class Identity:
    """A student as an LMS (or a plain file name) names them."""

    student: str  # the key: results folder name and gradebook student
    lms: str  # "canvas", "moodle" or "file"
    lms_id: str  # Canvas user id, Moodle participant id, or the key itself
    name: str  # the display name as the LMS wrote it
    late: bool = False
    order: int = 0  # Canvas submission id (larger is newer); 0 when unknown


def safe_student(text: str) -> str:
    """``text`` as a folder-safe student key: accents dropped, other characters to ``_``,
    never starting with ``-``, ``@``, ``.`` or ``_`` (an option to a shell command, a
    formula to a spreadsheet, a hidden folder)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9_.@-]+", "_", plain).lstrip("-@._").rstrip("._")
    return safe[:80].rstrip("._") or "student"


def fold(name: str) -> str:
    """A display name as people compare them: accents, case and spacing ignored."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def identify(relpath: str) -> Identity | None:
    """The LMS identity encoded in ``relpath`` (a path inside a zip or folder), if any."""
    parts = PurePosixPath(relpath).parts
    for part in parts:
        m = MOODLE.match(part)
        if m:
            key = safe_student(f"{safe_student(m['name'])}_{m['pid']}")
            return Identity(key, "moodle", m["pid"], m["name"])
    m = CANVAS.match(parts[-1]) if parts else None
    if m:
        return Identity(
            safe_student(f"{m['name']}_{m['uid']}"),
            "canvas",
            m["uid"],
            m["name"],
            late=bool(m["late"]),
            order=int(m["sid"]),
        )
    return None


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one zip; a course of 1,000 notebooks fits well inside the defaults."""

    max_entries: int = 20_000
    max_file_bytes: int = 64 * 2**20
    max_total_bytes: int = 2 * 2**30
    max_ratio: float = 200.0  # uncompressed / compressed, checked above 1 MiB


@dataclass(frozen=True)
class Extracted:
    relpath: str  # the entry's name inside the zip (posix)
    path: Path  # where it was written
    mtime: float  # the entry's timestamp (seconds since the epoch, local time)


@dataclass
class ZipReport:
    files: list[Extracted] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # "name: why", unsafe or too big
    ignored: list[str] = field(default_factory=list)  # not notebooks
    system: int = 0  # __MACOSX, .ipynb_checkpoints and dot-files, skipped without a line


def _unsafe(name: str) -> str | None:
    if "\x00" in name:
        return "NUL in the name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "absolute path"
    if ".." in PurePosixPath(name).parts:
        return "path traversal (..)"
    return None


def _skip_quietly(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _copy_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, cap: int) -> int:
    """Stream ``info`` into ``target``; raise ValueError past ``cap`` bytes."""
    written = 0
    with zf.open(info) as src, open(target, "xb") as dst:
        while chunk := src.read(1 << 16):
            written += len(chunk)
            if written > cap:
                raise ValueError(f"more than {cap} bytes when unpacked")
            dst.write(chunk)
    return written


def extract_notebooks(zip_path: Path, dest: Path, limits: ZipLimits = ZipLimits()) -> ZipReport:
    """Write the ``.ipynb`` entries of ``zip_path`` into ``dest`` under names chosen here."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{zip_path}: not a readable zip file ({exc})") from None
    report = ZipReport()
    total = 0
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise UsageError(
                f"{zip_path}: {len(infos)} entries, more than the cap of "
                f"{limits.max_entries}; refusing to open it"
            )
        for i, info in enumerate(infos):
            name = info.filename.replace("\\", "/")
            why = _unsafe(name)
            if why:
                report.rejected.append(f"{name}: {why}")
                continue
            parts = PurePosixPath(name).parts
            if info.is_dir() or not parts:
                continue
            if _skip_quietly(parts):
                report.system += 1
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                report.rejected.append(f"{name}: symbolic link")
                continue
            if not name.lower().endswith(".ipynb"):
                report.ignored.append(f"{name}: not a notebook")
                continue
            if info.flag_bits & 0x1:
                report.rejected.append(f"{name}: encrypted")
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 2**20 and ratio > limits.max_ratio:
                report.rejected.append(f"{name}: compression ratio {ratio:.0f}:1 (zip bomb?)")
                continue
            cap = min(limits.max_file_bytes, limits.max_total_bytes - total)
            if info.file_size > cap:
                report.rejected.append(f"{name}: {info.file_size} bytes unpacked, over the cap")
                continue
            target = dest / f"{i:05d}_{safe_student(PurePosixPath(name).name)}"
            try:
                total += _copy_capped(zf, info, target, cap)
            except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
                target.unlink(missing_ok=True)
                report.rejected.append(f"{name}: {exc}")
                continue
            mtime = time.mktime((*info.date_time, 0, 0, -1))
            report.files.append(Extracted(name, target, mtime))
    return report
