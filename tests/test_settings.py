"""Every MEDL_* variable is read in autograder/settings.py and a bad value is one usage error."""

from __future__ import annotations

import pytest

from autograder import settings
from autograder.errors import UsageError


@pytest.mark.parametrize(
    "name,value,words",
    [
        ("MEDL_SANDBOX", "bwarp", "use auto, bwrap or rlimits"),
        ("MEDL_WORKER_START", "forked", "use auto, fork or fresh"),
        ("MEDL_CGROUP", "no", "use auto or off"),
        ("MEDL_WORKER_TOTAL_MB", "lots", "positive whole number"),
        ("MEDL_WORKER_PROCESSES", "-3", "positive whole number"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(UsageError) as info:
        settings.check()
    msg = str(info.value)
    assert msg.startswith(f"{name}={value!r}") and words in msg and "\n" not in msg


def test_defaults_and_overrides(monkeypatch, tmp_path):
    for name in ("MEDL_SANDBOX", "MEDL_WORKER_START", "MEDL_SECRET", "MEDL_ROOT"):
        monkeypatch.delenv(name, raising=False)
    settings.check()
    assert settings.sandbox_request() == "auto" and settings.worker_start_request() == "auto"
    assert settings.secret() == settings.DEFAULT_SECRET and settings.secret(required=True) is None
    assert settings.root_override() is None
    monkeypatch.setenv("MEDL_WORKER_START", " Fresh ")
    monkeypatch.setenv("MEDL_ROOT", str(tmp_path))
    monkeypatch.setenv("MEDL_WORKER_CPU_S", "30")
    assert settings.worker_start_request() == "fresh"
    assert settings.root_override() == tmp_path.resolve()
    assert settings.positive_int("MEDL_WORKER_CPU_S") == 30
