"""The class report and a feedback page in a real headless Chromium (Debian's package).

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: no
port, no websocket library): load the page, collect console messages, uncaught exceptions
and failed loads, take a full-page screenshot. Skips, saying why, when chromium is missing.
"""

from __future__ import annotations

import base64
import fcntl
import io
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_report import make_gradebook

from autograder.course.report import write_report

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
    "--mute-audio",
]


class Browser:
    """Just enough of the DevTools protocol: commands and events over fds 3 and 4."""

    def __init__(self, profile: Path) -> None:
        to_r, self._w = os.pipe()
        self._r, from_w = os.pipe()
        # Chromium reads commands on fd 3 and writes on fd 4: move the pipe ends above 9
        # (no clash with 3 and 4), and let bash put them in place before exec'ing chromium.
        a, b = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        for fd in (to_r, from_w):
            os.close(fd)
        self.proc = subprocess.Popen(
            [
                "bash",
                "-c",
                f'exec 3<&{a} 4>&{b} {a}<&- {b}>&-; exec "$0" "$@"',
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(a, b),
            start_new_session=True,
        )
        os.close(a)
        os.close(b)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout: float = 30.0,
    ) -> dict:
        self._id += 1
        msg: dict = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        for i, ev in enumerate(self.events):
            if ev.get("method") == method:
                return self.events.pop(i)
        while True:
            ev = self._read_message(deadline)
            if ev.get("method") == method:
                return ev
            self.events.append(ev)

    def open(self, url: str) -> tuple[str, list[str]]:
        """Load ``url`` in a new tab; return (session id, console errors seen while loading)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=sid)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            session=sid,
        )
        self.events.clear()
        self.send("Page.navigate", {"url": url}, session=sid)
        self.wait_event("Page.loadEventFired")
        time.sleep(0.3)  # late console messages
        self.send("Runtime.evaluate", {"expression": "1"}, session=sid)  # flush events
        return sid, self._errors()

    def _errors(self) -> list[str]:
        errors = []
        for ev in self.events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append(
                    "console: "
                    + " ".join(str(a.get("value", a.get("description"))) for a in p.get("args", []))
                )
            elif m == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                errors.append(
                    f"exception: {d.get('text', '')} "
                    f"{d.get('exception', {}).get('description', '')}"
                )
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                errors.append("log: " + p["entry"].get("text", ""))
        return errors

    def screenshot(self, sid: str) -> bytes:
        shot = self.send(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=sid
        )
        return base64.b64decode(shot["data"])

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        os.close(self._r)
        os.close(self._w)


def _ink(png: bytes) -> tuple[float, int]:
    """(share of pixels that are not near-white, number of distinct colours)."""
    import numpy as np
    from PIL import Image

    px = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    dark = (px.min(axis=1) < 235).mean()
    return float(dark), len(np.unique(px, axis=0))


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


def test_the_console_check_would_catch_a_broken_page(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<html><body><img src='missing.png'>"
        "<script>console.error('boom'); undefined_call();</script></body></html>"
    )
    _, errors = browser.open(bad.as_uri())
    assert any("boom" in e for e in errors)
    assert any("undefined_call" in e for e in errors)
    assert any("missing.png" in e or "ERR_FILE_NOT_FOUND" in e for e in errors), errors


def test_report_loads_without_console_errors_and_is_not_blank(browser, tmp_path, toy):
    db = make_gradebook(tmp_path, toy)
    out = tmp_path / "report.html"
    write_report(db, out, students_dir=tmp_path / "students")
    sid, errors = browser.open(out.as_uri())
    assert errors == []
    n_images = browser.send(
        "Runtime.evaluate",
        {
            "expression": "[...document.images].filter(i => i.complete && i.naturalWidth > 0)"
            ".length",
            "returnByValue": True,
        },
        session=sid,
    )["result"]["value"]
    assert n_images == 3  # histogram, pass rates, speed ratios: all decoded
    png = browser.screenshot(sid)
    keep = Path(os.environ.get("MEDL_SCREENSHOTS", tmp_path))
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "report.png").write_bytes(png)
    ink, colours = _ink(png)
    assert ink > 0.02 and colours > 20, (ink, colours)

    sid, errors = browser.open((tmp_path / "students" / "bob.html").as_uri())
    assert errors == []
    text = browser.send(
        "Runtime.evaluate",
        {"expression": "document.body.innerText", "returnByValue": True},
        session=sid,
    )["result"]["value"]
    assert "Feedback for bob" in text and "failed" in text
    png = browser.screenshot(sid)
    (keep / "student.png").write_bytes(png)
    assert _ink(png)[0] > 0.01
