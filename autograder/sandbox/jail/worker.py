"""The untrusted side: runs a student's definitions and answers calls from the grader.

Started by :mod:`autograder.sandbox.launch` as ``python -s -c <launcher> IN_FD OUT_FD [--uid U]
[--nproc N] [--mem BYTES] [--tag T]`` with stdout/stderr already redirected to capture files.
Before any student code runs, :func:`confine` leaves root for uid ``U`` (under bwrap as root),
sets RLIMIT_NPROC and no-new-privileges; if that fails the worker exits with
:data:`CONFINE_FAILED` and runs nothing. Protocol (frames from :mod:`codec`):

1. the grader sends ``{"chunks": [{"cell", "lineno", "source"}...], "seed": int}``;
   the worker executes each chunk in a fresh module and replies
   ``{"defined": [names], "problems": [messages]}``;
2. then it answers requests until its input closes:
   ``call`` (a top-level name or a handle, optional attribute, args, kwargs, ``keep``),
   ``getattr``, ``put``, ``get``, ``free``, ``sync``.

Replies are ``{"ok": value}`` or ``{"error": {"type", "message", "where"}}``, with the
trip-wired names the call used and the warnings it raised (feedback only). The worker
reports data only; every verdict is made in the grader. Anything written to the protocol
pipe by student code can at most forge the student's own outputs, which are checked anyway.
"""

from __future__ import annotations

import ctypes
import importlib
import importlib.abc
import importlib.util
import os
import random
import resource
import sys
import traceback
import types
import warnings
from typing import Any

from .codec import CodecError, Handle, decode, encode, read_frame, write_frame

_MAX_MSG = 2000
CONFINE_FAILED = 97  # exit code: the sandbox could not be set up; nothing was run
_PR_SET_NO_NEW_PRIVS = 38
_PR_CAPBSET_DROP = 24
_limits = {"mem": 0}


class _Handles:
    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}
        self.next_id = 1

    def store(self, obj: Any) -> Handle:
        hid = self.next_id
        self.next_id += 1
        self.objects[hid] = obj
        return Handle(hid, type(obj).__name__)

    def resolve(self, hid: int) -> Any:
        try:
            return self.objects[hid]
        except KeyError:
            raise CodecError(f"unknown handle {hid}") from None


def _where(exc: BaseException) -> str:
    """The innermost frame in the student's cells, as 'cell N, line L (in f)'."""
    for fr in reversed(traceback.extract_tb(exc.__traceback__)):
        if fr.filename.startswith("<cell "):
            return f"{fr.filename[1:-1]}, line {fr.lineno} (in {fr.name})"
    return ""


def _is_oom(exc: BaseException) -> bool:
    """MemoryError, or torch's allocator failing (a RuntimeError, or CUDA's OOM error)."""
    if isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError":
        return True
    text = str(exc)[:500]
    return isinstance(exc, RuntimeError) and (
        "can't allocate memory" in text or "out of memory" in text
    )


def _error(exc: BaseException) -> dict:
    try:
        msg = str(exc)
    except BaseException:  # noqa: BLE001 - a student exception whose __str__ raises
        msg = "(the exception's message could not be shown)"
    if len(msg) > _MAX_MSG:
        msg = msg[:_MAX_MSG] + "..."
    name = type(exc).__name__
    if isinstance(exc, SystemExit):
        msg = f"the code called sys.exit({exc.code!r})"
    elif _is_oom(exc):
        name = "MemoryError"
        if _limits["mem"]:
            msg += f" (the limit is {_limits['mem'] / 2**20:.0f} MiB per process)"
    return {"type": name, "message": msg, "where": _where(exc)}


def _seed(seed: int) -> None:
    """Seed random, numpy's global generator and (when imported) torch."""
    random.seed(seed)
    try:
        import numpy as np

        np.random.seed(seed % 2**32)
    except ImportError:  # pragma: no cover
        pass
    _seed_torch(sys.modules.get("torch"), seed)


