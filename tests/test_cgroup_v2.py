"""The cgroup v2 path of autograder/sandbox/cgroup.py, and the choice between v2, v1 and the
degraded path, on a fake hierarchy in tmp_path (no v2 kernel with a memory controller is at
hand; see docs/security.md).

Every file is a real file that the module reads as it would read the kernel's. What only a
kernel does is done by :class:`FakeKernel`, which stands in for the module's three calls that
reach it (``_write``, ``_mkdir``, ``_rmdir``): a new folder gets the interface files its
parent's ``cgroup.subtree_control`` entitles it to; ``+memory +pids`` is parsed, and refused
with EBUSY in a cgroup (other than the root) that holds a process; a pid written to
``cgroup.procs`` leaves every other cgroup (and a folder that hands controllers down takes
none); ``cgroup.kill`` SIGKILLs; ``cgroup.freeze`` sets ``frozen`` in ``cgroup.events`` after
a delay (or never); a thread drops dead processes from ``cgroup.procs``; and a uid other than
0 (``os.geteuid`` patched) may only write files and folders it owns (chowned for real).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from autograder.sandbox import cgroup

MiB = 2**20


def _oserror(code: int, path: Path) -> OSError:
    return OSError(code, os.strerror(code), str(path))


class FakeKernel:
    """A cgroup2 hierarchy mounted at ``root``; ``grader`` is this process's cgroup."""

    def __init__(
        self,
        base: Path,
        *,
        controllers: str = "cpu io memory pids",
        root_hands: str = "",
        grader: str = "/grader.slice/medl.scope",
        peak: bool = True,
        kill_file: bool = True,
        swap: bool = True,
    ) -> None:
        self.base, self.peak, self.kill_file, self.swap = base, peak, kill_file, swap
        self.root = base / "cgroup\\fs v2"  # mountinfo writes \134 and \040 for these
        self.log: list[tuple[str, str]] = []  # (path relative to root, value) of each write
        self.freeze_delay: float | None = 0.0  # seconds until "frozen 1"; None: never
        self.lock = threading.RLock()
        self.mountinfo = base / "mountinfo"
        self.self_cgroup = base / "self_cgroup"
        self.root.mkdir()
        for name, text in {
            "cgroup.controllers": controllers,
            "cgroup.subtree_control": root_hands,
            "cgroup.procs": "",
            "cpu.stat": "usage_usec 0\n",
        }.items():
            (self.root / name).write_text(text + "\n")
        self.set_mounts([("cgroup2", str(self.root), "rw,nsdelegate")])
        self.grader = self.root / grader.lstrip("/")
        for parent in reversed([self.grader, *self.grader.parents]):
            if parent != self.root and self.root in parent.parents and not parent.exists():
                self.mkdir(parent)
                if parent != self.grader:  # slices hand down what the root does
                    (parent / "cgroup.subtree_control").write_text(root_hands + "\n")
        self.write(self.grader / "cgroup.procs", str(os.getpid()))
        self._stop = threading.Event()
        self._reaper = threading.Thread(target=self._reap, daemon=True)
        self._reaper.start()

    # -- the files the module reads to find the hierarchy --------------------------------------
    def set_mounts(self, mounts: list[tuple[str, str, str]], own: str | None = None) -> None:
        """mountinfo lines for (fstype, mount point, super options), and /proc/self/cgroup."""
        lines = ["22 1 0:21 / /proc rw,nosuid - proc proc rw"]
        for i, (fstype, point, opts) in enumerate(mounts):
            esc = point.replace("\\", "\\134").replace(" ", "\\040")
            lines.append(f"{30 + i} 22 0:{40 + i} / {esc} rw,nosuid shared:9 - {fstype} cg {opts}")
        self.mountinfo.write_text("\n".join(lines) + "\n")
        if own is not None:
            self.self_cgroup.write_text(own)

    # -- what the kernel does ---------------------------------------------------------------
    def _allowed(self, path: Path) -> None:
        uid = os.geteuid()  # patched in the tests of a user other than root
        if uid != 0 and path.stat().st_uid != uid:
            raise _oserror(errno.EACCES, path)

    def mkdir(self, path: str | Path, mode: int = 0o777) -> None:
        path = Path(path)
        with self.lock:
            self._allowed(path.parent)
            os.mkdir(path, mode)
            os.chown(path, os.geteuid(), os.geteuid())  # the creator's, as the kernel does
            core = {"cgroup.procs": "", "cgroup.subtree_control": "\n", "cgroup.freeze": "0\n"}
            core["cgroup.controllers"] = _read(path.parent / "cgroup.subtree_control")
            core["cgroup.events"] = "populated 0\nfrozen 0\n"
            core["cpu.stat"] = "usage_usec 0\nuser_usec 0\nsystem_usec 0\n"
            if self.kill_file:
                core["cgroup.kill"] = ""
            _put(path, core)
            self._controller_files(path)

    def _controller_files(self, path: Path) -> None:
        """The files of the controllers ``path``'s parent hands it (made once each)."""
        have = _read(path / "cgroup.controllers").split()
        files: dict[str, str] = {}
        if "memory" in have:
            files.update(
                {
                    "memory.current": "0\n",
                    "memory.max": "max\n",
                    "memory.oom.group": "0\n",
                    "memory.events": "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n",
                }
            )
            if self.swap:
                files["memory.swap.max"] = "max\n"
            if self.peak:
                files["memory.peak"] = "0\n"
        if "pids" in have:
            files.update({"pids.max": "max\n", "pids.current": "0\n"})
        _put(path, files)

    def rmdir(self, path: str | Path) -> None:
        path = Path(path)
        with self.lock:
            if not path.is_dir():
                raise _oserror(errno.ENOENT, path)
            if self.procs(path) or any(p.is_dir() for p in path.iterdir()):
                raise _oserror(errno.EBUSY, path)
            for f in path.iterdir():
                f.unlink()
            os.rmdir(path)

    def write(self, path: Path, value: str) -> None:
        path = Path(path)
        with self.lock:
            self.log.append((str(path.relative_to(self.root)), value))
            if not path.exists():
                raise _oserror(errno.ENOENT, path)
            self._allowed(path)
            cg, name = path.parent, path.name
            if name == "cgroup.subtree_control":
                self._subtree(cg, value)
            elif name == "cgroup.procs":
                self._move(cg, int(value))
            elif name == "cgroup.kill":
                for pid in self.procs(cg):
                    os.kill(pid, signal.SIGKILL)
            elif name == "cgroup.freeze":
                path.write_text(value + "\n")
                want = "frozen 1" if value.strip() == "1" else "frozen 0"
                if value.strip() == "0" or self.freeze_delay == 0:
                    self._events(cg, want)
                elif self.freeze_delay is not None:
                    threading.Timer(self.freeze_delay, self._events, (cg, want)).start()
            else:
                path.write_text(value + "\n")

    def _subtree(self, cg: Path, value: str) -> None:
        have = set(_read(cg / "cgroup.controllers").split())
        now = set(_read(cg / "cgroup.subtree_control").split())
        for token in value.split():
            sign, ctl = token[:1], token[1:]
            if sign not in "+-" or ctl not in have:
                raise _oserror(errno.ENOENT if sign in "+-" else errno.EINVAL, cg)
            if sign == "+" and ctl not in now and cg != self.root and self.procs(cg):
                raise _oserror(errno.EBUSY, cg)  # no internal processes
            now = now | {ctl} if sign == "+" else now - {ctl}
        (cg / "cgroup.subtree_control").write_text(" ".join(sorted(now)) + "\n")
        for child in cg.iterdir():
            if child.is_dir():
                (child / "cgroup.controllers").write_text(" ".join(sorted(now)) + "\n")
                self._controller_files(child)

    def _move(self, cg: Path, pid: int) -> None:
        pid = pid or os.getpid()
        os.kill(pid, 0)  # ProcessLookupError (ESRCH) for a process that is gone
        if cg != self.root and _read(cg / "cgroup.subtree_control").split():
            raise _oserror(errno.EBUSY, cg)
        for procs in self.root.rglob("cgroup.procs"):
            pids = [p for p in self.procs(procs.parent) if p != pid]
            _replace(procs, pids + [pid] if procs.parent == cg else pids)
        if pid == os.getpid():
            rel = cg.relative_to(self.root).as_posix()
            self.self_cgroup.write_text(f"0::/{'' if rel == '.' else rel}\n")

    def _events(self, cg: Path, frozen: str) -> None:
        with self.lock:
            if cg.exists():
                (cg / "cgroup.events").write_text(f"populated 1\n{frozen}\n")

    def procs(self, cg: Path) -> list[int]:
        return [int(p) for p in _read(cg / "cgroup.procs").split()]

    def _reap(self) -> None:
        """A process that exits leaves its cgroup (a zombie is in none)."""
        while not self._stop.wait(0.002):
            with self.lock:
                for procs in self.root.rglob("cgroup.procs"):
                    pids = self.procs(procs.parent)
                    live = [p for p in pids if _alive(p)]
                    if live != pids:
                        _replace(procs, live)

    def stop(self) -> None:
        self._stop.set()
        self._reaper.join()

    def workers(self) -> list[Path]:
        return sorted(p for p in self.root.rglob(f"{cgroup.PREFIX}*") if p.is_dir())


