"""The similarity page in a real headless Chromium, like the class report
(:mod:`test_report_browser`): no console error, and the copy's code side by side."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_report_browser import CHROMIUM, Browser, _ink
from test_similarity import SUM_KEY, make_class

from autograder.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if CHROMIUM is None:
        pytest.skip(
            "Debian's chromium is not installed (listed in .ci/system-packages.txt; "
            "`make system` installs it)"
        )
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def _eval(browser: Browser, sid: str, js: str):
    reply = browser.send("Runtime.evaluate", {"expression": js, "returnByValue": True}, session=sid)
    return reply["result"]["value"]


def test_similarity_page_shows_the_copy_side_by_side_without_console_errors(browser, tmp_path):
    out = tmp_path / "sim"
    assert main(["similarity", "ch01", str(make_class(tmp_path / "subs")), "--out", str(out)]) == 0
    sid, errors = browser.open((out / "index.html").as_uri())
    assert errors == []
    # The first (most similar) pair is open: its two columns stand side by side, each with code.
    columns = _eval(
        browser,
        sid,
        """[...document.querySelector('details[open] .side').children].map(c => {
             const r = c.getBoundingClientRect();
             const code = [...c.querySelectorAll('pre')].map(p => p.innerText).join('\\n');
             return {left: r.left, top: r.top, width: r.width, code: code,
                     head: c.querySelector('h4').innerText};
           })""",
    )
    assert len(columns) == 2
    left, right = columns
    assert right["left"] > left["left"] + left["width"] - 1 and abs(left["top"] - right["top"]) < 2
    assert left["width"] > 300 and right["width"] > 300
    heads = sorted([left["head"], right["head"]])
    assert heads[1] == "ann" and SUM_KEY in heads[0]  # "@SUM(A1) (SUM_A1)": name and key
    assert "def standardize" in left["code"] and "def standardize" in right["code"]
    marked = _eval(
        browser,
        sid,
        "[...document.querySelectorAll('details[open] .hit')].filter(e => e.offsetHeight > 0)"
        ".length",
    )
    assert marked > 2
    png = browser.screenshot(sid)
    keep = Path(os.environ.get("MEDL_SCREENSHOTS", tmp_path))
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "similarity.png").write_bytes(png)
    ink, colours = _ink(png)
    assert ink > 0.02 and colours > 20, (ink, colours)
