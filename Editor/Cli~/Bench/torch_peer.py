#!/usr/bin/python3
"""PyTorch figures for `gdengine bench`, measured in the same run as ours.

Usage: /usr/bin/python3 torch_peer.py [--threads N] WORKLOAD_ID [...]
  -> one JSON object on stdout: {"torch", "threads", "blas", "results": {id: {"best", "median", "unit", "variant"}}}.
Each workload mirrors the C# one in Editor/Cli~/Bench/*Workloads.cs (same shapes, dtype, out= tensors); keep them in
step. Timing mirrors Measure.cs: warm-up rounds until steady (see timed), then `repeats` rounds; min and median per call.
The caller runs this once per thread count (1 thread pinned to one core, and every core) and keeps the better.
"""
import ctypes
import json
import sys
import time

import torch

WARM_UP_SECONDS = 0.5
WARM_UP_WINDOW_SECONDS = 0.5
MAX_WARM_UP_SECONDS = 15.0
STEADY_GAIN = 0.02


def malloc_at_its_best():
    """glibc hands every freed block above M_MMAP_THRESHOLD back to the OS (128 KiB until a larger block is freed,
    then that block's size), so a step that frees ~1 MB gradients page-faults them in again on every call unless an
    earlier, larger row happened to raise the threshold: the MLP step measured 1.1 ms after the sgemm rows and
    2.4-3.9 ms on its own. Fix the threshold where one large free would put it (glibc's maximum, 32 MiB; trimming at
    twice that, as glibc's dynamic rule does), so torch's figure is its best whatever rows ran before."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
        libc.mallopt(M_MMAP_THRESHOLD, 32 << 20)
        libc.mallopt(M_TRIM_THRESHOLD, 64 << 20)
    except OSError:
        pass


def timed(fn, repeats, inner=1):
    """(min, median) wall seconds per call over `repeats` rounds of `inner` calls, after warm-up rounds until steady:
    at least WARM_UP_SECONDS, then windows of WARM_UP_WINDOW_SECONDS until one no longer beats the best round so far by
    STEADY_GAIN, at most MAX_WARM_UP_SECONDS (the same rule as Measure.Time on the .NET side)."""
    def one_round():
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        return time.perf_counter() - t

    t0 = time.perf_counter()
    best = float("inf")
    while time.perf_counter() - t0 < WARM_UP_SECONDS:
        best = min(best, one_round())
    while time.perf_counter() - t0 < MAX_WARM_UP_SECONDS:
        window_end = time.perf_counter() - t0 + WARM_UP_WINDOW_SECONDS
        window_best = one_round()
        while time.perf_counter() - t0 < window_end:
            window_best = min(window_best, one_round())
        improved = window_best < best * (1 - STEADY_GAIN)
        best = min(best, window_best)
        if not improved:
            break
    rounds = sorted(one_round() / inner for _ in range(repeats))
    n = len(rounds)
    median = rounds[n // 2] if n % 2 else 0.5 * (rounds[n // 2 - 1] + rounds[n // 2])
    return rounds[0], median


def figure(t, to_unit, unit, variant=None):
    return {"best": to_unit(t[0]), "median": to_unit(t[1]), "unit": unit, "variant": variant}


def blas_info():
    """The OpenBLAS kernel torch's matmul runs (OPENBLAS_CORETYPE may force an older one) and its thread count."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "openblas" in line and ".so" in line})
        for p in paths:
            lib = ctypes.CDLL(p)
            if hasattr(lib, "openblas_get_corename"):
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return "OpenBLAS %s kernel, %d threads" % (lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
    except OSError:
        pass
    return "BLAS unknown"


def op_add_tiny():
    a, b = torch.rand(4), torch.rand(4)
    return figure(timed(lambda: a + b, 7, 20000), lambda t: t * 1e6, "us")


def op_mul_grad_tiny():
    a = torch.rand(4, requires_grad=True)
    b = torch.rand(4)

    def f():
        (a * b).sum().backward()
    return figure(timed(f, 5, 5000), lambda t: t * 1e6, "us")


def ew_add_16m():
    n = 16 * 1024 * 1024
    a, b, c = torch.rand(n), torch.rand(n), torch.empty(n)
    return figure(timed(lambda: torch.add(a, b, out=c), 7, 3), lambda t: 3 * n * 4 / t / 1e9, "GB/s")


def gemm(n, dtype):
    a, b, c = torch.rand(n, n, dtype=dtype), torch.rand(n, n, dtype=dtype), torch.empty(n, n, dtype=dtype)
    inner = max(1, int(2e9 / (2 * n ** 3)))
    return figure(timed(lambda: torch.mm(a, b, out=c), 7, inner), lambda t: 2 * n ** 3 / t / 1e9, "GFLOP/s")


def linreg_1000():
    x = torch.tensor([1.0, 2.0, 3.0, 4.0])
    y = 2 * x + 1

    def run():
        w = torch.zeros(1, requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        for _ in range(1000):
            loss = ((w * x + b - y) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                w -= 0.01 * w.grad
                b -= 0.01 * b.grad
            w.grad.zero_()
            b.grad.zero_()
    return figure(timed(run, 10), lambda t: t * 1e3, "ms")


def mlp_adam_step():
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(128, 784)
    y = torch.randint(0, 10, (128,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return figure(timed(step, 7, 20), lambda t: t * 1e3, "ms")


_race = {}


def race_rosenbrock():
    """torch's only way to race: autograd + torch.optim on float32 tensors (measured once for both race rows)."""
    if "r" in _race:
        return _race["r"]

    def rosen(p):
        return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2

    configs = [
        (torch.optim.SGD, dict(lr=1e-4)),
        (torch.optim.SGD, dict(lr=1e-4, momentum=0.9)),
        (torch.optim.Adam, dict(lr=1e-2)),
        (torch.optim.RMSprop, dict(lr=1e-3)),
        (torch.optim.Adagrad, dict(lr=1e-1)),
    ]

    def run():
        ps = [torch.tensor([-1.5, 2.0], requires_grad=True) for _ in configs]
        opts = [cls([p], **kw) for p, (cls, kw) in zip(ps, configs)]
        for _ in range(1000):
            for p, o in zip(ps, opts):
                o.zero_grad()
                rosen(p).backward()
                o.step()
    _race["r"] = figure(timed(run, 3), lambda t: t * 1e3, "ms")
    return _race["r"]


def landscape_mlp_51():
    """Two torch forms of the same 51x51 plane; reports the faster (after checking they agree)."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(),
                                torch.nn.Linear(64, 2))
    x = torch.randn(2048, 2)
    y = (x[:, 0] * x[:, 1] > 0).long()
    loss_fn = torch.nn.CrossEntropyLoss()
    base = [p.detach().clone() for p in model.parameters()]
    d1 = [torch.randn_like(p) for p in base]
    d2 = [torch.randn_like(p) for p in base]
    coords = torch.linspace(-1, 1, 51)

    def loop():
        out = torch.empty(51, 51)
        with torch.no_grad():
            for i, a in enumerate(coords):
                for j, b in enumerate(coords):
                    for p, p0, u, v in zip(model.parameters(), base, d1, d2):
                        p.copy_(p0 + a * u + b * v)
                    out[i, j] = loss_fn(model(x), y).item()
        return out

    xe = x.expand(51, -1, -1)
    ye = y.repeat(51)

    def batched():
        # one grid row (51 points) per chunk: every layer is one baddbmm over the 51 stacked perturbed weights
        out = torch.empty(51, 51)
        with torch.no_grad():
            for i, a in enumerate(coords):
                w = [p0 + a * u + coords.view(-1, *([1] * p0.dim())) * v for p0, u, v in zip(base, d1, d2)]
                h = torch.tanh(torch.baddbmm(w[1].unsqueeze(1), xe, w[0].transpose(1, 2)))
                h = torch.tanh(torch.baddbmm(w[3].unsqueeze(1), h, w[2].transpose(1, 2)))
                logits = torch.baddbmm(w[5].unsqueeze(1), h, w[4].transpose(1, 2))
                out[i] = torch.nn.functional.cross_entropy(logits.reshape(-1, 2), ye, reduction="none").view(51, -1).mean(1)
        return out

    last = {}

    def keep(name, fn):
        def run():
            last[name] = fn()
        return run

    tl, tb = timed(keep("loop", loop), 3), timed(keep("batched", batched), 3)
    ref, alt = last["loop"], last["batched"]
    if not torch.allclose(ref, alt, rtol=1e-4, atol=1e-5):
        raise RuntimeError("landscape: batched torch losses differ from the loop's (max %g)" % (ref - alt).abs().max())
    t, variant = (tl, "loop") if tl[0] <= tb[0] else (tb, "batched")
    r = figure(t, lambda s: s, "s", variant)
    r["others"] = {"loop": tl[0], "batched": tb[0]}
    return r


WORKLOADS = {
    "op.add.tiny": op_add_tiny,
    "op.mul_backward.tiny": op_mul_grad_tiny,
    "elementwise.add.16M": ew_add_16m,
    "sgemm.256": lambda: gemm(256, torch.float32),
    "sgemm.1024": lambda: gemm(1024, torch.float32),
    "sgemm.2048": lambda: gemm(2048, torch.float32),
    "dgemm.256": lambda: gemm(256, torch.float64),
    "dgemm.1024": lambda: gemm(1024, torch.float64),
    "dgemm.2048": lambda: gemm(2048, torch.float64),
    "linreg.1000": linreg_1000,
    "mlp784.adam.step": mlp_adam_step,
    "race.rosenbrock.tensor.5x1000": race_rosenbrock,
    "race.rosenbrock.5x1000": race_rosenbrock,
    "landscape.mlp.51x51": landscape_mlp_51,
}

if __name__ == "__main__":
    malloc_at_its_best()
    args = sys.argv[1:]
    threads = None
    if args[:1] == ["--threads"]:
        threads = int(args[1])
        args = args[2:]
    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    ids = args or list(WORKLOADS)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_info(), "results": {}}
    for wid in ids:
        if wid in WORKLOADS:
            out["results"][wid] = WORKLOADS[wid]()
    print(json.dumps(out))
