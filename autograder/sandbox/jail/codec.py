"""A safe wire format between the grader and the untrusted worker: no pickle, ever.

A frame is::

    [4-byte big-endian header length][UTF-8 JSON header][raw array buffers ...]

The header's ``value`` is plain JSON in which arrays appear as ``{"__nd__": i}`` (numpy)
or ``{"__pt__": i}`` (torch tensor), pointing into ``header["buffers"][i]`` =
``{"dtype": "<f8", "shape": [..]}``; a dtype passed as a value is ``{"__dtype__": "float32",
"lib": "torch"}`` (whitelisted names only); tuples are ``{"__tuple__": [..]}`` and objects left in
the worker are ``{"__handle__": id, "type": name}``. Decoding checks every size against the
header and a cap, accepts only a whitelist of dtypes and never builds object arrays.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np

__all__ = [
    "ALLOWED_DTYPES",
    "CodecError",
    "Handle",
    "decode",
    "encode",
    "read_frame",
    "write_frame",
]

MAX_HEADER = 8 * 1024 * 1024
MAX_FRAME = 1024 * 1024 * 1024
ALLOWED_DTYPES = frozenset(
    np.dtype(t).str
    for t in (
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    )
)
_TAGS = ("__nd__", "__pt__", "__tuple__", "__handle__", "__float__", "__dtype__")
# dtypes themselves (``dtype=torch.float32`` as an argument) cross by name, from this list
DTYPE_NAMES = frozenset(np.dtype(d).name for d in ALLOWED_DTYPES)


class CodecError(ValueError):
    """A value cannot be sent, or a frame received is malformed."""


@dataclass(frozen=True)
class Handle:
    """An object that stays in the worker; only its id and type name cross."""

    id: int
    type: str


def _is_tensor(x: Any) -> bool:
    return type(x).__module__.startswith("torch") and type(x).__name__ in ("Tensor", "Parameter")


def encode(value: Any, *, store: Any = None) -> tuple[dict, list[bytes]]:
    """Turn ``value`` into (header, buffers).

    ``store`` (worker side only) is called with an unencodable object and returns a Handle;
    without it such objects raise CodecError.
    """
    buffers: list[bytes] = []
    specs: list[dict] = []

    def add_array(arr: np.ndarray, tag: str) -> dict:
        if arr.dtype.str not in ALLOWED_DTYPES:
            if arr.dtype.kind == "f" or arr.dtype.kind in "iub":
                arr = arr.astype(np.float64 if arr.dtype.kind == "f" else np.int64)
            else:
                raise CodecError(f"arrays of dtype {arr.dtype} cannot be sent")
        arr = np.ascontiguousarray(arr).reshape(arr.shape)  # a 0-d array stays 0-d
        specs.append({"dtype": arr.dtype.str, "shape": list(arr.shape)})
        buffers.append(arr.tobytes())
        return {tag: len(specs) - 1}

    def walk(x: Any, depth: int) -> Any:
        if depth > 32:
            raise CodecError("value is nested more than 32 levels deep")
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int) and type(x) in (int, bool):
            if abs(x) > 2**63:
                return {"__float__": repr(float(x))}
            return x
        if type(x) is float:
            return x if math.isfinite(x) else {"__float__": repr(x)}
        if isinstance(x, np.bool_):
            return bool(x)
        if isinstance(x, (np.integer,)):
            return int(x)
        if isinstance(x, (np.floating,)):
            return walk(float(x), depth)
        if isinstance(x, np.dtype) or (isinstance(x, type) and issubclass(x, np.generic)):
            name = np.dtype(x).name
            if name not in DTYPE_NAMES:
                raise CodecError(f"dtype {name} cannot be sent")
            return {"__dtype__": name, "lib": "numpy"}
        if type(x).__module__ == "torch" and type(x).__name__ == "dtype":
            name = str(x).removeprefix("torch.")
            if name not in DTYPE_NAMES:
                raise CodecError(f"dtype {x} cannot be sent")
            return {"__dtype__": name, "lib": "torch"}
        if type(x) is np.ndarray:
            if x.dtype == object:
                raise CodecError("object arrays cannot be sent")
            return add_array(x, "__nd__")
        if _is_tensor(x):
            t = x.detach()
            if str(t.dtype) == "torch.bfloat16":  # numpy has no bfloat16
                t = t.float()
            return add_array(t.cpu().contiguous().numpy(), "__pt__")
        if type(x) in (list, tuple):
            items = [walk(v, depth + 1) for v in x]
            return items if type(x) is list else {"__tuple__": items}
        if type(x) is dict:
            out = {}
            for k, v in x.items():
                if type(k) is not str:
                    raise CodecError(f"dict keys must be strings, got {type(k).__name__}")
                if k in _TAGS:
                    raise CodecError(f"dict key {k!r} is reserved")
                out[k] = walk(v, depth + 1)
            return out
        if isinstance(x, Handle):
            return {"__handle__": x.id, "type": x.type}
        if store is not None:
            h = store(x)
            return {"__handle__": h.id, "type": h.type}
        raise CodecError(f"a {type(x).__name__} cannot be sent (expected numbers or arrays)")

    value_json = walk(value, 0)
    return {"value": value_json, "buffers": specs}, buffers


def decode(header: dict, buffers: list[bytes], *, resolve: Any = None, torch_ok: bool = True):
    """Inverse of :func:`encode`. ``resolve(id)`` maps handle ids to objects (worker side)."""
    specs = header.get("buffers", [])
    if not isinstance(specs, list) or len(specs) != len(buffers):
        raise CodecError("frame: buffer list does not match header")
    arrays: list[np.ndarray] = []
    for spec, buf in zip(specs, buffers, strict=True):
        arrays.append(_array_from(spec, buf))

    def walk(x: Any, depth: int) -> Any:
        if depth > 34:
            raise CodecError("frame: nested too deep")
        if x is None or isinstance(x, (bool, int, float, str)):
            return x
        if isinstance(x, list):
            return [walk(v, depth + 1) for v in x]
        if isinstance(x, dict):
            if "__nd__" in x or "__pt__" in x:
                i = x.get("__nd__", x.get("__pt__"))
                if type(i) is not int or not 0 <= i < len(arrays):
                    raise CodecError("frame: bad array reference")
                arr = arrays[i]
                if "__pt__" in x and torch_ok:
                    import torch

                    return torch.from_numpy(arr.copy())
                return arr.copy()
            if "__tuple__" in x:
                return tuple(walk(v, depth + 1) for v in x["__tuple__"])
            if "__float__" in x:
                return float(x["__float__"])
            if "__dtype__" in x:
                name = x["__dtype__"]
                if name not in DTYPE_NAMES:
                    raise CodecError(f"frame: dtype {name!r} is not allowed")
                if x.get("lib") == "torch" and torch_ok:
                    import torch

                    return getattr(torch, name)
                return np.dtype(name)
            if "__handle__" in x:
                hid, tname = x["__handle__"], x.get("type", "object")
                if type(hid) is not int:
                    raise CodecError("frame: bad handle")
                return resolve(hid) if resolve is not None else Handle(hid, str(tname))
            return {str(k): walk(v, depth + 1) for k, v in x.items()}
        raise CodecError(f"frame: unexpected JSON value {type(x).__name__}")

    return walk(header.get("value"), 0)


def _array_from(spec: Any, buf: bytes) -> np.ndarray:
    if not isinstance(spec, dict):
        raise CodecError("frame: bad buffer spec")
    dtype, shape = spec.get("dtype"), spec.get("shape")
    if dtype not in ALLOWED_DTYPES:
        raise CodecError(f"frame: dtype {dtype!r} is not allowed")
    if not isinstance(shape, list) or not all(type(s) is int and s >= 0 for s in shape):
        raise CodecError("frame: bad shape")
    dt = np.dtype(dtype)
    n = dt.itemsize * math.prod(shape)
    if n != len(buf):
        raise CodecError(f"frame: buffer has {len(buf)} bytes, shape needs {n}")
    return np.frombuffer(buf, dtype=dt).reshape(shape)


def write_frame(stream: BinaryIO, header: dict, buffers: list[bytes]) -> None:
    """Write one frame; buffer sizes are appended to the header so the reader can split."""
    header = dict(header, sizes=[len(b) for b in buffers])
    raw = json.dumps(header, allow_nan=False).encode()
    stream.write(struct.pack(">I", len(raw)))
    stream.write(raw)
    for b in buffers:
        stream.write(b)
    stream.flush()


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            raise EOFError("stream closed mid-frame")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO, *, max_frame: int = MAX_FRAME) -> tuple[dict, list[bytes]]:
    """Read one frame, enforcing the header and total size caps."""
    first = stream.read(4)
    if not first:
        raise EOFError("stream closed")
    if len(first) < 4:
        first += _read_exact(stream, 4 - len(first))
    (n,) = struct.unpack(">I", first)
    if n > MAX_HEADER:
        raise CodecError(f"frame: header of {n} bytes is over the cap")
    try:
        header = json.loads(_read_exact(stream, n))
    except (UnicodeDecodeError, ValueError) as exc:  # incl. ints of more than 4300 digits
        raise CodecError(f"frame: header is not JSON ({str(exc)[:200]})") from None
    except RecursionError:  # "[[[[..." nested deeper than the interpreter's stack
        raise CodecError("frame: header is nested too deep") from None
    if not isinstance(header, dict):
        raise CodecError("frame: header is not an object")
    sizes = header.get("sizes", [])
    if not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes):
        raise CodecError("frame: bad sizes")
    if sum(sizes) > max_frame:
        raise CodecError(f"frame: {sum(sizes)} bytes of arrays is over the cap of {max_frame}")
    return header, [_read_exact(stream, s) for s in sizes]