def _seed_torch(torch: Any, seed: int) -> None:
    """Seed torch (it seeds itself randomly at import) and make it deterministic (warnings
    only for ops without a deterministic kernel)."""
    if torch is None or not hasattr(torch, "manual_seed"):
        return
    try:
        torch.manual_seed(seed)
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
    except Exception:  # noqa: BLE001 - a half-imported or patched torch: seeds only
        pass


class _SeedTorchOnImport(importlib.abc.MetaPathFinder):
    """Seeds torch the moment it is first imported, even inside a student's function."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "torch":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run, seed = spec.loader.exec_module, self.seed

        def exec_module(module: types.ModuleType) -> None:
            run(module)
            _seed_torch(module, seed)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def confine(uid: int | None, nproc: int | None) -> None:
    """Leave root for ``uid`` (empty capability bounding set, no groups), forbid gaining
    privileges, cap processes. Raises OSError if any step fails."""
    libc = ctypes.CDLL(None, use_errno=True)
    if uid is not None:
        for cap in range(64):  # needs CAP_SETPCAP; unknown caps fail harmlessly
            libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid):
            raise OSError("the worker is still root")
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if nproc:
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))


# Plotting libraries cost ~0.3 s to import and graded functions rarely touch them: an
# import statement of only these binds a module that imports itself on first use.
LAZY_MODULES = ("matplotlib", "seaborn")


class _LazyModule(types.ModuleType):
    """Stands for module ``name`` until an attribute is read, then imports it."""

    def __getattr__(self, attr: str) -> Any:
        real = importlib.import_module(self.__name__)
        try:
            return getattr(real, attr)
        except AttributeError:  # a submodule not imported yet: ``matplotlib.pyplot``
            return importlib.import_module(f"{self.__name__}.{attr}")


def _bind_lazily(source: str, namespace: dict) -> bool:
    """If ``source`` is one import statement of :data:`LAZY_MODULES` only, bind lazy
    stand-ins in ``namespace`` and return True; otherwise change nothing."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if len(tree.body) != 1 or not isinstance(tree.body[0], (ast.Import, ast.ImportFrom)):
        return False
    node = tree.body[0]
    if isinstance(node, ast.ImportFrom):
        mod = node.module or ""
        if (
            node.level
            or mod.split(".")[0] not in LAZY_MODULES
            or any(a.name == "*" for a in node.names)
        ):
            return False
        for a in node.names:  # from matplotlib import pyplot as plt: pyplot is a module?
            if importlib.util.find_spec(f"{mod}.{a.name}") is None:
                return False
        for a in node.names:
            namespace[a.asname or a.name] = _LazyModule(f"{mod}.{a.name}")
        return True
    if not all(a.name.split(".")[0] in LAZY_MODULES for a in node.names):
        return False
    for a in node.names:
        if a.asname:
            namespace[a.asname] = _LazyModule(a.name)
        else:
            top = a.name.split(".")[0]
            namespace.setdefault(top, _LazyModule(top))
    return True


def _tripwire(name: str, original: Any, used: set[str]) -> Any:
    def tripwire(*args: Any, **kwargs: Any) -> Any:
        used.add(name)
        return original(*args, **kwargs)

    tripwire.__name__ = getattr(original, "__name__", "tripwire")
    tripwire.__doc__ = getattr(original, "__doc__", None)
    return tripwire


