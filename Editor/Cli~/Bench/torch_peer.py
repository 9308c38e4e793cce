#!/usr/bin/python3
"""PyTorch figures for `gdengine bench`, measured in the same run as ours.

Usage: /usr/bin/python3 torch_peer.py WORKLOAD_ID [...]   -> one JSON object {id: {"value": v, "unit": u}} on stdout.
Each workload mirrors the C# one in Editor/Bench/Workloads.cs; keep the two in step.
"""
import json
import sys
import time

import torch

torch.manual_seed(0)


def best_of(fn, repeats=5, inner=1):
    """Best wall time per call in seconds over `repeats` rounds of `inner` calls (after one warm-up round)."""
    for _ in range(inner):
        fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - t0) / inner)
    return best


def op_add_tiny():
    a, b = torch.rand(4), torch.rand(4)
    return best_of(lambda: a + b, repeats=7, inner=20000) * 1e6, "us"


def op_mul_grad_tiny():
    a = torch.rand(4, requires_grad=True)
    b = torch.rand(4)

    def f():
        (a * b).sum().backward()
    return best_of(f, repeats=5, inner=5000) * 1e6, "us"


def ew_add_16m():
    n = 16 * 1024 * 1024
    a, b = torch.rand(n), torch.rand(n)
    t = best_of(lambda: a + b, repeats=7, inner=3)
    return 3 * n * 4 / t / 1e9, "GB/s"


def sgemm(n):
    a, b = torch.rand(n, n), torch.rand(n, n)
    inner = max(1, int(2e9 / (2 * n ** 3)))
    t = best_of(lambda: a @ b, repeats=5, inner=inner)
    return 2 * n ** 3 / t / 1e9, "GFLOP/s"


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
    return best_of(run, repeats=10) * 1e3, "ms"


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
    return best_of(step, repeats=7, inner=20) * 1e3, "ms"


def race_rosenbrock():
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
    return best_of(run, repeats=3) * 1e3, "ms"


def landscape_mlp_51():
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

    def run():
        with torch.no_grad():
            for a in coords:
                for b in coords:
                    for p, p0, u, v in zip(model.parameters(), base, d1, d2):
                        p.copy_(p0 + a * u + b * v)
                    loss_fn(model(x), y).item()
    return best_of(run, repeats=1) , "s"


WORKLOADS = {
    "op.add.tiny": op_add_tiny,
    "op.mul_backward.tiny": op_mul_grad_tiny,
    "elementwise.add.16M": ew_add_16m,
    "sgemm.256": lambda: sgemm(256),
    "sgemm.1024": lambda: sgemm(1024),
    "sgemm.2048": lambda: sgemm(2048),
    "linreg.1000": linreg_1000,
    "mlp784.adam.step": mlp_adam_step,
    "race.rosenbrock.5x1000": race_rosenbrock,
    "landscape.mlp.51x51": landscape_mlp_51,
}

if __name__ == "__main__":
    ids = sys.argv[1:] or list(WORKLOADS)
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "results": {}}
    for wid in ids:
        if wid in WORKLOADS:
            v, unit = WORKLOADS[wid]()
            out["results"][wid] = {"value": v, "unit": unit}
    print(json.dumps(out))
