#!/usr/bin/python3
"""Generates Tests/Fixtures~/optim_fixtures.json from PyTorch 1.13 (torch.optim, lr_scheduler, clip_grad).

Run with Debian's python (the one that has torch):  /usr/bin/python3 Tests/Fixtures~/gen_optim_fixtures.py

Every optimizer config is replayed by Tests/Optim/*.cs with GdEngine on each backend and compared against the
trajectories recorded here. foreach=False everywhere: GdEngine ports torch's single-tensor path.

Problems (the C# side builds the same losses by hand with tensor ops):
  rosen : Rosenbrock (1-x)^2 + 100 (y-x^2)^2 from (-1.5, 2); one parameter of shape [2]
  quad  : 0.5 p^T A p + b.p with A = [[3, 1], [1, 2]], b = [-1, 0.5] from (2, -1.5); one parameter of shape [2]
  mlp   : 3-8-2 tanh MLP, h = tanh(X W1^T + b1), out = h W2^T + b2, loss = mean((out - Y)^2);
          parameters [W1 (8x3), b1 (8), W2 (2x8), b2 (2)], fixed X (16x3), Y (16x2) and initial weights stored below
Configs were chosen so both checks of `--sensitivity` stay small: a 1e-9 nudge of the start is not amplified more
than ~5x in float64, and torch's own float32 run stays within ~1e-4 of its float64 run (so float32 parity is a
meaningful 1e-4 test rather than a coin toss on a chaotic path).

A config with "negate": true minimises -f with maximize=True flipped on (so maximize runs stay bounded): the
optimizer ascends g = -f, which is the same path as descending f.
"""
import copy
import json
import math
import os
import sys

import torch
from torch import optim
from torch.optim import lr_scheduler as sched
from torch.nn.utils import clip_grad_norm_, clip_grad_value_

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_fixtures.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def r(x):
    """Round-trip-exact JSON numbers (repr of a Python float is shortest exact)."""
    return float(x)


def flat(t):
    return [r(v) for v in t.detach().to(torch.float64).reshape(-1).tolist()]


# ----------------------------------------------------------------------------------------------------------------
# problems


def mlp_data():
    g = torch.Generator().manual_seed(1234)
    X = torch.randn(16, 3, generator=g, dtype=torch.float64)
    Y = torch.stack([torch.sin(X[:, 0]) + 0.5 * X[:, 1], torch.cos(X[:, 2]) * X[:, 0]], dim=1)
    W1 = torch.randn(8, 3, generator=g, dtype=torch.float64) * 0.5
    b1 = torch.randn(8, generator=g, dtype=torch.float64) * 0.1
    W2 = torch.randn(2, 8, generator=g, dtype=torch.float64) * 0.5
    b2 = torch.randn(2, generator=g, dtype=torch.float64) * 0.1
    return X, Y, [W1, b1, W2, b2]


MLP_X, MLP_Y, MLP_P0 = mlp_data()
QUAD_A = [[3.0, 1.0], [1.0, 2.0]]
QUAD_B = [-1.0, 0.5]


def make_problem(name, dtype):
    """Returns (params, loss_fn)."""
    if name == "rosen":
        p = torch.tensor([-1.5, 2.0], dtype=dtype, requires_grad=True)

        def f():
            x, y = p[0], p[1]
            return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
        return [p], f
    if name == "quad":
        p = torch.tensor([2.0, -1.5], dtype=dtype, requires_grad=True)
        A = torch.tensor(QUAD_A, dtype=dtype)
        b = torch.tensor(QUAD_B, dtype=dtype)

        def f():
            return 0.5 * (p @ (A @ p)) + b @ p
        return [p], f
    if name == "mlp":
        ps = [t.clone().to(dtype).requires_grad_(True) for t in MLP_P0]
        X, Y = MLP_X.to(dtype), MLP_Y.to(dtype)

        def f():
            W1, b1, W2, b2 = ps
            h = torch.tanh(X @ W1.t() + b1)
            out = h @ W2.t() + b2
            return ((out - Y) ** 2).mean()
        return ps, f
    raise ValueError(name)