def _read(path: Path) -> str:
    return path.read_text()


def _put(cg: Path, files: dict[str, str]) -> None:
    """Make the files of ``cg`` that are missing, owned by whoever owns ``cg``."""
    owner = cg.stat()
    for name, text in files.items():
        if not (cg / name).exists():
            (cg / name).write_text(text)
            os.chown(cg / name, owner.st_uid, owner.st_gid)


def _replace(path: Path, pids: list[int]) -> None:
    tmp = path.with_name(path.name + ".new")
    tmp.write_text("".join(f"{p}\n" for p in pids))
    os.replace(tmp, path)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.fixture
def make_kernel(tmp_path, monkeypatch):
    """Build a :class:`FakeKernel` and point the module at it (one per test)."""
    made: list[FakeKernel] = []
    monkeypatch.setenv("MEDL_CGROUP", "auto")

    def make(**kw) -> FakeKernel:
        k = FakeKernel(tmp_path, **kw)
        made.append(k)
        monkeypatch.setattr(cgroup, "MOUNTINFO", str(k.mountinfo))
        monkeypatch.setattr(cgroup, "SELF_CGROUP", str(k.self_cgroup))
        monkeypatch.setattr(cgroup, "_write", k.write)
        monkeypatch.setattr(cgroup, "_mkdir", k.mkdir)
        monkeypatch.setattr(cgroup, "_rmdir", k.rmdir)
        cgroup._probe.cache_clear()
        return k

    yield make
    for cg in list(cgroup._live):  # made on a fake tree: removed while it is still patched
        if made and made[0].root in next(iter(cg.dirs.values())).parents:
            cg.remove()
    for k in made:
        k.stop()
    cgroup._probe.cache_clear()


