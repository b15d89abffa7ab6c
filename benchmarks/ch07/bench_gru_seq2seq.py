"""ch07: the reference GRU layer and attention decoder step against loops and alternatives.

For each size, one call runs, in float32:

- GRU, ``x (T, N, D)`` with ``H`` hidden units: ``torch nn.GRU`` (the fused kernel);
  ``reference`` (``gru_forward`` from the solution notebook, the kernel q8s times students
  against: one ``gru_cell`` per step); the alternatives ``input projection first`` and
  ``per-gate slices``; the mutants ``loop over samples`` and ``loop over units``;
- the decoder step, ``N`` sequences of ``S`` encoder states of width ``H``, embeddings of
  width ``M``, ``K`` output tokens: ``reference`` (``decoder_step`` from the notebook, the
  kernel q9s times students against); the alternative ``einsum + split output``; the
  mutants ``loop over samples`` and ``attention loop over samples``.

Every output is checked against the reference's (and nn.GRU's). The rows run on the CPU and,
when CUDA is available, on the GPU too. Usage (from the repository root)::

    .venv/bin/python benchmarks/ch07/bench_gru_seq2seq.py [--threads 1] [--repeats 7] [--quick]

``--threads`` sets torch's CPU threads (default 1, like the grader's worker); it must be set
before torch is imported, hence the re-exec in ``pinned_args``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "solutions" / "ch07_sequences"

sys.path.insert(0, str(ROOT))
from benchmarks.common import header, load_variant, pinned_args, sync  # noqa: E402

ARGS = pinned_args(__doc__, repeats=7, quick_help="the speed-test sizes only")

import torch  # noqa: E402

from autograder.grading.reference import load_reference  # noqa: E402

SIZES = {  # the first of each kind is the size of the speed test on that device
    "gru": {  # (T, N, D, H)
        "cpu": [(50, 64, 64, 128), (50, 64, 128, 256), (30, 16, 32, 64)],
        "cuda": [(50, 64, 128, 256), (50, 64, 64, 128)],
    },
    "decoder": {  # (N, S, H, M, K)
        "cpu": [
            (512, 8, 64, 32, 10),
            (256, 16, 64, 32, 10),
            (64, 16, 64, 32, 10),
            (512, 8, 128, 32, 10),
            (256, 64, 64, 32, 10),
        ],
        "cuda": [(1024, 32, 256, 64, 32), (512, 8, 64, 32, 10)],
    },
}
SLOW = ("loop over samples", "loop over units", "attention loop over samples")
LABELS = {"gru": "(T, N, D, H)", "decoder": "(N, S, H, M, K)"}


def implementations(ref) -> dict:
    ns = {"softmax": ref.softmax, "gru_cell": ref.gru_cell}
    alt, mut = SRC / "alternatives", SRC / "mutants"

    def torch_gru(x, h0, W_ih, W_hh, b_ih, b_hh):
        out, h = torch._VF.gru(  # what nn.GRU calls
            x, h0[None], (W_ih, W_hh, b_ih, b_hh), True, 1, 0.0, False, False, False
        )
        return out, h[0]

    def load(folder: Path, name: str, fn: str):
        return load_variant(folder / name, ns)[fn]

    return {
        "gru": {
            "torch nn.GRU": torch_gru,
            "reference": ref.gru_forward,
            "input projection first": load(alt, "q8_q8s_input_projection_first.py", "gru_forward"),
            "per-gate slices": load(alt, "q8_per_gate_slices.py", "gru_forward"),
            "loop over samples": load(mut, "q8s_python_loop_over_samples.py", "gru_forward"),
            "loop over units": load(mut, "q8s_python_loop_over_units.py", "gru_forward"),
        },
        "decoder": {
            "reference": ref.decoder_step,
            "einsum + split output": load(alt, "q9_q9s_einsum_and_split_output.py", "decoder_step"),
            "loop over samples": load(mut, "q9s_python_loop_over_samples.py", "decoder_step"),
            "attention loop over samples": load(
                mut, "q9s_attention_loop_over_samples.py", "decoder_step"
            ),
        },
    }


def _inputs(kind: str, size: tuple[int, ...], device: str) -> tuple:
    """The speed test's inputs (hidden/test_q8s_q9s_speed.py), seeded."""
    g = torch.Generator().manual_seed(0)

    def r(*shape: int, scale: float = 1.0) -> torch.Tensor:
        return (scale * torch.randn(*shape, generator=g)).to(device)

    if kind == "gru":
        T, N, D, H = size
        s = H**-0.5
        return (
            r(T, N, D),
            r(N, H),
            r(3 * H, D, scale=s),
            r(3 * H, H, scale=s),
            r(3 * H, scale=s),
            r(3 * H, scale=s),
        )
    N, S, H, M, K = size
    s = H**-0.5
    params = {
        "emb": r(K + 1, M),
        "W_ih": r(3 * H, M, scale=s),
        "W_hh": r(3 * H, H, scale=s),
        "b_ih": r(3 * H, scale=s),
        "b_hh": r(3 * H, scale=s),
        "W_a": r(H, H, scale=s),
        "W_out": r(K, 2 * H, scale=s),
        "b_out": r(K, scale=s),
    }
    y = torch.randint(0, K + 1, (N,), generator=g).to(device)
    return y, torch.tanh(r(N, H)), torch.tanh(r(N, S, H)), params


def _seconds(fn, args: tuple, device: str) -> tuple[float, tuple]:
    """One call, synchronized on CUDA: (seconds, outputs)."""
    sync(device)
    t0 = time.perf_counter()
    out = fn(*args)
    sync(device)
    return time.perf_counter() - t0, out


def bench(kind: str, device: str, size: tuple[int, ...], impls: dict) -> dict:
    """Per implementation: median seconds per call and the median of the per-round ratios to
    the reference (rounds interleaved). The slow loops run in the warm-up round and the last
    three rounds only, and divide their median by the reference's."""
    args = _inputs(kind, size, device)
    want = impls["reference"](*args)
    for name, fn in impls.items():  # warm-up round: every output checked
        _, got = _seconds(fn, args, device)
        err = max((g - w).abs().max().item() for g, w in zip(got, want, strict=True))
        assert err < 1e-3, f"{name} is wrong on {size}: max error {err:.1e}"
    timed = {name: [] for name in impls}
    for rnd in range(ARGS.repeats):
        for name, fn in impls.items():
            if name not in SLOW or rnd >= ARGS.repeats - 3:
                timed[name].append((rnd, _seconds(fn, args, device)[0]))
    ref = dict(timed["reference"])
    out = {}
    for name, pairs in timed.items():
        t = statistics.median(sec for _, sec in pairs)
        if name in SLOW:
            out[name] = (t, t / statistics.median(ref.values()))
        else:
            out[name] = (t, statistics.median(sec / ref[rnd] for rnd, sec in pairs))
    return out


def main() -> None:
    ref = load_reference(SRC / "ch07_sequences.ipynb")
    impls = implementations(ref)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print(f"{header(ARGS.threads)}; median of {ARGS.repeats} interleaved rounds, float32\n")
    print("| kernel | device | size | implementation | ms per call | / reference |")
    print("|---|---|---|---|---:|---:|")
    for kind in ("gru", "decoder"):
        for device in devices:
            sizes = SIZES[kind][device][:1] if ARGS.quick else SIZES[kind][device]
            for size in sizes:
                for name, (sec, ratio) in bench(kind, device, size, impls[kind]).items():
                    print(
                        f"| {kind} | {device} | {LABELS[kind]} = {size} | {name} | "
                        f"{1e3 * sec:.3f} | {ratio:.2f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