OPTIMS = {
    "SGD": optim.SGD, "Adam": optim.Adam, "AdamW": optim.AdamW, "RMSprop": optim.RMSprop,
    "Adagrad": optim.Adagrad, "Adadelta": optim.Adadelta, "NAdam": optim.NAdam, "RAdam": optim.RAdam,
}


def make_optimizer(name, params, kw):
    kw = dict(kw)
    if "betas" in kw:
        kw["betas"] = tuple(kw["betas"])
    return OPTIMS[name](params, foreach=False, **kw)


# ----------------------------------------------------------------------------------------------------------------
# optimizer configs: (name, optimizer, kwargs, {problem: lr override or None}, negate)
# Learning rates are picked per problem so every run stays on a smooth (non-chaotic) path: float32 parity over
# 100+ steps is only meaningful when the dynamics do not amplify rounding.

C = []


def cfg(name, opt, kw, problems, negate=False):
    C.append(dict(name=name, optimizer=opt, kwargs=kw, problems=problems, negate=negate))


# problems: dict problem -> extra kwargs (usually lr)
cfg("sgd_plain", "SGD", {}, {"rosen": {"lr": 2e-4}, "quad": {"lr": 0.05}, "mlp": {"lr": 0.1}})
cfg("sgd_momentum", "SGD", {"momentum": 0.9}, {"rosen": {"lr": 5e-5}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.05}})
cfg("sgd_dampening", "SGD", {"momentum": 0.9, "dampening": 0.5},
    {"rosen": {"lr": 1e-4}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.05}})
cfg("sgd_nesterov", "SGD", {"momentum": 0.8, "nesterov": True},
    {"rosen": {"lr": 1e-4}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.05}})
cfg("sgd_weight_decay", "SGD", {"momentum": 0.5, "weight_decay": 0.1},
    {"rosen": {"lr": 1e-4}, "quad": {"lr": 0.05}, "mlp": {"lr": 0.1}})
cfg("sgd_maximize", "SGD", {"momentum": 0.5, "maximize": True},
    {"rosen": {"lr": 1e-4}, "quad": {"lr": 0.05}, "mlp": {"lr": 0.1}}, negate=True)
