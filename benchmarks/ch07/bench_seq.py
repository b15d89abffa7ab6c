"""ch07: the reference LSTM layer and attention against PyTorch's own kernels and loops.

For each size, one call runs, in float32:

- LSTM, ``x (T, N, D)`` with ``H`` hidden units: ``torch nn.LSTM`` (the fused kernel);
  ``reference`` (``lstm_forward`` from the solution notebook, the kernel q2s times students
  against: one ``lstm_cell`` per step); the alternatives ``input projection first`` and
  ``per-gate matrices``; the mutants ``loop over samples`` and ``loop over units``;
- attention, ``Q, K, V (N, heads, T, d)`` (``broadcast scores`` only where its
  ``(N, heads, T, T, d)`` intermediate stays under 1e8 entries on a CPU): ``torch sdpa``
  (``scaled_dot_product_attention``); ``reference`` (``attention`` from the notebook, the
  kernel q3s times students against); the alternative ``logsumexp + einsum``; the mutants
  ``loop over queries`` and ``broadcast scores``.

Every output is checked against torch's. The rows run on the CPU and, when CUDA is
available, on the GPU too. Usage (from the repository root)::

    .venv/bin/python benchmarks/ch07/bench_seq.py [--threads 1] [--repeats 7] [--quick]

``--threads`` sets torch's CPU threads (default 1, like the grader's worker); it must be set
before torch is imported, hence the re-exec below.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "solutions" / "ch07_sequences"


sys.path.insert(0, str(ROOT))
from benchmarks.common import load_variant, pinned_args, sync  # noqa: E402

ARGS = pinned_args(__doc__, repeats=7, quick_help="the speed-test sizes only")

import torch  # noqa: E402

from autograder.grading.reference import load_reference  # noqa: E402

SIZES = {  # the first of each kind is the size of the speed test on that device
    "lstm": {
        "cpu": [(50, 64, 64, 128), (50, 64, 128, 256), (30, 16, 32, 64)],
        "cuda": [(50, 64, 128, 256), (50, 64, 64, 128)],
    },
    "attention": {
        "cpu": [
            (1, 1, 512, 32),
            (1, 1, 512, 16),
            (1, 2, 512, 16),
            (16, 16, 16, 8),
            (8, 8, 256, 64),
        ],
        "cuda": [(1, 1, 512, 32), (32, 8, 256, 64)],
    },
}
SLOW = ("loop over samples", "loop over units", "loop over queries")  # last 3 rounds only


def _load(path: Path, ns: dict) -> dict:
    return load_variant(path, ns)


def implementations(ref) -> dict:
    ns = {"softmax": ref.softmax, "attention": ref.attention}
    alt, mut = SRC / "alternatives", SRC / "mutants"

    def torch_lstm(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
        out, h, c = torch._VF.lstm(  # what nn.LSTM calls
            x, (h0[None], c0[None]), (W_ih, W_hh, b_ih, b_hh), True, 1, 0.0, False, False, False
        )
        return out, h[0], c[0]

    return {
        "lstm": {
            "torch nn.LSTM": torch_lstm,
            "reference": ref.lstm_forward,
            "input projection first": _load(alt / "q1_q2_input_projection_first.py", ns)[
                "lstm_forward"
            ],
            "per-gate matrices": _load(alt / "q2_per_gate_matrices.py", ns)["lstm_forward"],
            "loop over samples": _load(mut / "q2s_python_loop_over_samples.py", ns)["lstm_forward"],
            "loop over units": _load(mut / "q2s_python_loop_over_units.py", ns)["lstm_forward"],
        },
        "attention": {
            "torch sdpa": lambda q, k, v: (
                torch.nn.functional.scaled_dot_product_attention(q, k, v),
                None,
            ),
            "reference": ref.attention,
            "logsumexp + einsum": _load(alt / "q3_logsumexp_and_additive_mask.py", ns)["attention"],
            "broadcast scores": _load(mut / "q3s_scores_by_broadcasting.py", ns)["attention"],
            "loop over queries": _load(mut / "q3s_python_loop_over_queries.py", ns)["attention"],
        },
    }


def _inputs(kind: str, size: tuple[int, ...], device: str) -> tuple:
    g = torch.Generator().manual_seed(0)
    if kind == "lstm":
        T, N, D, H = size
        s = H**-0.5
        shapes = [(T, N, D), (N, H), (N, H), (4 * H, D), (4 * H, H), (4 * H,), (4 * H,)]
        scales = [1, 1, 1, s, s, s, s]
        return tuple(
            (sc * torch.randn(*sh, generator=g)).to(device)
            for sh, sc in zip(shapes, scales, strict=True)
        )
    return tuple(torch.randn(*size, generator=g).to(device) for _ in range(3))


def bench(kind: str, device: str, size: tuple[int, ...], impls: dict) -> dict:
    """Per implementation: median seconds per call and the median of the per-round ratios to
    the reference (rounds interleaved; the slow loops, timed in three rounds only, divide
    their median by the reference's median)."""
    args = _inputs(kind, size, device)
    if kind == "attention" and device == "cpu" and size[0] * size[1] * size[2] ** 2 * size[3] > 1e8:
        # the broadcast (N, heads, T, T, d) product would need gigabytes on a CPU
        impls = {k: v for k, v in impls.items() if k != "broadcast scores"}
    base = next(iter(impls))
    want = impls[base](*args)[0]
    rounds: list[dict[str, float]] = []
    for rnd in range(ARGS.repeats + 1):  # round 0 warms up and checks the outputs
        times: dict[str, float] = {}
        for name, fn in impls.items():
            if name in SLOW and 0 < rnd <= ARGS.repeats - 3:
                continue
            sync(device)
            t0 = time.perf_counter()
            out = fn(*args)
            sync(device)
            times[name] = time.perf_counter() - t0
            if rnd == 0:
                err = (out[0] - want).abs().max().item()
                assert err < 1e-3, f"{name} is wrong on {size}: max error {err:.1e}"
        if rnd:
            rounds.append(times)
    out = {}
    for name in impls:
        t = statistics.median(r[name] for r in rounds if name in r)
        if name in SLOW:
            ratio = t / statistics.median(r["reference"] for r in rounds)
        else:
            ratio = statistics.median(r[name] / r["reference"] for r in rounds)
        out[name] = (t, ratio)
    return out


def main() -> None:
    ref = load_reference(SRC / "ch07_sequences.ipynb")
    impls = implementations(ref)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    gpu = f", GPU {torch.cuda.get_device_name()}" if "cuda" in devices else ""
    print(
        f"torch {torch.__version__}, {platform.processor() or platform.machine()}, "
        f"{ARGS.threads} CPU thread(s){gpu}; median of {ARGS.repeats} interleaved rounds, "
        "float32\n"
    )
    print("| kernel | device | size | implementation | ms per call | / reference |")
    print("|---|---|---|---|---:|---:|")
    for kind, label in (("lstm", "(T, N, D, H)"), ("attention", "(N, heads, T, d)")):
        for device in devices:
            sizes = SIZES[kind][device][:1] if ARGS.quick else SIZES[kind][device]
            for size in sizes:
                for name, (sec, ratio) in bench(kind, device, size, impls[kind]).items():
                    print(
                        f"| {kind} | {device} | {label} = {size} | {name} | "
                        f"{1e3 * sec:.3f} | {ratio:.2f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
