"""The wire format: round trips, and refusal of everything unsafe or malformed."""

from __future__ import annotations

import io
import json
import struct

import numpy as np
import pytest
import torch

from autograder.sandbox.jail.codec import (
    CodecError,
    Handle,
    decode,
    encode,
    read_frame,
    write_frame,
)


def roundtrip(value, **kw):
    buf = io.BytesIO()
    header, bufs = encode(value, **kw)
    write_frame(buf, header, bufs)
    buf.seek(0)
    return decode(*read_frame(buf))


def test_arrays_tuples_dicts_and_scalars_round_trip():
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    got = roundtrip({"x": x, "t": (1, 2.5, None, True), "s": "hi", "n": np.float64(2.0)})
    assert got["x"].dtype == np.float32 and np.array_equal(got["x"], x)
    assert got["t"] == (1, 2.5, None, True)
    assert got["n"] == 2.0 and type(got["n"]) is float


def test_non_finite_floats_survive_strict_json():
    got = roundtrip([float("nan"), float("inf"), -float("inf")])
    assert np.isnan(got[0]) and got[1] == float("inf") and got[2] == -float("inf")


def test_torch_tensors_come_back_as_tensors():
    t = torch.randn(2, 3, dtype=torch.float64)
    got = roundtrip(t)
    assert isinstance(got, torch.Tensor) and torch.equal(got, t)


def test_zero_dimensional_arrays_and_tensors_keep_their_shape():
    """A scalar loss (``torch.tensor(0.3)``, ``np.array(2.0)``) stays 0-d: shape () != (1,)."""
    got = roundtrip({"t": torch.tensor(0.25, dtype=torch.float64), "a": np.array(3, np.int32)})
    assert isinstance(got["t"], torch.Tensor) and got["t"].shape == () and got["t"].item() == 0.25
    assert got["a"].shape == () and got["a"].dtype == np.int32 and int(got["a"]) == 3
    view = np.arange(12.0).reshape(3, 4)[:, 1]  # non-contiguous: copied, shape kept
    assert roundtrip(view).shape == (3,)


def test_dtypes_cross_by_name():
    got = roundtrip({"t": torch.float32, "n": np.dtype("int16"), "c": np.float64})
    assert got["t"] is torch.float32 and got["n"] == np.dtype("int16")
    assert got["c"] == np.dtype("float64")
    with pytest.raises(CodecError, match="cannot be sent"):
        encode(np.dtype("complex128"))
    with pytest.raises(CodecError, match="not allowed"):
        decode({"value": {"__dtype__": "object", "lib": "numpy"}}, [])


def test_decoded_arrays_are_writable_copies():
    got = roundtrip(np.ones(3))
    got[0] = 5.0  # would raise on a read-only frombuffer view
    assert got[0] == 5.0


@pytest.mark.parametrize("bad", [np.array([object()]), {1: 2}, {"__nd__": 0}, object()])
def test_unsendable_values_are_refused(bad):
    with pytest.raises(CodecError):
        encode(bad)


def test_objects_become_handles_when_a_store_is_given():
    header, _ = encode([object()], store=lambda o: Handle(7, "object"))
    assert decode(header, []) == [Handle(7, "object")]


def test_subclass_of_ndarray_is_not_sent_as_an_array():
    class Sneaky(np.ndarray):
        def __eq__(self, other):  # an always-equal object
            return True

    with pytest.raises(CodecError):
        encode(np.zeros(3).view(Sneaky))


def frame(header: dict, payload: bytes = b"") -> io.BytesIO:
    raw = json.dumps(header).encode()
    return io.BytesIO(struct.pack(">I", len(raw)) + raw + payload)


@pytest.mark.parametrize(
    "header,payload,match",
    [
        (
            {"value": {"__nd__": 0}, "buffers": [{"dtype": "|O", "shape": [1]}], "sizes": [8]},
            b"\0" * 8,
            "not allowed",
        ),
        (
            {"value": {"__nd__": 0}, "buffers": [{"dtype": "<f8", "shape": [3]}], "sizes": [8]},
            b"\0" * 8,
            "needs 24",
        ),
        (
            {"value": {"__nd__": 1}, "buffers": [{"dtype": "<f8", "shape": [1]}], "sizes": [8]},
            b"\0" * 8,
            "bad array reference",
        ),
        ({"value": 1, "buffers": [], "sizes": [-1]}, b"", "bad sizes"),
    ],
)
def test_malformed_frames_are_refused(header, payload, match):
    with pytest.raises(CodecError, match=match):
        decode(*read_frame(frame(header, payload)))


def test_oversized_and_non_json_headers_are_refused():
    with pytest.raises(CodecError, match="over the cap"):
        read_frame(io.BytesIO(struct.pack(">I", 2**31)))
    with pytest.raises(CodecError, match="not JSON"):
        read_frame(io.BytesIO(struct.pack(">I", 3) + b"\xff\xfe{"))
    with pytest.raises(CodecError, match="over the cap"):
        read_frame(frame({"value": 1, "sizes": [10]}, b"\0" * 10), max_frame=5)


def test_truncated_frame_is_an_eof_not_a_hang():
    raw = frame({"value": 1, "sizes": [100]}, b"\0" * 10)
    with pytest.raises(EOFError):
        read_frame(raw)