cfg("adam_plain", "Adam", {}, {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("adam_betas_eps", "Adam", {"betas": [0.8, 0.99], "eps": 1e-6},
    {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("adam_amsgrad", "Adam", {"amsgrad": True}, {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("adam_weight_decay", "Adam", {"weight_decay": 0.1},
    {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("adam_maximize", "Adam", {"maximize": True}, {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}},
    negate=True)
cfg("adamw_plain", "AdamW", {}, {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("adamw_amsgrad_wd", "AdamW", {"amsgrad": True, "weight_decay": 0.1},
    {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("adamw_maximize", "AdamW", {"maximize": True}, {"rosen": {"lr": 0.02}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}},
    negate=True)
cfg("rmsprop_plain", "RMSprop", {}, {"rosen": {"lr": 2e-3}, "quad": {"lr": 0.01}, "mlp": {"lr": 2e-3}})
cfg("rmsprop_centered", "RMSprop", {"centered": True, "alpha": 0.9, "eps": 1e-3},
    {"rosen": {"lr": 5e-4}, "quad": {"lr": 2e-3}, "mlp": {"lr": 1e-3}})
cfg("rmsprop_momentum", "RMSprop", {"momentum": 0.5, "eps": 1e-6},
    {"rosen": {"lr": 1e-3}, "quad": {"lr": 5e-3}, "mlp": {"lr": 1e-3}})
cfg("rmsprop_centered_momentum_wd", "RMSprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1},
    {"rosen": {"lr": 1e-3}, "quad": {"lr": 5e-3}, "mlp": {"lr": 1e-3}})
cfg("rmsprop_maximize", "RMSprop", {"maximize": True},
    {"rosen": {"lr": 2e-3}, "quad": {"lr": 0.01}, "mlp": {"lr": 2e-3}}, negate=True)
cfg("adagrad_plain", "Adagrad", {}, {"rosen": {"lr": 0.05}, "quad": {"lr": 0.1}, "mlp": {"lr": 0.05}})
cfg("adagrad_lr_decay_init_acc", "Adagrad", {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8},
    {"rosen": {"lr": 0.05}, "quad": {"lr": 0.1}, "mlp": {"lr": 0.05}})
cfg("adagrad_weight_decay", "Adagrad", {"weight_decay": 0.1},
    {"rosen": {"lr": 0.05}, "quad": {"lr": 0.1}, "mlp": {"lr": 0.05}})
cfg("adagrad_maximize", "Adagrad", {"maximize": True},
    {"rosen": {"lr": 0.05}, "quad": {"lr": 0.1}, "mlp": {"lr": 0.05}}, negate=True)
cfg("adadelta_plain", "Adadelta", {}, {"rosen": {"lr": 0.3}, "quad": {"lr": 1.0}, "mlp": {"lr": 1.0}})
cfg("adadelta_rho_eps_wd", "Adadelta", {"rho": 0.8, "eps": 1e-5, "weight_decay": 0.1},
    {"rosen": {"lr": 0.1}, "quad": {"lr": 0.5}, "mlp": {"lr": 0.5}})
cfg("adadelta_maximize", "Adadelta", {"maximize": True}, {"rosen": {"lr": 0.3}, "quad": {"lr": 1.0}, "mlp": {"lr": 1.0}},
    negate=True)
cfg("nadam_plain", "NAdam", {}, {"rosen": {"lr": 0.01}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.001}})
cfg("nadam_wd_momentum_decay", "NAdam", {"weight_decay": 0.1, "momentum_decay": 0.01, "betas": [0.85, 0.995]},
    {"rosen": {"lr": 0.01}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("radam_plain", "RAdam", {}, {"rosen": {"lr": 0.003}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})
cfg("radam_wd", "RAdam", {"weight_decay": 0.1, "betas": [0.85, 0.99], "eps": 1e-6},
    {"rosen": {"lr": 0.003}, "quad": {"lr": 0.02}, "mlp": {"lr": 0.01}})

STEPS = {"rosen": 150, "quad": 120, "mlp": 100}


def record_points(n):
    pts = sorted(set(list(range(0, 6)) + list(range(10, n, 10)) + [n]))
    return pts


def run(config, problem, dtype, steps, negate, extra_kw):
    params, f = make_problem(problem, dtype)
    kw = dict(config)
    kw.update(extra_kw)
    opt = make_optimizer(kw.pop("__opt"), params, kw)
    pts = set(record_points(steps))
    snaps = []
    for k in range(steps + 1):
        if k in pts:
            with torch.no_grad():
                loss = f()
            snaps.append({"step": k, "loss": r(loss), "params": [flat(p) for p in params]})
        if k == steps:
            break
        opt.zero_grad()
        loss = f()
        if negate:
            loss = -loss
        loss.backward()
        opt.step()
    return snaps, opt, params


def sensitivity(c, problem, extra):
    """Amplification of a 1e-9 relative nudge of the initial point through the float64 run (sanity check)."""
    kw = dict(c["kwargs"]); kw["__opt"] = c["optimizer"]
    base, _, _ = run(kw, problem, torch.float64, STEPS[problem], c["negate"], extra)
    params, f = make_problem(problem, torch.float64)
    with torch.no_grad():
        for p in params:
            p.mul_(1 + 1e-9)
    kw2 = dict(c["kwargs"]); kw2.update(extra)
    opt = make_optimizer(c["optimizer"], params, kw2)
    for _ in range(STEPS[problem]):
        opt.zero_grad()
        loss = f()
        (-loss if c["negate"] else loss).backward()
        opt.step()
    fin = torch.cat([p.detach().reshape(-1) for p in params])
    ref = torch.tensor([v for ps in base[-1]["params"] for v in ps], dtype=torch.float64)
    return float(((fin - ref).abs().max() / ref.abs().max().clamp(min=1e-12)) / 1e-9)


def f32_gap(c, problem, extra):
    """Worst relative gap between torch's own float32 and float64 trajectories (same floor as the C# tests):
    a config whose float32 run drifts from float64 by more than ~1e-4 is too rounding-sensitive for parity."""
    kw = dict(c["kwargs"]); kw["__opt"] = c["optimizer"]
    a, _, _ = run(dict(kw), problem, torch.float32, STEPS[problem], c["negate"], extra)
    b, _, _ = run(dict(kw), problem, torch.float64, STEPS[problem], c["negate"], extra)
    worst = 0.0
    for sa, sb in zip(a, b):
        for pa, pb in zip(sa["params"], sb["params"]):
            m = max(abs(v) for v in pb)
            for x, y in zip(pa, pb):
                worst = max(worst, abs(x - y) / max(abs(y), 1e-2 * m, 1e-300))
    return worst


def gen_optim_runs():
    runs = []
    for c in C:
        for problem, extra in c["problems"].items():
            for dname, dtype in DTYPES.items():
                kw = dict(c["kwargs"]); kw["__opt"] = c["optimizer"]
                snaps, _, _ = run(kw, problem, dtype, STEPS[problem], c["negate"], extra)
                kwargs = dict(c["kwargs"]); kwargs.update(extra)
                runs.append(dict(name=c["name"], optimizer=c["optimizer"], kwargs=kwargs, problem=problem,
                                 dtype=dname, steps=STEPS[problem], negate=c["negate"], snapshots=snaps))
    return runs


# ----------------------------------------------------------------------------------------------------------------
# special optimizer cases on the MLP (float64 and float32)


def state_dict_json(sd):
    def val(v):
        if isinstance(v, torch.Tensor):
            if v.dim() == 0:
                return r(v.item())
            return {"shape": list(v.shape), "data": flat(v)}
        if isinstance(v, tuple):
            return [val(x) for x in v]
        return v
    state = {str(k): {kk: val(vv) for kk, vv in s.items()} for k, s in sd["state"].items()}
    groups = [{k: val(v) for k, v in g.items()} for g in sd["param_groups"]]
    return {"state": state, "param_groups": groups}


def gen_special():
    out = []
    for dname, dtype in DTYPES.items():
        # (1) a live lr change at step 40 (state must survive), SGD momentum and Adam
        for oname, kw, new_lr in [("SGD", {"lr": 0.05, "momentum": 0.9}, 0.01), ("Adam", {"lr": 0.01}, 0.002)]:
            params, f = make_problem("mlp", dtype)
            opt = make_optimizer(oname, params, kw)
            snaps = []
            for k in range(81):
                if k in (0, 39, 40, 41, 50, 60, 80):
                    snaps.append({"step": k, "params": [flat(p) for p in params]})
                if k == 80:
                    break
                if k == 40:
                    opt.param_groups[0]["lr"] = new_lr
                opt.zero_grad(); f().backward(); opt.step()
            out.append(dict(kind="lr_change", optimizer=oname, kwargs=kw, dtype=dname, change_at=40, new_lr=new_lr,
                            steps=80, snapshots=snaps))
        # (2) two parameter groups with different hyper-parameters
        params, f = make_problem("mlp", dtype)
        groups = [{"params": params[:2]}, {"params": params[2:], "lr": 0.02, "momentum": 0.5}]
        opt = optim.SGD(groups, lr=0.1, momentum=0.9, foreach=False)
        snaps = []
        for k in range(61):
            if k in (0, 1, 2, 10, 30, 60):
                snaps.append({"step": k, "params": [flat(p) for p in params]})
            if k == 60:
                break
            opt.zero_grad(); f().backward(); opt.step()
        out.append(dict(kind="param_groups", optimizer="SGD", kwargs={"lr": 0.1, "momentum": 0.9},
                        groups=[{"params": [0, 1]}, {"params": [2, 3], "lr": 0.02, "momentum": 0.5}],
                        dtype=dname, steps=60, snapshots=snaps))
        # (3) state_dict after 30 steps, loaded into a fresh optimizer over a copy of the params, 30 more steps
        for oname, kw in [("Adam", {"lr": 0.01, "amsgrad": True}), ("SGD", {"lr": 0.05, "momentum": 0.9}),
                          ("NAdam", {"lr": 0.001}), ("RMSprop", {"lr": 1e-3, "centered": True, "momentum": 0.5, "eps": 1e-4}),
                          ("Adagrad", {"lr": 0.05, "lr_decay": 0.01}), ("Adadelta", {"lr": 1.0}),
                          ("RAdam", {"lr": 0.01}), ("AdamW", {"lr": 0.01})]:
            params, f = make_problem("mlp", dtype)
            opt = make_optimizer(oname, params, kw)
            for _ in range(30):
                opt.zero_grad(); f().backward(); opt.step()
            sd = copy.deepcopy(opt.state_dict())  # state_dict() returns live references: freeze it now
            mid = [flat(p) for p in params]
            params2 = [p.detach().clone().requires_grad_(True) for p in params]
            X, Y = MLP_X.to(dtype), MLP_Y.to(dtype)

            def f2():
                W1, b1, W2, b2 = params2
                return ((torch.tanh(X @ W1.t() + b1) @ W2.t() + b2 - Y) ** 2).mean()
            opt2 = make_optimizer(oname, params2, dict(kw, lr=123.0))  # lr comes back from the state dict
            opt2.load_state_dict(sd)
            for _ in range(30):
                opt2.zero_grad(); f2().backward(); opt2.step()
            # and the uninterrupted run for comparison (identical by construction in torch)
            for _ in range(30):
                opt.zero_grad(); f().backward(); opt.step()
            assert all(torch.equal(a, b) for a, b in zip(params, params2))
            out.append(dict(kind="state_dict", optimizer=oname, kwargs=kw, dtype=dname, steps_before=30,
                            steps_after=30, mid_params=mid, state_dict=state_dict_json(sd),
                            final_params=[flat(p) for p in params2]))
    return out


# ----------------------------------------------------------------------------------------------------------------
# schedulers: lr sequences (get_last_lr after construction, then after each step) on SGD with two groups


def sched_opt():
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(3, requires_grad=True)
    return optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.05}], lr=0.1)


def gen_schedulers():
    out = []

    def record(name, build, spec, epochs, metrics=None):
        opt = sched_opt()
        s = build(opt)
        lrs = [list(map(r, s._last_lr))] if not isinstance(s, sched.ReduceLROnPlateau) else [
            [r(g["lr"]) for g in opt.param_groups]]
        for e in range(epochs):
            opt.step()
            if metrics is not None:
                s.step(metrics[e])
            else:
                s.step()
            lrs.append(list(map(r, s.get_last_lr() if hasattr(s, "get_last_lr") else s._last_lr)))
        out.append(dict(name=name, spec=spec, epochs=epochs, lrs=lrs, metrics=metrics))

    record("step", lambda o: sched.StepLR(o, step_size=7, gamma=0.5), {"type": "StepLR", "step_size": 7, "gamma": 0.5}, 40)
    record("multistep", lambda o: sched.MultiStepLR(o, milestones=[5, 12, 12, 30], gamma=0.3),
           {"type": "MultiStepLR", "milestones": [5, 12, 12, 30], "gamma": 0.3}, 40)
    record("exponential", lambda o: sched.ExponentialLR(o, gamma=0.9), {"type": "ExponentialLR", "gamma": 0.9}, 40)
    record("cosine", lambda o: sched.CosineAnnealingLR(o, T_max=10, eta_min=0.001),
           {"type": "CosineAnnealingLR", "T_max": 10, "eta_min": 0.001}, 45)
    record("cosine_eta0", lambda o: sched.CosineAnnealingLR(o, T_max=7),
           {"type": "CosineAnnealingLR", "T_max": 7, "eta_min": 0.0}, 30)
    record("linear_warmup", lambda o: sched.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=8),
           {"type": "LinearLR", "start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}, 20)
    record("linear_decay", lambda o: sched.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=10),
           {"type": "LinearLR", "start_factor": 1.0, "end_factor": 0.1, "total_iters": 10}, 20)
    # LambdaLR with lambda epoch: 0.95 ** epoch (group 0) and 1 / (1 + epoch) (group 1)
    record("lambda", lambda o: sched.LambdaLR(o, lr_lambda=[lambda e: 0.95 ** e, lambda e: 1.0 / (1 + e)]),
           {"type": "LambdaLR", "lambdas": ["pow095", "inv1p"]}, 25)
    record("chained", lambda o: sched.ChainedScheduler([sched.LinearLR(o, start_factor=0.5, total_iters=4),
                                                         sched.ExponentialLR(o, gamma=0.9)]),
           {"type": "ChainedScheduler", "schedulers": [
               {"type": "LinearLR", "start_factor": 0.5, "end_factor": 1.0, "total_iters": 4},
               {"type": "ExponentialLR", "gamma": 0.9}]}, 20)
    record("sequential", lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.1, total_iters=5),
                                                          sched.CosineAnnealingLR(o, T_max=20, eta_min=0.0)],
                                                      milestones=[5]),
           {"type": "SequentialLR", "milestones": [5], "schedulers": [
               {"type": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 5},
               {"type": "CosineAnnealingLR", "T_max": 20, "eta_min": 0.0}]}, 30)
    record("sequential_3", lambda o: sched.SequentialLR(o, [sched.ExponentialLR(o, gamma=0.8),
                                                            sched.StepLR(o, step_size=3, gamma=0.5),
                                                            sched.MultiStepLR(o, milestones=[2, 4], gamma=0.1)],
                                                        milestones=[4, 10]),
           {"type": "SequentialLR", "milestones": [4, 10], "schedulers": [
               {"type": "ExponentialLR", "gamma": 0.8}, {"type": "StepLR", "step_size": 3, "gamma": 0.5},
               {"type": "MultiStepLR", "milestones": [2, 4], "gamma": 0.1}]}, 20)

    # ReduceLROnPlateau on a fixed metric sequence
    m = [1.0, 0.9, 0.85, 0.85, 0.86, 0.849, 0.87, 0.88, 0.8, 0.8, 0.8, 0.8, 0.8, 0.79995, 0.8, 0.7, 0.71, 0.72,
         0.73, 0.74, 0.75, 0.76, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
         0.5, 0.5]
    mx = [-v for v in m]
    plateaus = [
        ("plateau_min_rel", dict(mode="min", factor=0.5, patience=2), m),
        ("plateau_min_abs_cooldown", dict(mode="min", factor=0.5, patience=1, threshold=0.01, threshold_mode="abs",
                                          cooldown=2), m),
        ("plateau_max_rel", dict(mode="max", factor=0.2, patience=3, threshold=0.05), mx),
        ("plateau_max_abs", dict(mode="max", factor=0.5, patience=0, threshold=0.0, threshold_mode="abs"), mx),
        ("plateau_min_lr_list", dict(mode="min", factor=0.1, patience=1, min_lr=[0.002, 0.0001]), m),
        ("plateau_min_lr_scalar_eps", dict(mode="min", factor=0.5, patience=0, min_lr=0.01, eps=0.02), m),
    ]
    for name, kw, metrics in plateaus:
        spec = dict(kw); spec["type"] = "ReduceLROnPlateau"
        record(name, lambda o, kw=kw: sched.ReduceLROnPlateau(o, **kw), spec, len(metrics), metrics)
    return out


# ----------------------------------------------------------------------------------------------------------------
# clip_grad_norm_ / clip_grad_value_


def gen_clip():
    out = []
    g = torch.Generator().manual_seed(99)
    grads0 = [torch.randn(3, 4, generator=g, dtype=torch.float64), torch.randn(5, generator=g, dtype=torch.float64) * 3,
              torch.randn(2, 2, 2, generator=g, dtype=torch.float64) * 0.1]
    for dname, dtype in DTYPES.items():
        for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (2.0, float("inf")), (1.5, 3.0),
                                    (0.0, 2.0)]:
            ps = [torch.zeros(t.shape, dtype=dtype, requires_grad=True) for t in grads0]
            for p, t in zip(ps, grads0):
                p.grad = t.to(dtype).clone()
            total = clip_grad_norm_(ps, max_norm, norm_type)
            out.append(dict(kind="norm", dtype=dname, max_norm=max_norm,
                            norm_type="inf" if math.isinf(norm_type) else norm_type,
                            grads=[{"shape": list(t.shape), "data": flat(t)} for t in grads0],
                            total_norm=r(total), clipped=[flat(p.grad) for p in ps]))
        ps = [torch.zeros(t.shape, dtype=dtype, requires_grad=True) for t in grads0]
        for p, t in zip(ps, grads0):
            p.grad = t.to(dtype).clone()
        clip_grad_value_(ps, 0.7)
        out.append(dict(kind="value", dtype=dname, clip_value=0.7,
                        grads=[{"shape": list(t.shape), "data": flat(t)} for t in grads0],
                        clipped=[flat(p.grad) for p in ps]))
    return out


# ----------------------------------------------------------------------------------------------------------------
# error messages torch raises for bad input


def gen_errors():
    out = []
    p = torch.zeros(2, requires_grad=True)
    q = torch.zeros(2, requires_grad=True)

    def catch(name, fn):
        try:
            fn()
        except (ValueError, RuntimeError, KeyError) as e:
            out.append({"name": name, "message": str(e)})
            return
        raise AssertionError(name + " did not raise")

    catch("empty", lambda: optim.SGD([], lr=0.1))
    catch("duplicate_group", lambda: optim.SGD([{"params": [p]}, {"params": [p, q]}], lr=0.1))
    catch("sgd_negative_lr", lambda: optim.SGD([p], lr=-0.1))
    catch("sgd_negative_momentum", lambda: optim.SGD([p], lr=0.1, momentum=-0.5))
    catch("sgd_nesterov", lambda: optim.SGD([p], lr=0.1, nesterov=True))
    catch("sgd_nesterov_dampening", lambda: optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True))
    catch("adam_negative_eps", lambda: optim.Adam([p], eps=-1e-8))
    catch("adam_beta0", lambda: optim.Adam([p], betas=(1.0, 0.999)))
    catch("adam_beta1", lambda: optim.Adam([p], betas=(0.9, -0.1)))
    catch("adam_negative_wd", lambda: optim.Adam([p], weight_decay=-0.01))
    catch("rmsprop_alpha", lambda: optim.RMSprop([p], alpha=-0.5))
    catch("adagrad_lr_decay", lambda: optim.Adagrad([p], lr_decay=-0.5))
    catch("adadelta_rho", lambda: optim.Adadelta([p], rho=1.5))
    catch("nadam_momentum_decay", lambda: optim.NAdam([p], momentum_decay=-1.0))

    def sd_groups():
        o = optim.SGD([p], lr=0.1)
        o2 = optim.SGD([{"params": [p]}, {"params": [q]}], lr=0.1)
        o.load_state_dict(o2.state_dict())
    catch("state_dict_group_count", sd_groups)

    def sd_sizes():
        o = optim.SGD([p], lr=0.1)
        o2 = optim.SGD([p, q], lr=0.1)
        o.load_state_dict(o2.state_dict())
    catch("state_dict_group_size", sd_sizes)

    def nonfinite():
        t = torch.zeros(2, requires_grad=True)
        t.grad = torch.tensor([1.0, float("nan")])
        clip_grad_norm_([t], 1.0, error_if_nonfinite=True)
    catch("clip_nonfinite", nonfinite)
    catch("plateau_factor", lambda: sched.ReduceLROnPlateau(optim.SGD([p], lr=0.1), factor=1.0))
    catch("plateau_mode", lambda: sched.ReduceLROnPlateau(optim.SGD([p], lr=0.1), mode="avg"))
    catch("linear_start", lambda: sched.LinearLR(optim.SGD([p], lr=0.1), start_factor=1.5))
    return out


def main():
    check = "--sensitivity" in sys.argv
    if check:
        for c in C:
            for problem, extra in c["problems"].items():
                print("%-32s %-6s amplification %.3g  float32-vs-float64 gap %.2e" % (
                    c["name"], problem, sensitivity(c, problem, extra), f32_gap(c, problem, extra)))
        return
    data = {
        "torch_version": torch.__version__,
        "mlp": {"X": {"shape": list(MLP_X.shape), "data": flat(MLP_X)},
                "Y": {"shape": list(MLP_Y.shape), "data": flat(MLP_Y)},
                "params": [{"shape": list(t.shape), "data": flat(t)} for t in MLP_P0]},
        "quad": {"A": QUAD_A, "b": QUAD_B},
        "runs": gen_optim_runs(),
        "special": gen_special(),
        "schedulers": gen_schedulers(),
        "clip": gen_clip(),
        "errors": gen_errors(),
    }
    with open(OUT, "w") as fh:
        json.dump(data, fh, separators=(",", ":"))
    print("wrote %s (%.2f MB, %d runs)" % (OUT, os.path.getsize(OUT) / 1e6, len(data["runs"])))


if __name__ == "__main__":
    main()