@pytest.fixture
def kernel(make_kernel) -> FakeKernel:
    """A root that hands memory and pids down (as systemd sets it); the grader's cgroup does
    not; this process is root."""
    return make_kernel(root_hands="memory pids")


@pytest.fixture
def sleeper():
    """Start ``sleep`` children; every one still running is killed at the end."""
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        started.append(p)
        return p

    yield start
    for p in started:
        if p.poll() is None:
            p.kill()
        p.wait()


def one_line(exc: pytest.ExceptionInfo) -> str:
    text = str(exc.value)
    assert text and "\n" not in text, text
    return text


def wait_until(cond, what: str) -> None:
    deadline = time.monotonic() + 10
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.005)


# -- making one --------------------------------------------------------------------------------
def test_create_as_root_goes_under_medl_and_writes_every_limit(kernel):
    cg = cgroup.WorkerCgroup.create("t-a b", memory_bytes=300 * MiB, pids=72)
    (d,) = kernel.workers()
    assert cg.version == "v2" and cg.dirs == {"": d}
    assert d.parent == kernel.root / "medl"  # the grader's cgroup does not delegate
    assert d.name.startswith(f"medl-{os.getpid()}-t-a_b-")
    assert _read(d / "memory.max").strip() == str(300 * MiB)
    assert _read(d / "memory.swap.max").strip() == "0"
    assert _read(d / "memory.oom.group").strip() == "1"
    assert _read(d / "pids.max").strip() == "72"
    assert _read(kernel.root / "medl" / "cgroup.subtree_control").split() == ["memory", "pids"]
    # the root already handed memory and pids down: left as it was
    assert ("cgroup.subtree_control", "+memory +pids") not in kernel.log
    cg.remove()
    assert kernel.workers() == [] and (kernel.root / "medl").is_dir()


def test_create_switches_the_controllers_on_where_the_root_does_not_hand_them_down(
    make_kernel,
):
    kernel = make_kernel(root_hands="")
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    assert set(_read(kernel.root / "cgroup.subtree_control").split()) >= {"memory", "pids"}
    assert _read(cg.dirs[""] / "memory.max").strip() == str(64 * MiB)
    second = cgroup.WorkerCgroup.create("u", memory_bytes=32 * MiB, pids=8)  # all set now
    assert _read(second.dirs[""] / "memory.max").strip() == str(32 * MiB)
    assert len(kernel.workers()) == 2


