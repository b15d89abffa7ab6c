"""The bubblewrap command line that jails a worker, and the private copy of code it runs.

What the jail holds (everything else of the host file system is absent, not just denied):

- ``/usr`` (and the ``/bin``, ``/lib*`` links into it) and the Python installation and
  virtual environment, all read-only;
- ``/opt/medl``: ``medl_jail`` (a copy of the folder ``autograder/sandbox/jail/``) and the
  public ``shared/`` helpers, read-only (the medl checkout itself, with ``solutions/`` and
  hidden tests, is never mounted; the editable install's path finder then finds nothing);
- a private ``/tmp`` (tmpfs, size-capped) as working folder and ``HOME``; fresh ``/proc``
  and ``/dev``; no network (only ``lo``), no IPC, UTS or pid namespace sharing.

As root, bwrap runs without a user namespace and the worker drops to a uid of its own (see
:func:`autograder.sandbox.jail.worker.confine`): the kernel never applies RLIMIT_NPROC to
uid 0, not even
inside a user namespace that maps to it. As another user, ``--unshare-all`` with a user
namespace, in which RLIMIT_NPROC counts only the sandbox's processes.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

__all__ = ["LIB", "bwrap_command", "bwrap_works", "staged_lib", "worker_argv"]

LIB = "/opt/medl"  # where the staged worker code appears inside the jail
JAIL_PACKAGE = "medl_jail"  # the name autograder/sandbox/jail/ has inside the jail
# sys.path[0] is "" (the working folder) for -c: replaced by the staged code.
_LAUNCH = "import sys; sys.path[0] = {lib!r}; from medl_jail.worker import main; main()"
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime")
_lock = threading.Lock()
_staged: list[Path] = []


def staged_lib() -> Path:
    """A private, world-readable copy of the code the worker needs (made once per process).

    ``medl_jail/`` is ``autograder/sandbox/jail/`` (worker, codec, fork server); ``shared/`` is
    the public helpers package that releases ship to students anyway.
    """
    with _lock:
        if _staged and _staged[0].is_dir():
            return _staged[0]
        _sweep()
        root = Path(tempfile.mkdtemp(prefix=f"medl-sandbox-lib-{os.getpid()}-"))
        # The jailed code is one folder, copied whole: it imports nothing from the grader.
        jail = Path(__file__).resolve().parent / "jail"
        shutil.copytree(
            jail, root / JAIL_PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        src = _shared_dir()
        shutil.copytree(src, root / "shared", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (root / "etc").mkdir()
        (root / "etc" / "hosts").write_text("127.0.0.1 localhost\n::1 localhost\n")
        for d, _dirs, files in os.walk(root):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        _staged[:] = [root]
        atexit.register(shutil.rmtree, root, True)
        return root


def _sweep() -> None:
    """Remove staged copies left by processes of this user that died without their atexit
    (killed workers of a Dask cluster, a SIGKILLed batch): the pid is in the name."""
    for d in Path(tempfile.gettempdir()).glob("medl-sandbox-lib-*-*"):
        try:
            pid = int(d.name.split("-")[3])
            if d.stat().st_uid != os.getuid():
                continue
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except (ValueError, IndexError, OSError):
            continue


def _shared_dir() -> Path:
    """medl's ``shared`` package: installed beside ``autograder`` (never a namespace package
    of the same name that happens to be on sys.path)."""
    sibling = Path(__file__).resolve().parents[2] / "shared"
    if (sibling / "__init__.py").is_file():
        return sibling
    import importlib.util

    spec = importlib.util.find_spec("shared")
    if spec is None or not spec.origin or not spec.origin.endswith("__init__.py"):
        raise RuntimeError("cannot find medl's shared package to copy into the sandbox")
    return Path(spec.origin).parent


def worker_argv(lib: str, in_fd: int, out_fd: int, extra: list[str]) -> list[str]:
    """``python -s -c <launcher> IN OUT ...``: the worker, imported from ``lib`` only.

    Not ``-I``: it would ignore PYTHONHASHSEED (string hashes, hence set order, would change
    between regrades); the environment is set whole by the sandbox, so nothing else leaks in.
    """
    return [sys.executable, "-s", "-c", _LAUNCH.format(lib=lib), str(in_fd), str(out_fd), *extra]


def _python_dirs() -> list[str]:
    """The Python installation and environment to mount read-only (never ``/``)."""
    exe = os.path.realpath(sys.executable)
    cands = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        os.path.dirname(os.path.dirname(exe)),
    }
    out = []
    for d in sorted({os.path.realpath(c) for c in cands} | cands, key=len):
        if d in ("/", "") or d == "/usr" or d.startswith("/usr/") or not os.path.isdir(d):
            continue
        if any(d == o or d.startswith(o + "/") for o in out):
            continue
        out.append(d)
    return out


def _parents(path: str, made: set[str]) -> list[str]:
    """``--dir`` for each missing ancestor, mode 0755 (bwrap's default would be 0700, which
    the worker's own uid could not traverse)."""
    args: list[str] = []
    parts = Path(path).parts[1:-1]
    cur = ""
    for part in parts:
        cur += "/" + part
        if cur not in made and cur != "/tmp":
            made.add(cur)
            args += ["--perms", "0755", "--dir", cur]
    return args


def bwrap_command(
    argv: list[str],
    env: dict[str, str],
    *,
    root: bool,
    tmp_bytes: int,
    lib: Path,
    forkserver: bool = False,
) -> list[str]:
    """The full ``bwrap ... -- argv`` command line. ``forkserver`` (root only) also keeps
    CAP_SYS_ADMIN and CAP_NET_ADMIN, with which :mod:`autograder.sandbox.jail.forkserver`
    gives each forked worker its own mount, pid, IPC and network namespace (``lo`` up) before
    the worker drops every capability."""
    if forkserver and not root:
        raise ValueError("the fork server needs root (a uid of its own per worker)")
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--clearenv"]
    if root:
        # No user namespace: the worker needs CAP_SETUID/SETGID to leave uid 0 (then none).
        cmd += [
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--cap-drop",
            "ALL",
            "--cap-add",
            "CAP_SETUID",
            "--cap-add",
            "CAP_SETGID",
            "--cap-add",
            "CAP_SETPCAP",
        ]
        if forkserver:  # namespaces and mounts per fork; lo up in each fork's network
            cmd += ["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_NET_ADMIN"]
    else:
        cmd += ["--unshare-all", "--unshare-user", "--disable-userns"]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{name}"
        if os.path.islink(host):
            cmd += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            cmd += ["--ro-bind", host, host]
    for name in _ETC:
        cmd += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    cmd += ["--ro-bind", str(lib / "etc" / "hosts"), "/etc/hosts"]
    cmd += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--perms",
        "1777",
        "--size",
        str(tmp_bytes),
        "--tmpfs",
        "/tmp",
        "--perms",
        "1777",
        "--size",
        str(16 * 2**20),
        "--tmpfs",
        "/dev/shm",
    ]
    made: set[str] = set()
    for d in _python_dirs():
        cmd += _parents(d + "/x", made) + ["--ro-bind", d, d]
    cmd += _parents(LIB + "/x", made) + ["--ro-bind", str(lib), LIB]
    cmd += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu"]
    if os.path.exists("/dev/nvidiactl"):  # CUDA: the device nodes and what the driver reads
        for dev in sorted(glob.glob("/dev/nvidia*")):
            cmd += ["--dev-bind-try", dev, dev]
        cmd += ["--ro-bind-try", "/sys", "/sys"]
        for d in env.get("LD_LIBRARY_PATH", "").split(":"):
            if d.startswith("/") and not d.startswith("/usr/") and os.path.isdir(d):
                cmd += _parents(d + "/x", made) + ["--ro-bind-try", d, d]
    cmd += ["--chdir", "/tmp"]
    for k, v in sorted(env.items()):
        cmd += ["--setenv", k, v]
    return [*cmd, "--", *argv]


@lru_cache(maxsize=1)
def bwrap_works() -> str:
    """Why bwrap cannot run the worker here, or the empty string when it can.

    Probed once per process: a jail like a worker's, in which the worker's confine() runs.
    """
    exe = shutil.which("bwrap")
    if not exe:
        return "bwrap is not installed (Debian package `bubblewrap`)"
    checkout = Path(__file__).resolve().parents[2]
    for d in _python_dirs():
        if (checkout / "solutions").is_dir() and checkout.is_relative_to(d):
            return f"the Python environment {d} contains the course checkout {checkout}"
    lib = staged_lib()
    root = os.geteuid() == 0
    uid = 1_400_000_000 + os.getpid() if root else None
    code = (
        f"import sys; sys.path.insert(0, {LIB!r}); from medl_jail.worker import confine; "
        f"confine({uid!r}, 64); import numpy, shared"
    )
    cmd = bwrap_command(
        [sys.executable, "-I", "-c", code],
        {"PATH": "/usr/bin:/bin"},
        root=root,
        tmp_bytes=2**20,
        lib=lib,
    )
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not start ({exc})"
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"bwrap failed ({err[-1] if err else f'exit code {r.returncode}'})"
    return ""