class _Tripwires:
    """Wrap forbidden functions so that calling them, however they were reached
    (``getattr(F, "conv" + "2d")``), is reported to the grader with the call's reply.

    Defence in depth behind the static scan: code that digs the original out of a
    closure, or imports the module under another name after loading, is not stopped."""

    def __init__(self, names: list[str]) -> None:
        self.pending = [n for n in names if isinstance(n, str) and "." in n]
        self.used: set[str] = set()

    def arm(self, sources: list[str]) -> None:
        """Wrap every watched name whose top-level module is loaded or imported by
        ``sources`` (the student's definitions)."""
        still = []
        for name in self.pending:
            top = name.split(".")[0]
            wanted = top in sys.modules or any(
                f"import {top}" in src or f"from {top}" in src for src in sources
            )
            if not (wanted and self._wrap(name)):
                still.append(name)
        self.pending = still

    def _wrap(self, name: str) -> bool:
        parts = name.split(".")
        for k in range(len(parts) - 1, 0, -1):
            try:
                obj: Any = importlib.import_module(".".join(parts[:k]))
            except Exception:  # noqa: BLE001 - not a module path: try a shorter one
                continue
            try:
                for attr in parts[k:-1]:
                    obj = getattr(obj, attr)
                original = getattr(obj, parts[-1])
            except AttributeError:
                return True  # nothing to wrap under this name
            if isinstance(original, type) or not callable(original):
                return True  # classes and modules are left to the static scan
            try:
                setattr(obj, parts[-1], _tripwire(name, original, self.used))
            except (AttributeError, TypeError):
                return True
            return True
        return False

    def take(self) -> list[str]:
        out = sorted(self.used)
        self.used.clear()
        return out


def serve(rd, wr) -> None:
    """Run the protocol on binary streams ``rd`` / ``wr``."""
    handles = _Handles()
    send = write_frame  # bound before student code runs

    warned: list[str] = []  # warnings the current call raised, sent with its reply

    def reply(value: Any, echo: Any = None) -> None:
        msg = {"ok": value, "used": wires.take(), "warned": _take(warned)}
        if echo is not None:  # the arguments as they are after the call (contracts.py)
            msg["echo"] = echo
        try:
            header, bufs = encode(msg, store=handles.store)
        except CodecError as exc:
            header, bufs = encode(
                {"error": {"type": "BadOutput", "message": str(exc), "where": ""}}
            )
        except BaseException as exc:  # e.g. a tensor subclass that raises on access
            header, bufs = encode(
                {
                    "error": {
                        "type": "BadOutput",
                        "message": f"{type(exc).__name__}: {exc}",
                        "where": "",
                    }
                }
            )
        send(wr, header, bufs)

    main_pid = os.getpid()

    def forked_copy() -> bool:  # a fork of this worker must never answer the grader
        if os.getpid() != main_pid:
            os._exit(0)
        return False

    header, bufs = read_frame(rd)
    setup = decode(header, bufs)
    wires = _Tripwires(list(setup.get("watch", [])))
    wires.arm([c["source"] for c in setup["chunks"]])
    module = types.ModuleType("submission")
    module.__dict__["__builtins__"] = __builtins__
    sys.modules["submission"] = module
    _seed(int(setup.get("seed", 0)))
    if "torch" not in sys.modules:
        sys.meta_path.insert(0, _SeedTorchOnImport(int(setup.get("seed", 0))))
    problems: list[str] = []
    for chunk in setup["chunks"]:
        try:
            if _bind_lazily(chunk["source"], module.__dict__):
                continue
            code = compile(chunk["source"], f"<cell {chunk['cell']}>", "exec")
            exec(code, module.__dict__)
            forked_copy()
        except BaseException as exc:  # noqa: BLE001 - any failure is the student's to see
            forked_copy()
            err = _error(exc)
            where = err["where"] or f"cell {chunk['cell']}, line {chunk['lineno']}"
            problems.append(f"{where}: {err['type']}: {err['message']}")
    _seed(int(setup.get("seed", 0)))
    wires.arm([])  # modules the definitions imported in other ways
    wires.take()  # calls made while loading are not any test's
    defined = sorted(k for k in module.__dict__ if not k.startswith("__"))
    reply({"defined": defined, "problems": problems})

    while True:
        try:
            header, bufs = read_frame(rd)
        except EOFError:
            return
        try:
            req = decode(header, bufs, resolve=handles.resolve)
            op = req["op"]
            if op == "call":
                # handles in a request arrive already resolved to the worker's objects
                target = module.__dict__[req["name"]] if req.get("name") else req["handle"]
                if req.get("attr"):
                    target = getattr(target, req["attr"])
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        out = target(*req.get("args", ()), **req.get("kwargs", {}))
                    finally:
                        warned.extend(_describe(w) for w in caught[:MAX_WARNINGS])
                forked_copy()
                if req.get("sync"):
                    _cuda_sync()
                if req.get("keep"):
                    _check_plain(out)
                    reply(handles.store(out))
                elif req.get("echo"):
                    reply(out, {"args": req.get("args", []), "kwargs": req.get("kwargs", {})})
                else:
                    reply(out)
            elif op == "getattr":
                obj = module if req.get("handle") is None else req["handle"]
                reply(getattr(obj, req["attr"]))
            elif op == "put":
                reply(handles.store(_to_device(req["value"], req.get("device"))))
            elif op == "get":
                reply(req["handle"])
            elif op == "free":  # plain integer ids, so that they are not resolved
                for hid in req["ids"]:
                    handles.objects.pop(hid, None)
                reply(None)
            elif op == "sync":
                _cuda_sync()
                reply(None)
            else:
                raise CodecError(f"unknown op {op!r}")
        except BaseException as exc:  # noqa: BLE001 - includes SystemExit from student code
            forked_copy()
            header, bufs = encode(
                {"error": _error(exc), "used": wires.take(), "warned": _take(warned)}
            )
            send(wr, header, bufs)