def test_root_in_the_root_cgroup_still_uses_medl(make_kernel):
    """The root cgroup may hand controllers down while it holds processes: nothing moves."""
    kernel = make_kernel(root_hands="memory pids", grader="/")
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    assert cg.dirs[""].parent == kernel.root / "medl"
    assert kernel.procs(kernel.root) == [os.getpid()] and not (kernel.root / cgroup.LEAF).exists()


def test_root_in_a_namespace_root_with_processes_moves_itself_into_a_leaf(make_kernel):
    """A container's cgroup namespace: its top is not the kernel's root cgroup, so it hands
    nothing down while it holds the grader (EBUSY); the grader moves into the leaf."""
    kernel = make_kernel(root_hands="", grader="/")

    def as_namespace_root(cg: Path, value: str) -> None:
        if cg == kernel.root and kernel.procs(cg) and value.startswith("+"):
            raise _oserror(errno.EBUSY, cg)
        real(cg, value)

    real = kernel._subtree
    kernel._subtree = as_namespace_root
    first = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    assert kernel.procs(kernel.root / cgroup.LEAF) == [os.getpid()]
    assert _read(kernel.self_cgroup).strip() == f"0::/{cgroup.LEAF}"
    second = cgroup.WorkerCgroup.create("u", memory_bytes=64 * MiB, pids=8)
    assert first.dirs[""].parent == second.dirs[""].parent == kernel.root / "medl"


def test_a_delegated_cgroup_as_another_user(make_kernel, monkeypatch):
    """systemd-run --user --scope -p Delegate=yes: the scope (holding only the grader) is
    chowned to the user, who may not write anything above it."""
    kernel = make_kernel(root_hands="memory pids", grader="/user.slice/run-1.scope")
    for path in [kernel.grader, *kernel.grader.iterdir()]:
        os.chown(path, 1000, 1000)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    # the grader moved itself into a leaf, then its cgroup could hand memory and pids down
    leaf = kernel.grader / cgroup.LEAF
    assert kernel.procs(leaf) == [os.getpid()] and kernel.procs(kernel.grader) == []
    assert _read(kernel.self_cgroup).strip() == "0::/user.slice/run-1.scope/medl.grader"
    assert cg.dirs[""].parent == kernel.grader
    assert _read(cg.dirs[""] / "pids.max").strip() == "8"
    # a second worker from the leaf: next to the first, not inside the leaf
    other = cgroup.WorkerCgroup.create("u", memory_bytes=64 * MiB, pids=8)
    assert other.dirs[""].parent == kernel.grader
    assert not (kernel.root / "medl").exists()
    assert cgroup.unavailable() == ""


def test_a_delegated_cgroup_with_another_process_is_a_reason(make_kernel, monkeypatch, sleeper):
    kernel = make_kernel(root_hands="memory pids", grader="/user.slice/run-1.scope")
    shell = sleeper()
    kernel.write(kernel.grader / "cgroup.procs", str(shell.pid))
    for path in [kernel.grader, *kernel.grader.iterdir()]:
        os.chown(path, 1000, 1000)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(cgroup.CgroupError) as err:
        cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    why = one_line(err)
    assert str(shell.pid) in why and "alone" in why, why
    assert kernel.workers() == []


def test_the_pid_goes_to_cgroup_procs(kernel, sleeper):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    a, b = sleeper(), sleeper()
    cg.add(a.pid)
    cg.add(b.pid)
    assert ("medl/" + cg.dirs[""].name + "/cgroup.procs", str(a.pid)) in kernel.log
    assert sorted(cg.pids()) == sorted([a.pid, b.pid])
    assert cg.procs_files() == [str(cg.dirs[""] / "cgroup.procs")]
    gone = sleeper()
    gone.kill()
    gone.wait()
    cg.add(gone.pid)  # a process that is already gone needs no cgroup
    assert sorted(cg.pids()) == sorted([a.pid, b.pid])


# -- the freezer ------------------------------------------------------------------------------
def test_freeze_waits_for_frozen_1_and_thaw_writes_0(kernel):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    d = cg.dirs[""]
    kernel.freeze_delay = 0.05  # the kernel reports frozen some time after the write
    cg.freeze()
    assert _read(d / "cgroup.freeze").strip() == "1"
    assert "frozen 1" in _read(d / "cgroup.events")  # returned only once it said so
    cg.thaw()
    assert _read(d / "cgroup.freeze").strip() == "0"
    assert "frozen 0" in _read(d / "cgroup.events")


