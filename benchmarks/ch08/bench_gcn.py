"""ch08: the reference GCN layer against sparse products and Python loops over nodes and edges.

For each size (N nodes, F -> F features, mean degree), one call computes
H' = ReLU(A_hat (H W) + b) in float32 from a dense normalized adjacency A_hat:

- ``reference dense``: ``gcn_layer`` from the solution notebook, the kernel q1s times against;
- ``sparse COO``: ``alternatives/q1_sparse_matmul.py`` (``A_hat.to_sparse()`` + ``sparse.mm``);
- ``sparse CSR``: the same with ``A_hat.to_sparse_csr()``;
- ``row loop``: one matrix-vector product per node, ``out[i] = A_hat[i] @ (H W)``;
- ``node loop``: the q1s mutant, a Python loop over nodes gathering their neighbours;
- ``edge loop``: the other q1s mutant, a Python loop over the nonzero entries of A_hat.

Every output is checked against the reference. Rows run on the CPU and, when CUDA is
available, on the GPU too. Usage (from the repository root)::

    .venv/bin/python benchmarks/ch08/bench_gcn.py [--threads 1] [--repeats 7] [--quick]

``--threads`` sets torch's CPU threads (default 1, like the grader's worker); it must be set
before torch is imported, hence the re-exec below.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "solutions" / "ch08_generative_rl_gnn"


sys.path.insert(0, str(ROOT))
from benchmarks.common import load_variant, pinned_args, sync  # noqa: E402

ARGS = pinned_args(__doc__, repeats=7, quick_help="the speed-test sizes only")

import torch  # noqa: E402

from autograder.grading.reference import load_reference  # noqa: E402

warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")

# (N, F, mean degree)
SIZES = {
    "cpu": [(384, 64, 8), (2000, 64, 8), (512, 128, 8), (2000, 256, 8), (500, 64, 8)],
    "cuda": [(384, 64, 8), (8192, 256, 16), (2000, 64, 8)],
}
SLOW = ("row loop", "node loop", "edge loop")  # timed in the last three rounds only


def _load(path: Path) -> dict:
    ref = load_reference(SRC / "ch08_generative_rl_gnn.ipynb")
    return load_variant(path, {"gcn_layer": ref.gcn_layer})


def _row_loop(A_hat, H, W, b, relu=True):
    HW = H @ W
    out = torch.empty_like(HW)
    for i in range(A_hat.shape[0]):
        out[i] = A_hat[i] @ HW
    return torch.relu(out + b)


def _csr(A_hat, H, W, b, relu=True):
    return torch.relu(A_hat.to_sparse_csr() @ (H @ W) + b)


def implementations() -> dict:
    ref = load_reference(SRC / "ch08_generative_rl_gnn.ipynb")
    return {
        "reference dense": ref.gcn_layer,
        "sparse COO": _load(SRC / "alternatives" / "q1_sparse_matmul.py")["gcn_layer"],
        "sparse CSR": _csr,
        "row loop": _row_loop,
        "node loop": _load(SRC / "mutants" / "q1s_python_loop_over_nodes.py")["gcn_layer"],
        "edge loop": _load(SRC / "mutants" / "q1s_python_loop_over_edges.py")["gcn_layer"],
    }


def _inputs(N, F, degree, device):
    g = torch.Generator().manual_seed(0)
    M = (torch.rand(N, N, generator=g) < degree / N).float().triu(1)
    A_t = M + M.T + torch.eye(N)
    s = A_t.sum(1).rsqrt()
    A_hat = s[:, None] * A_t * s[None, :]
    H = torch.randn(N, F, generator=g)
    W = torch.randn(F, F, generator=g) / F**0.5
    b = torch.randn(F, generator=g)
    return [t.to(device) for t in (A_hat, H, W, b)]


def bench(device: str, size: tuple[int, int, int], impls: dict) -> dict[str, tuple[float, float]]:
    """Per implementation: median seconds per call and the median per-round ratio to the
    reference (the slow loops, timed in three rounds, divide by the reference's median)."""
    A_hat, H, W, b = _inputs(*size, device)
    want = impls["reference dense"](A_hat, H, W, b)
    rounds: list[dict[str, float]] = []
    for rnd in range(ARGS.repeats + 1):  # round 0 warms up and checks the outputs
        times: dict[str, float] = {}
        for name, fn in impls.items():
            if name in SLOW and 0 < rnd <= ARGS.repeats - 3:
                continue
            sync(device)
            t0 = time.perf_counter()
            out = fn(A_hat, H, W, b)
            sync(device)
            times[name] = time.perf_counter() - t0
            if rnd == 0:
                err = (out - want).abs().max().item() / max(1.0, want.abs().max().item())
                assert err < 1e-3, f"{name} is wrong on {size}: relative error {err:.1e}"
        if rnd:
            rounds.append(times)
    ref_median = statistics.median(r["reference dense"] for r in rounds)
    out = {}
    for name in impls:
        t = statistics.median(r[name] for r in rounds if name in r)
        if name in SLOW:
            out[name] = (t, t / ref_median)
        else:
            out[name] = (t, statistics.median(r[name] / r["reference dense"] for r in rounds))
    return out


def main() -> None:
    impls = implementations()
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    gpu = f", GPU {torch.cuda.get_device_name()}" if "cuda" in devices else ""
    print(
        f"torch {torch.__version__}, {platform.processor() or platform.machine()}, "
        f"{ARGS.threads} CPU thread(s){gpu}; median of {ARGS.repeats} interleaved rounds, "
        "float32\n"
    )
    print("| device | (N, F, degree) | implementation | ms per call | / reference |")
    print("|---|---|---|---:|---:|")
    for device in devices:
        sizes = SIZES[device][:1] if ARGS.quick else SIZES[device]
        for size in sizes:
            for name, (sec, vs_ref) in bench(device, size, impls).items():
                print(
                    f"| {device} | {size} | {name} | {1e3 * sec:.3f} | {vs_ref:.2f} |", flush=True
                )


if __name__ == "__main__":
    main()