MAX_WARNINGS = 5


def _describe(w: warnings.WarningMessage) -> str:
    """``RuntimeWarning: overflow encountered in exp (cell 4, line 3)``, capped."""
    where = ""
    name = str(getattr(w, "filename", ""))
    if name.startswith("<cell "):
        where = f" ({name[1:-1]}, line {w.lineno})"
    text = f"{getattr(w.category, '__name__', 'Warning')}: {w.message}"
    return text[:200] + where


def _take(items: list[str]) -> list[str]:
    """The distinct warnings collected so far (at most MAX_WARNINGS); empties ``items``."""
    out = list(dict.fromkeys(items))[:MAX_WARNINGS]
    items.clear()
    return out


def _check_plain(out: Any, depth: int = 0) -> None:
    """A timed result must be real data (exact ndarray / torch.Tensor, or tuples of them):
    a lazy object could defer its work past the clock."""
    if type(out) in (tuple, list) and depth < 3:
        for o in out:
            _check_plain(o, depth + 1)
        return
    torch = sys.modules.get("torch")
    import numpy as np

    if type(out) is np.ndarray or (torch is not None and type(out) is torch.Tensor):
        return
    if isinstance(out, (int, float)) and type(out) in (int, float):
        return
    raise TypeError(f"a timed function must return arrays or tensors, not {type(out).__name__}")


def _to_device(value: Any, device: str | None) -> Any:
    if not device or device == "cpu":
        return value
    torch = sys.modules.get("torch")
    if torch is None:
        import torch
    if isinstance(value, torch.Tensor):
        return value.to(device)
    if type(value) in (list, tuple):
        return type(value)(_to_device(v, device) for v in value)
    if type(value) is dict:
        return {k: _to_device(v, device) for k, v in value.items()}
    return value


def _cuda_sync() -> None:
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.synchronize()


def _options(argv: list[str]) -> dict[str, str]:
    opts = {}
    for key, value in zip(argv[2::2], argv[3::2], strict=False):
        opts[key.lstrip("-")] = value
    return opts


def main(argv: list[str] | None = None) -> None:
    """Entry point: confine this process, then serve the protocol on the two fds."""
    argv = sys.argv[1:] if argv is None else argv
    in_fd, out_fd = int(argv[0]), int(argv[1])
    opts = _options(argv)
    _limits["mem"] = int(opts.get("mem", 0))
    try:
        confine(
            int(opts["uid"]) if "uid" in opts else None,
            int(opts["nproc"]) if "nproc" in opts else None,
        )
    except (OSError, ValueError) as exc:
        print(f"medl worker: the sandbox could not be set up: {exc}", file=sys.stderr)
        sys.stderr.flush()
        os._exit(CONFINE_FAILED)
    rd = os.fdopen(in_fd, "rb", buffering=0)
    wr = os.fdopen(out_fd, "wb", buffering=1 << 20)
    serve(rd, wr)
    wr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