def test_a_freeze_that_never_completes_is_a_one_line_error_and_is_undone(kernel, monkeypatch):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    kernel.freeze_delay = None
    monkeypatch.setattr(cgroup, "_WAIT", 0.05)
    with pytest.raises(cgroup.CgroupError) as err:
        cg.freeze()
    assert "did not freeze" in one_line(err)
    assert _read(cg.dirs[""] / "cgroup.freeze").strip() == "0"  # not left half frozen


# -- what the kernel measured -------------------------------------------------------------------
def test_cpu_seconds_parse_usage_usec(kernel):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    stat = cg.dirs[""] / "cpu.stat"
    assert cg.cpu_seconds() == 0.0
    # with the cpu controller on, more keys come first and after
    stat.write_text(
        "nr_periods 0\nusage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_throttled 0\n"
    )
    assert cg.cpu_seconds() == pytest.approx(2.5)
    stat.unlink()
    assert cg.cpu_seconds() == 0.0


def test_memory_now_and_peak(kernel):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    d = cg.dirs[""]
    (d / "memory.current").write_text("1000\n")
    (d / "memory.peak").write_text("5000\n")
    assert cg.memory_bytes() == 1000
    assert cg.memory_peak() == 5000  # the kernel's high-water mark


def test_memory_peak_without_memory_peak_is_the_highest_sample(make_kernel):
    make_kernel(root_hands="memory pids", peak=False)  # kernels before 5.19
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    d = cg.dirs[""]
    assert not (d / "memory.peak").exists()
    (d / "memory.current").write_text("7000\n")
    assert cg.memory_bytes() == 7000
    (d / "memory.current").write_text("3000\n")
    assert cg.memory_bytes() == 3000
    assert cg.memory_peak() == 7000
    (d / "memory.current").write_text("9000\n")
    assert cg.memory_peak() == 9000  # read now as well


def test_oom_killed_reads_oom_kill_in_memory_events(kernel):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    events = cg.dirs[""] / "memory.events"
    assert not cg.oom_killed()
    events.write_text("low 0\nhigh 0\nmax 12\noom 3\noom_kill 0\n")
    assert not cg.oom_killed()  # the limit was hit, nobody was killed
    events.write_text("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 1\n")
    assert cg.oom_killed()


# -- the end ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kill_file", [True, False], ids=["cgroup.kill", "before-5.14"])
def test_kill_empties_the_cgroup(make_kernel, sleeper, kill_file):
    """By ``cgroup.kill``; where that is absent (kernels before 5.14), frozen (no fork can
    race the signal), SIGKILL to each process, thawed."""
    kernel = make_kernel(root_hands="memory pids", kill_file=kill_file)
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    assert (cg.dirs[""] / "cgroup.kill").exists() == kill_file
    a, b = sleeper(), sleeper()
    cg.add(a.pid)
    cg.add(b.pid)
    cg.kill()
    assert cg.pids() == []
    assert a.wait(timeout=5) == -signal.SIGKILL and b.wait(timeout=5) == -signal.SIGKILL
    rel = f"medl/{cg.dirs[''].name}/"
    freezes = [v for p, v in kernel.log if p == rel + "cgroup.freeze"]
    if kill_file:
        assert (rel + "cgroup.kill", "1") in kernel.log and freezes == []
    else:
        assert freezes[:2] == ["1", "0"]


def test_remove_kills_what_is_left_and_removes_the_folder(kernel, sleeper):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    d = cg.dirs[""]
    p = sleeper()
    cg.add(p.pid)
    cg.remove()
    assert p.wait(timeout=5) == -signal.SIGKILL
    assert not d.exists() and cg not in cgroup._live
    cg.remove()  # idempotent


def test_remove_retries_while_the_kernel_says_busy(kernel, monkeypatch):
    cg = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    calls = []

    def busy_twice(path):
        calls.append(path)
        if len(calls) <= 2:
            raise _oserror(errno.EBUSY, Path(path))
        kernel.rmdir(path)

    monkeypatch.setattr(cgroup, "_rmdir", busy_twice)
    cg.remove()
    assert len(calls) == 3 and not cg.dirs[""].exists()


