"""Student-controlled text made safe to show: one function, used wherever such text leaves.

Names from zip entries and LMS downloads, exception messages, warnings and whatever student
code printed reach the instructor's terminal, the results files, CSV exports and the HTML
report. A raw ESC there can set the terminal's title, write to its clipboard (OSC 52), clear
the screen or paint a fake "ALL TESTS PASSED"; a carriage return overwrites a line; a
bidirectional override (U+202E) shows ``exe.txt`` as ``txt.exe``. :func:`printable` escapes
all of them as visible ``\\x1b`` / ``\\u202e`` sequences and leaves every other character,
accents and right-to-left letters included, as it is.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 and C1 controls and DEL; the bidirectional embedding, override and isolate controls,
# the implicit marks, and the line and paragraph separators (which end a line in some
# terminals and editors). Tab and newline are escaped too unless ``newlines`` keeps them.
_ALWAYS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_ONE_LINE = re.compile(f"[\t\n{_ALWAYS}]")
_MULTI_LINE = re.compile(f"[{_ALWAYS}]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, newlines: bool = False) -> str:
    """``str(text)`` with every control and bidi-control character escaped.

    ``newlines=True`` keeps ``\\n`` and ``\\t`` (printed output, multi-line feedback);
    the default makes one line (names, table cells, file names).
    """
    s = text if isinstance(text, str) else str(text)
    return (_MULTI_LINE if newlines else _ONE_LINE).sub(_escape, s)