def test_a_folder_left_by_a_dead_grader_is_swept(kernel):
    first = cgroup.WorkerCgroup.create("t", memory_bytes=64 * MiB, pids=8)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], stdout=-1)
    left = kernel.root / "medl" / f"medl-{int(dead.stdout)}-x-abcdef"
    kernel.mkdir(left)
    cgroup.WorkerCgroup.create("u", memory_bytes=64 * MiB, pids=8)
    assert not left.exists() and first.dirs[""].exists()  # a live grader's is kept


# -- the choice: v2, v1 or degraded, and why ---------------------------------------------------
def test_unavailable_is_empty_on_v2_and_the_probe_leaves_nothing(kernel):
    assert cgroup.unavailable() == ""
    assert cgroup.version() == "v2"
    assert kernel.workers() == []


def test_medl_cgroup_off_is_the_reason_even_where_v2_works(kernel, monkeypatch):
    monkeypatch.setenv("MEDL_CGROUP", "off")
    assert cgroup.unavailable() == "MEDL_CGROUP=off"
    assert kernel.workers() == [] and not (kernel.root / "medl").exists()  # nothing probed


def test_no_cgroup_mount_at_all(make_kernel):
    kernel = make_kernel()
    kernel.set_mounts([])
    why = cgroup.unavailable()
    assert "no cgroup filesystem is mounted" in why and "\n" not in why
    with pytest.raises(cgroup.CgroupError) as err:
        cgroup.version()
    assert "no cgroup filesystem" in one_line(err)


def test_v2_without_the_memory_controller(make_kernel):
    kernel = make_kernel(controllers="cpu io pids")
    why = cgroup.unavailable()
    assert f"cgroup v2 at {kernel.root} has no memory controller" in why, why
    assert "cgroup.controllers: cpu io pids" in why and "v1" in why and "\n" not in why
    assert kernel.workers() == [] and not (kernel.root / "medl").exists()


def test_v2_not_delegated_to_a_user_other_than_root(make_kernel, monkeypatch):
    kernel = make_kernel(root_hands="memory pids")  # the grader's cgroup: owned by root
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    why = cgroup.unavailable()
    assert f"{kernel.grader} is not delegated to uid 1000" in why, why
    assert "Permission denied" in why and "Delegate=yes" in why and "\n" not in why
    assert kernel.workers() == [] and not (kernel.root / "medl").exists()
    assert kernel.procs(kernel.grader) == [os.getpid()]  # nothing moved


def test_root_without_write_access_to_the_hierarchy(make_kernel, monkeypatch):
    """A container whose cgroup fs is read-only to it: root, yet no folder can be made."""
    kernel = make_kernel(root_hands="memory pids")

    def refused(path, mode=0o777):
        raise _oserror(errno.EROFS, Path(path))

    monkeypatch.setattr(cgroup, "_mkdir", refused)
    why = cgroup.unavailable()
    assert f"cannot make {kernel.root / 'medl'}" in why and "Read-only" in why, why


def test_hybrid_v1_is_chosen_where_v2_has_no_controllers(make_kernel, tmp_path):
    kernel = make_kernel(controllers="")
    v1 = {c: tmp_path / "v1" / c for c in cgroup.V1_CONTROLLERS}
    for d in v1.values():
        (d / "grader").mkdir(parents=True)
    mounts = [("cgroup", str(d), f"rw,{c}") for c, d in v1.items()]
    own = "".join(f"{i}:{c}:/grader\n" for i, c in enumerate(cgroup.V1_CONTROLLERS, 1))
    kernel.set_mounts([("cgroup2", str(kernel.root), "rw"), *mounts], own + "0::/\n")
    assert cgroup.version() == "v1"
    assert cgroup._layout()[1] == {c: d / "grader" for c, d in v1.items()}
    # one v1 hierarchy missing: the reason names it, and what v2 lacked
    kernel.set_mounts([("cgroup2", str(kernel.root), "rw"), *mounts[:3]])
    with pytest.raises(cgroup.CgroupError) as err:
        cgroup.version()
    why = one_line(err)
    assert "no cgroup v1 freezer hierarchy" in why and "no memory or pids controller" in why


def test_v2_with_memory_wins_over_v1_hierarchies(kernel, tmp_path):
    v1 = tmp_path / "v1"
    (v1 / "freezer").mkdir(parents=True)
    mounts = [("cgroup", str(v1 / "freezer"), "rw,freezer"), ("cgroup2", str(kernel.root), "rw")]
    kernel.set_mounts(mounts, "1:freezer:/\n0::/grader.slice/medl.scope\n")
    assert cgroup.version() == "v2"
