#!/usr/bin/python3
"""Generates Tests/Fixtures~/tensor_ops.json: PyTorch reference values and gradients for every tensor op.

Run with Debian's python (it has torch 1.13):  /usr/bin/python3 Tests/Fixtures~/gen_tensor_fixtures.py
The output is deterministic (fixed seed) and committed; the C# tests never need torch.

Each case stores its inputs (float64 source values; the float32 run uses the same values cast to float32), which
inputs require grad, a random `upstream` tensor, and for both float64 and float32: every output and the gradient of
sum(output[0] * upstream) with respect to each input that requires grad (null when torch leaves it unused).
"""
import json
import math
import os
import sys

import torch

SEED = 1234
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tensor_ops.json")

torch.manual_seed(SEED)
g = torch.Generator().manual_seed(SEED)


# ---------------------------------------------------------------- input makers (float64, rounded to 6 decimals)
def _round(t):
    return torch.round(t * 1e6) / 1e6


def uni(*shape, lo=-2.0, hi=2.0):
    return _round(torch.rand(tuple(shape), generator=g, dtype=torch.float64) * (hi - lo) + lo)


def pos(*shape, lo=0.5, hi=2.0):
    return uni(*shape, lo=lo, hi=hi)


def away0(*shape, lo=0.2, hi=2.0):
    """Values with |x| in [lo, hi] and random signs: keeps abs/sign/relu/reciprocal away from their kinks."""
    mag = uni(*shape, lo=lo, hi=hi)
    sgn = torch.where(torch.rand(tuple(shape), generator=g) < 0.5, -1.0, 1.0).to(torch.float64)
    return mag * sgn


def ints(*shape, lo=0, hi=3):
    """Small integers as floats: comparisons get ties."""
    return torch.randint(lo, hi + 1, tuple(shape), generator=g).to(torch.float64)


def away_from(*shape, points=(), margin=0.15, lo=-2.0, hi=2.0):
    """Uniform values at least `margin` away from every point (clamp bounds)."""
    t = uni(*shape, lo=lo, hi=hi)
    flat = t.reshape(-1)
    for i in range(flat.numel()):
        while any(abs(flat[i].item() - p) < margin for p in points):
            flat[i] = _round(torch.rand((), generator=g, dtype=torch.float64) * (hi - lo) + lo)
    return flat.reshape(shape)


def F(values, grad=True):
    return {"kind": "float", "t": values, "grad": grad}


def L(values):
    return {"kind": "long", "t": torch.as_tensor(values, dtype=torch.int64)}


# ---------------------------------------------------------------- case collection
CASES = []


def case(name, op, inputs, fn, **params):
    CASES.append((name, op, inputs, fn, params))


def tensor_json(t, kind, dt):
    t = t.detach()
    shape = list(t.shape)
    flat = t.reshape(-1).tolist()
    if kind == "float":
        if dt == torch.float32:
            vals = [float("%.9g" % v) for v in flat]  # 9 digits round-trip float32
        else:
            vals = [float(v) for v in flat]
    else:
        vals = [int(v) for v in flat]
    return {"shape": shape, "values": vals}


def kind_of(t):
    if t.dtype == torch.bool:
        return "bool"
    if t.dtype.is_floating_point:
        return "float"
    return "long"


def run_case(name, op, inputs, fn, params):
    result = {"name": name, "op": op, "params": params, "inputs": []}
    for inp in inputs:
        j = tensor_json(inp["t"], inp["kind"], torch.float64)
        j["kind"] = inp["kind"]
        j["requires_grad"] = bool(inp.get("grad", False)) and inp["kind"] == "float"
        result["inputs"].append(j)

    upstream = None
    for dt, key in ((torch.float64, "float64"), (torch.float32, "float32")):
        ts = []
        for inp in inputs:
            if inp["kind"] == "float":
                t = inp["t"].to(dt).detach().clone()
                if inp.get("grad", False):
                    t.requires_grad_(True)
            else:
                t = inp["t"].clone()
            ts.append(t)
        out = fn(ts, params)
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        res = {"outputs": []}
        for o in outs:
            j = tensor_json(o, kind_of(o), dt)
            j["kind"] = kind_of(o)
            res["outputs"].append(j)
        diff = [t for t in ts if t.requires_grad]
        if outs[0].requires_grad and diff:
            if upstream is None:
                upstream = _round(torch.randn(outs[0].shape, generator=g, dtype=torch.float64))
                result["upstream"] = tensor_json(upstream, "float", torch.float64)
            gs = torch.autograd.grad(outs[0], diff, grad_outputs=upstream.to(dt), allow_unused=True)
            gi = iter(gs)
            res["grads"] = [(lambda gg: None if gg is None else tensor_json(gg, "float", dt)["values"])(next(gi))
                            if t.requires_grad else None for t in ts]
        else:
            res["grads"] = [None for _ in ts]
        result[key] = res
    if "upstream" not in result:
        result["upstream"] = None
    return result


def shp(*s):
    return "x".join(str(d) for d in s) if s else "scalar"


# ================================================================= element-wise binary
BIN = {
    "add": lambda t, p: t[0] + t[1],
    "sub": lambda t, p: t[0] - t[1],
    "mul": lambda t, p: t[0] * t[1],
    "div": lambda t, p: t[0] / t[1],
    "maximum": lambda t, p: torch.maximum(t[0], t[1]),
    "minimum": lambda t, p: torch.minimum(t[0], t[1]),
}
PAIRS = [((3, 4), (3, 4), "same"), ((3, 1), (1, 4), "broadcast"), ((4,), (2, 3, 4), "broadcast"),
         ((), (3, 4), "broadcast"), ((2, 3, 4), (3, 1), "broadcast"), ((), (), "rank0")]
for op, fn in BIN.items():
    for sa, sb, kind in PAIRS:
        b = away0(*sb, lo=0.3) if op == "div" else uni(*sb)
        case(f"{op}_{kind}_{shp(*sa)}_{shp(*sb)}", op, [F(uni(*sa)), F(b)], fn)

case("add_alpha_3x4_3x4", "add_alpha", [F(uni(3, 4)), F(uni(3, 4))], lambda t, p: torch.add(t[0], t[1], alpha=p["alpha"]), alpha=-2.5)
case("add_alpha_broadcast_3x1_4", "add_alpha", [F(uni(3, 1)), F(uni(4))], lambda t, p: torch.add(t[0], t[1], alpha=p["alpha"]), alpha=0.5)
case("mul_same_input_3x4", "mul_same_input", [F(uni(3, 4))], lambda t, p: t[0] * t[0])
case("add_same_input_broadcast_3x1", "add_same_input_t", [F(uni(3, 1))], lambda t, p: t[0] + t[0].transpose(0, 1))

SCALAR = {
    "add_scalar": lambda t, p: t[0] + p["scalar"],
    "sub_scalar": lambda t, p: t[0] - p["scalar"],
    "rsub_scalar": lambda t, p: p["scalar"] - t[0],
    "mul_scalar": lambda t, p: t[0] * p["scalar"],
    "div_scalar": lambda t, p: t[0] / p["scalar"],
    "rdiv_scalar": lambda t, p: p["scalar"] / t[0],
}
for op, fn in SCALAR.items():
    x = away0(3, 4, lo=0.3) if op == "rdiv_scalar" else uni(3, 4)
    case(f"{op}_3x4", op, [F(x)], fn, scalar=-1.75)
    x0 = away0(lo=0.3) if op == "rdiv_scalar" else uni()
    case(f"{op}_scalar", op, [F(x0)], fn, scalar=2.5)

# pow: tensor exponent needs a positive base
case("pow_3x4_3x4", "pow", [F(pos(3, 4)), F(uni(3, 4))], lambda t, p: torch.pow(t[0], t[1]))
case("pow_broadcast_3x1_1x4", "pow", [F(pos(3, 1)), F(uni(1, 4))], lambda t, p: torch.pow(t[0], t[1]))
case("pow_broadcast_2x3x4_4", "pow", [F(pos(2, 3, 4)), F(uni(4))], lambda t, p: torch.pow(t[0], t[1]))
for e in (2.0, 3.0, 0.5, -1.0, -0.5, 1.5):
    base = pos(3, 4) if e != int(e) or e < 0 else away0(3, 4)
    case(f"pow_scalar_{str(e).replace('-', 'm').replace('.', 'p')}_3x4", "pow_scalar", [F(base)],
         lambda t, p: torch.pow(t[0], p["exponent"]), exponent=e)

# ================================================================= element-wise unary
UN = {
    "neg": (torch.neg, uni), "abs": (torch.abs, away0), "sign": (torch.sign, away0), "exp": (torch.exp, uni),
    "log": (torch.log, pos), "log1p": (torch.log1p, lambda *s: uni(*s, lo=-0.8, hi=2.0)),
    "sqrt": (torch.sqrt, pos), "rsqrt": (torch.rsqrt, pos), "reciprocal": (torch.reciprocal, away0),
    "square": (torch.square, uni), "sin": (torch.sin, lambda *s: uni(*s, lo=-4, hi=4)),
    "cos": (torch.cos, lambda *s: uni(*s, lo=-4, hi=4)), "tanh": (torch.tanh, uni),
    "sigmoid": (torch.sigmoid, lambda *s: uni(*s, lo=-4, hi=4)), "relu": (torch.relu, away0), "erf": (torch.erf, uni),
}
for op, (fn, maker) in UN.items():
    case(f"{op}_3x4", op, [F(maker(3, 4))], (lambda f: lambda t, p: f(t[0]))(fn))
    case(f"{op}_2x3x4", op, [F(maker(2, 3, 4))], (lambda f: lambda t, p: f(t[0]))(fn))
    case(f"{op}_scalar", op, [F(maker())], (lambda f: lambda t, p: f(t[0]))(fn))

# clamp: values kept away from the bounds
case("clamp_min_3x4", "clamp", [F(away_from(3, 4, points=(-0.5,)))], lambda t, p: torch.clamp(t[0], min=p["min"]), min=-0.5, max=None)
case("clamp_max_3x4", "clamp", [F(away_from(3, 4, points=(0.75,)))], lambda t, p: torch.clamp(t[0], max=p["max"]), min=None, max=0.75)
case("clamp_both_2x3x4", "clamp", [F(away_from(2, 3, 4, points=(-1.0, 1.0)))], lambda t, p: torch.clamp(t[0], p["min"], p["max"]), min=-1.0, max=1.0)

# where(cond from a comparison, a, b) with broadcasting
case("where_gt0_3x4", "where_gt0", [F(away0(3, 4), grad=False), F(uni(3, 4)), F(uni(3, 4))],
     lambda t, p: torch.where(t[0] > 0, t[1], t[2]))
case("where_gt0_broadcast_3x1_1x4_4", "where_gt0", [F(away0(3, 1), grad=False), F(uni(1, 4)), F(uni(4))],
     lambda t, p: torch.where(t[0] > 0, t[1], t[2]))
case("where_lt_self_3x4", "where_lt", [F(uni(3, 4)), F(uni(3, 4))], lambda t, p: torch.where(t[0] < t[1], t[0] * 2, t[1]))

# comparisons (no grad; ties from small integers)
CMP = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le, "gt": torch.gt, "ge": torch.ge}
for op, fn in CMP.items():
    case(f"{op}_3x4_3x4", op, [F(ints(3, 4), False), F(ints(3, 4), False)], (lambda f: lambda t, p: f(t[0], t[1]))(fn))
    case(f"{op}_broadcast_3x1_1x4", op, [F(ints(3, 1), False), F(ints(1, 4), False)], (lambda f: lambda t, p: f(t[0], t[1]))(fn))
    case(f"{op}_scalar_3x4", op + "_scalar", [F(ints(3, 4), False)], (lambda f: lambda t, p: f(t[0], p["scalar"]))(fn), scalar=2.0)

# ================================================================= reductions
X234 = lambda: uni(2, 3, 4)
for op, fn in (("sum", torch.sum), ("mean", torch.mean)):
    case(f"{op}_all_3x4", op, [F(uni(3, 4))], (lambda f: lambda t, p: f(t[0]))(fn))
    case(f"{op}_all_scalar", op, [F(uni())], (lambda f: lambda t, p: f(t[0]))(fn))
    for d in (0, 1, -1):
        for kd in (False, True):
            case(f"{op}_dim{d}{'_keepdim' if kd else ''}_2x3x4".replace("-", "m"), op + "_dim", [F(X234())],
                 (lambda f: lambda t, p: f(t[0], p["dim"], keepdim=p["keepdim"]))(fn), dim=d, keepdim=kd)
    for dims, kd in (([0, 2], False), ([0, 2], True), ([-1, -2], False), ([0, 1, 2], False)):
        case(f"{op}_dims{''.join(str(d) for d in dims)}{'_keepdim' if kd else ''}_2x3x4".replace("-", "m"), op + "_dims",
             [F(X234())], (lambda f: lambda t, p: f(t[0], p["dims"], keepdim=p["keepdim"]))(fn), dims=dims, keepdim=kd)

for op, fn in (("var", torch.var), ("std", torch.std)):
    for ub in (True, False):
        tag = "unbiased" if ub else "biased"
        case(f"{op}_all_{tag}_3x4", op, [F(uni(3, 4))], (lambda f: lambda t, p: f(t[0], unbiased=p["unbiased"]))(fn), unbiased=ub)
        case(f"{op}_dim1_{tag}_2x3x4", op + "_dim", [F(X234())],
             (lambda f: lambda t, p: f(t[0], p["dim"], unbiased=p["unbiased"], keepdim=p["keepdim"]))(fn), dim=1, unbiased=ub, keepdim=False)
        case(f"{op}_dimm1_keepdim_{tag}_2x3x4", op + "_dim", [F(X234())],
             (lambda f: lambda t, p: f(t[0], p["dim"], unbiased=p["unbiased"], keepdim=p["keepdim"]))(fn), dim=-1, unbiased=ub, keepdim=True)
        case(f"{op}_dims02_{tag}_2x3x4", op + "_dims", [F(X234())],
             (lambda f: lambda t, p: f(t[0], p["dims"], unbiased=p["unbiased"], keepdim=p["keepdim"]))(fn), dims=[0, 2], unbiased=ub, keepdim=False)

for op, fn in (("max", torch.max), ("min", torch.min)):
    case(f"{op}_all_3x4", op, [F(uni(3, 4))], (lambda f: lambda t, p: f(t[0]))(fn))
    case(f"{op}_all_2x3x4", op, [F(X234())], (lambda f: lambda t, p: f(t[0]))(fn))
    for d, kd in ((0, False), (1, True), (-1, False)):
        case(f"{op}_dim{d}{'_keepdim' if kd else ''}_2x3x4".replace("-", "m"), op + "_dim", [F(X234())],
             (lambda f: lambda t, p: tuple(f(t[0], p["dim"], keepdim=p["keepdim"])))(fn), dim=d, keepdim=kd)

for op, fn in (("argmax", torch.argmax), ("argmin", torch.argmin)):
    case(f"{op}_all_3x4", op, [F(uni(3, 4), False)], (lambda f: lambda t, p: f(t[0]))(fn))
    for d, kd in ((0, False), (1, True), (-1, False)):
        case(f"{op}_dim{d}{'_keepdim' if kd else ''}_2x3x4".replace("-", "m"), op + "_dim", [F(X234(), False)],
             (lambda f: lambda t, p: f(t[0], p["dim"], keepdim=p["keepdim"]))(fn), dim=d, keepdim=kd)

for d, kd in ((0, False), (1, False), (-1, True)):
    case(f"logsumexp_dim{d}{'_keepdim' if kd else ''}_2x3x4".replace("-", "m"), "logsumexp", [F(uni(2, 3, 4, lo=-4, hi=4))],
         lambda t, p: torch.logsumexp(t[0], p["dim"], keepdim=p["keepdim"]), dim=d, keepdim=kd)
case("logsumexp_large_3x4", "logsumexp", [F(uni(3, 4, lo=80, hi=100))], lambda t, p: torch.logsumexp(t[0], p["dim"], keepdim=p["keepdim"]), dim=1, keepdim=False)


def norm_fn(t, p):
    pp = math.inf if p["p"] == "inf" else p["p"]
    if p["dims"] is None:
        return torch.norm(t[0], p=pp)
    return torch.norm(t[0], p=pp, dim=p["dims"], keepdim=p["keepdim"])


case("norm_p2_all_3x4", "norm", [F(away0(3, 4))], norm_fn, p=2.0, dims=None, keepdim=False)
case("norm_p1_all_3x4", "norm", [F(away0(3, 4))], norm_fn, p=1.0, dims=None, keepdim=False)
case("norm_pinf_all_3x4", "norm", [F(away0(3, 4))], norm_fn, p="inf", dims=None, keepdim=False)
case("norm_p3_all_3x4", "norm", [F(away0(3, 4))], norm_fn, p=3.0, dims=None, keepdim=False)
case("norm_p2_dims1_2x3x4", "norm", [F(away0(2, 3, 4))], norm_fn, p=2.0, dims=[1], keepdim=False)
case("norm_p2_dims02_keepdim_2x3x4", "norm", [F(away0(2, 3, 4))], norm_fn, p=2.0, dims=[0, 2], keepdim=True)
case("norm_p1_dimsm1_2x3x4", "norm", [F(away0(2, 3, 4))], norm_fn, p=1.0, dims=[-1], keepdim=False)
case("norm_pinf_dims1_2x3x4", "norm", [F(away0(2, 3, 4))], norm_fn, p="inf", dims=[1], keepdim=False)

for op, fn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
    for d in (0, 1, -1):
        case(f"{op}_dim{d}_2x3x4".replace("-", "m"), op, [F(uni(2, 3, 4, lo=-3, hi=3))], (lambda f: lambda t, p: f(t[0], p["dim"]))(fn), dim=d)
    case(f"{op}_dim1_large_3x4", op, [F(uni(3, 4, lo=50, hi=60))], (lambda f: lambda t, p: f(t[0], p["dim"]))(fn), dim=1)

# ================================================================= linear algebra
MM = [((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 2)), ((3, 4), (4, 2)), ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4, 5)),
      ((2, 1, 3, 4), (3, 4, 2)), ((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((3, 4), (2, 4, 2))]
for sa, sb in MM:
    case(f"matmul_{shp(*sa)}_{shp(*sb)}", "matmul", [F(uni(*sa)), F(uni(*sb))], lambda t, p: torch.matmul(t[0], t[1]))
case("mm_3x4_4x2", "mm", [F(uni(3, 4)), F(uni(4, 2))], lambda t, p: torch.mm(t[0], t[1]))
case("mm_1x5_5x1", "mm", [F(uni(1, 5)), F(uni(5, 1))], lambda t, p: torch.mm(t[0], t[1]))
case("bmm_2x3x4_2x4x5", "bmm", [F(uni(2, 3, 4)), F(uni(2, 4, 5))], lambda t, p: torch.bmm(t[0], t[1]))
case("matmul_transposed_4x3T_4x2", "matmul_at", [F(uni(4, 3)), F(uni(4, 2))], lambda t, p: torch.matmul(t[0].t(), t[1]))
case("matmul_transposed_3x4_2x4T", "matmul_bt", [F(uni(3, 4)), F(uni(2, 4))], lambda t, p: torch.matmul(t[0], t[1].t()))

# ================================================================= views, then an element-wise op (x' * w) so
# gradients have to travel back through the view; w has the view's shape.


def view_case(name, op, x, fn, **params):
    out_shape = fn([x], params).shape
    case(name, op, [F(x), F(uni(*out_shape))], lambda t, p: fn(t, p) * t[1], **params)


view_case("reshape_2x3x4_to_4x6", "reshape", uni(2, 3, 4), lambda t, p: t[0].reshape(p["shape"]), shape=[4, 6])
view_case("reshape_2x3x4_to_m1x2", "reshape", uni(2, 3, 4), lambda t, p: t[0].reshape(p["shape"]), shape=[-1, 2])
view_case("reshape_scalar_to_1x1", "reshape", uni(), lambda t, p: t[0].reshape(p["shape"]), shape=[1, 1])
view_case("view_3x4_to_2x6", "view", uni(3, 4), lambda t, p: t[0].view(p["shape"]), shape=[2, 6])
view_case("view_2x3x4_to_6xm1", "view", uni(2, 3, 4), lambda t, p: t[0].view(p["shape"]), shape=[6, -1])
view_case("flatten_all_2x3x4", "flatten", uni(2, 3, 4), lambda t, p: t[0].flatten(p["start"], p["end"]), start=0, end=-1)
view_case("flatten_1_2_2x3x4x2", "flatten", uni(2, 3, 4, 2), lambda t, p: t[0].flatten(p["start"], p["end"]), start=1, end=2)
view_case("transpose_01_3x4", "transpose", uni(3, 4), lambda t, p: t[0].transpose(p["dim0"], p["dim1"]), dim0=0, dim1=1)
view_case("transpose_0m1_2x3x4", "transpose", uni(2, 3, 4), lambda t, p: t[0].transpose(p["dim0"], p["dim1"]), dim0=0, dim1=-1)
view_case("t_3x4", "t", uni(3, 4), lambda t, p: t[0].t())
view_case("permute_201_2x3x4", "permute", uni(2, 3, 4), lambda t, p: t[0].permute(p["dims"]), dims=[2, 0, 1])
view_case("permute_1032_2x3x4x2", "permute", uni(2, 3, 4, 2), lambda t, p: t[0].permute(p["dims"]), dims=[1, 0, 3, 2])
view_case("squeeze_all_3x1x4x1", "squeeze", uni(3, 1, 4, 1), lambda t, p: t[0].squeeze())
view_case("squeeze_dim1_3x1x4x1", "squeeze_dim", uni(3, 1, 4, 1), lambda t, p: t[0].squeeze(p["dim"]), dim=1)
view_case("squeeze_dim0_noop_3x1x4", "squeeze_dim", uni(3, 1, 4), lambda t, p: t[0].squeeze(p["dim"]), dim=0)
view_case("unsqueeze_dim0_3x4", "unsqueeze", uni(3, 4), lambda t, p: t[0].unsqueeze(p["dim"]), dim=0)
view_case("unsqueeze_dimm1_3x4", "unsqueeze", uni(3, 4), lambda t, p: t[0].unsqueeze(p["dim"]), dim=-1)
view_case("unsqueeze_dim1_3x4", "unsqueeze", uni(3, 4), lambda t, p: t[0].unsqueeze(p["dim"]), dim=1)
view_case("expand_3x1_to_3x4", "expand", uni(3, 1), lambda t, p: t[0].expand(p["shape"]), shape=[3, 4])
view_case("expand_4_to_2x3x4", "expand", uni(4), lambda t, p: t[0].expand(p["shape"]), shape=[2, 3, 4])
view_case("expand_1x3x1_to_2xm1x4", "expand", uni(1, 3, 1), lambda t, p: t[0].expand(p["shape"]), shape=[2, -1, 4])
view_case("narrow_dim1_1_2_3x4", "narrow", uni(3, 4), lambda t, p: t[0].narrow(p["dim"], p["start"], p["length"]), dim=1, start=1, length=2)
view_case("narrow_dim0_1_1_2x3x4", "narrow", uni(2, 3, 4), lambda t, p: t[0].narrow(p["dim"], p["start"], p["length"]), dim=0, start=1, length=1)
view_case("select_dim0_2_3x4", "select", uni(3, 4), lambda t, p: t[0].select(p["dim"], p["index"]), dim=0, index=2)
view_case("select_dim1_1_2x3x4", "select", uni(2, 3, 4), lambda t, p: t[0].select(p["dim"], p["index"]), dim=1, index=1)
view_case("select_dim2_m1_2x3x4", "select", uni(2, 3, 4), lambda t, p: t[0].select(p["dim"], p["index"]), dim=2, index=-1)
view_case("index_1_2_2x3x4", "index", uni(2, 3, 4), lambda t, p: t[0][tuple(p["index"])], index=[1, 2])
view_case("slice_dim1_1_4_2_3x5", "slice", uni(3, 5), lambda t, p: t[0][:, p["start"]:p["end"]:p["step"]], dim=1, start=1, end=4, step=2)
view_case("slice_dim0_0_3_2_3x4", "slice", uni(3, 4), lambda t, p: t[0][p["start"]:p["end"]:p["step"]], dim=0, start=0, end=3, step=2)
view_case("slice_dim2_1_4_1_2x3x4", "slice", uni(2, 3, 4), lambda t, p: t[0][:, :, p["start"]:p["end"]:p["step"]], dim=2, start=1, end=4, step=1)
view_case("contiguous_after_transpose_3x4", "transpose_contiguous", uni(3, 4), lambda t, p: t[0].transpose(0, 1).contiguous())
view_case("reshape_after_transpose_3x4", "transpose_reshape", uni(3, 4), lambda t, p: t[0].transpose(0, 1).reshape(p["shape"]), shape=[2, 6])
view_case("slice_then_transpose_4x5", "slice_transpose", uni(4, 5), lambda t, p: t[0][1:4:2, ::2].transpose(0, 1))
view_case("expand_then_transpose_3x1", "expand_transpose", uni(3, 1), lambda t, p: t[0].expand(3, 4).transpose(0, 1))
case("permute_then_sum_dim1_2x3x4", "permute_sum", [F(uni(2, 3, 4))], lambda t, p: t[0].permute(2, 0, 1).sum(1))
case("transpose_then_matmul_3x4", "transpose_matmul_self", [F(uni(3, 4))], lambda t, p: t[0].t().matmul(t[0]))
case("select_then_exp_2x3x4", "select_exp", [F(uni(2, 3, 4))], lambda t, p: t[0].select(1, 2).exp())

# ================================================================= joining and indexing
case("cat_dim0_2x3_4x3", "cat", [F(uni(2, 3)), F(uni(4, 3))], lambda t, p: torch.cat(t, p["dim"]), dim=0)
case("cat_dim1_3x2_3x1_3x4", "cat", [F(uni(3, 2)), F(uni(3, 1)), F(uni(3, 4))], lambda t, p: torch.cat(t, p["dim"]), dim=1)
case("cat_dimm1_2x3x1_2x3x2", "cat", [F(uni(2, 3, 1)), F(uni(2, 3, 2))], lambda t, p: torch.cat(t, p["dim"]), dim=-1)
case("stack_dim0_3x4_3x4", "stack", [F(uni(3, 4)), F(uni(3, 4))], lambda t, p: torch.stack(t, p["dim"]), dim=0)
case("stack_dim1_3x4_x3", "stack", [F(uni(3, 4)), F(uni(3, 4)), F(uni(3, 4))], lambda t, p: torch.stack(t, p["dim"]), dim=1)
case("stack_dimm1_2x3_2x3", "stack", [F(uni(2, 3)), F(uni(2, 3))], lambda t, p: torch.stack(t, p["dim"]), dim=-1)
case("stack_scalars", "stack", [F(uni()), F(uni()), F(uni())], lambda t, p: torch.stack(t, p["dim"]), dim=0)
case("index_select_dim0_4x3", "index_select", [F(uni(4, 3)), L([3, 0, 3, 1])], lambda t, p: torch.index_select(t[0], p["dim"], t[1]), dim=0)
case("index_select_dim1_2x5x3", "index_select", [F(uni(2, 5, 3)), L([4, 4, 0])], lambda t, p: torch.index_select(t[0], p["dim"], t[1]), dim=1)
case("index_select_dimm1_3x4", "index_select", [F(uni(3, 4)), L([2, 1])], lambda t, p: torch.index_select(t[0], p["dim"], t[1]), dim=-1)
case("gather_dim1_3x4", "gather", [F(uni(3, 4)), L([[0, 3], [1, 1], [3, 2]])], lambda t, p: torch.gather(t[0], p["dim"], t[1]), dim=1)
case("gather_dim0_3x4", "gather", [F(uni(3, 4)), L([[2, 0, 1, 2], [2, 2, 0, 1]])], lambda t, p: torch.gather(t[0], p["dim"], t[1]), dim=0)
case("gather_dimm1_2x3x4", "gather", [F(uni(2, 3, 4)), L(torch.randint(0, 4, (2, 3, 3), generator=g).tolist())],
     lambda t, p: torch.gather(t[0], p["dim"], t[1]), dim=-1)

# ================================================================= larger shapes: sizes that are not multiples of any
# work-group or tile size, so blocked/chunked kernels (OpenCL reductions, K-blocked matmul) see ragged edges.
case("matmul_large_17x33_33x19", "matmul", [F(uni(17, 33)), F(uni(33, 19))], lambda t, p: torch.matmul(t[0], t[1]))
case("bmm_large_3x20x37_3x37x9", "bmm", [F(uni(3, 20, 37)), F(uni(3, 37, 9))], lambda t, p: torch.bmm(t[0], t[1]))
case("sum_all_large_45x47", "sum", [F(uni(45, 47))], lambda t, p: torch.sum(t[0]))
case("sum_dim0_large_301x7", "sum_dim", [F(uni(301, 7))], lambda t, p: torch.sum(t[0], p["dim"], keepdim=p["keepdim"]), dim=0, keepdim=False)
case("mean_dim1_large_7x301", "mean_dim", [F(uni(7, 301))], lambda t, p: torch.mean(t[0], p["dim"], keepdim=p["keepdim"]), dim=1, keepdim=True)
case("var_dim0_large_257x3", "var_dim", [F(uni(257, 3))],
     lambda t, p: torch.var(t[0], p["dim"], unbiased=p["unbiased"], keepdim=p["keepdim"]), dim=0, unbiased=True, keepdim=False)
case("max_dim1_large_5x263", "max_dim", [F(uni(5, 263))], lambda t, p: tuple(torch.max(t[0], p["dim"], keepdim=p["keepdim"])), dim=1, keepdim=False)
case("min_all_large_1031", "min", [F(uni(1031))], lambda t, p: torch.min(t[0]))
case("argmax_all_large_1031", "argmax", [F(uni(1031), False)], lambda t, p: torch.argmax(t[0]))
case("argmin_dim0_large_263x5", "argmin_dim", [F(uni(263, 5), False)], lambda t, p: torch.argmin(t[0], p["dim"], keepdim=p["keepdim"]), dim=0, keepdim=False)
case("softmax_dimm1_large_4x211", "softmax", [F(uni(4, 211, lo=-5, hi=5))], lambda t, p: torch.softmax(t[0], p["dim"]), dim=-1)
case("logsumexp_dim0_large_211x4", "logsumexp", [F(uni(211, 4, lo=-5, hi=5))], lambda t, p: torch.logsumexp(t[0], p["dim"], keepdim=p["keepdim"]), dim=0, keepdim=False)
case("norm_p2_all_large_41x43", "norm", [F(away0(41, 43))], norm_fn, p=2.0, dims=None, keepdim=False)

# ================================================================= edge semantics users port line by line from torch
for e in (0.0, 1.0):
    case(f"pow_scalar_{int(e)}_3x4", "pow_scalar", [F(away0(3, 4))], lambda t, p: torch.pow(t[0], p["exponent"]), exponent=e)
view_case("slice_end_past_size_3x5", "slice", uni(3, 5), lambda t, p: t[0][:, p["start"]:p["end"]:p["step"]], dim=1, start=1, end=10, step=3)
view_case("slice_negative_start_3x5", "slice", uni(3, 5), lambda t, p: t[0][:, p["start"]:p["end"]:p["step"]], dim=1, start=-3, end=5, step=1)
view_case("narrow_negative_start_3x4", "narrow", uni(3, 4), lambda t, p: t[0].narrow(p["dim"], p["start"], p["length"]), dim=1, start=-2, length=2)
view_case("index_m1_0_2x3x4", "index", uni(2, 3, 4), lambda t, p: t[0][tuple(p["index"])], index=[-1, 0])
view_case("flatten_scalar", "flatten", uni(), lambda t, p: t[0].flatten(p["start"], p["end"]), start=0, end=-1)
view_case("reshape_1x1_to_scalar", "reshape", uni(1, 1), lambda t, p: t[0].reshape(p["shape"]), shape=[])
view_case("unsqueeze_scalar", "unsqueeze", uni(), lambda t, p: t[0].unsqueeze(p["dim"]), dim=0)
case("softmax_dim1_size1_3x1", "softmax", [F(uni(3, 1))], lambda t, p: torch.softmax(t[0], p["dim"]), dim=1)
case("sum_dim1_size1_keepdim_3x1", "sum_dim", [F(uni(3, 1))], lambda t, p: torch.sum(t[0], p["dim"], keepdim=p["keepdim"]), dim=1, keepdim=True)
case("max_all_scalar", "max", [F(uni())], lambda t, p: torch.max(t[0]))
case("cat_single_3x4", "cat", [F(uni(3, 4))], lambda t, p: torch.cat(t, p["dim"]), dim=1)
case("gather_dim1_index_smaller_3x4_2x2", "gather", [F(uni(3, 4)), L([[3, 0], [1, 1]])], lambda t, p: torch.gather(t[0], p["dim"], t[1]), dim=1)
case("gather_dim0_index_smaller_3x4_2x3", "gather", [F(uni(3, 4)), L([[2, 0, 1], [1, 2, 2]])], lambda t, p: torch.gather(t[0], p["dim"], t[1]), dim=0)

# ================================================================= in-place ops on a non-leaf (x.clone()): torch records
# them in the graph, so gradients flow to x and to the other operands.
def ip(fn):
    return lambda t, p: fn(t[0].clone(), t, p)


case("add_inplace_alpha_3x4_4", "add_inplace", [F(uni(3, 4)), F(uni(4))], ip(lambda y, t, p: y.add_(t[1], alpha=p["alpha"])), alpha=-1.5)
case("sub_inplace_alpha_3x4_3x1", "sub_inplace", [F(uni(3, 4)), F(uni(3, 1))], ip(lambda y, t, p: y.sub_(t[1], alpha=p["alpha"])), alpha=0.5)
case("mul_inplace_3x4_1x4", "mul_inplace", [F(uni(3, 4)), F(uni(1, 4))], ip(lambda y, t, p: y.mul_(t[1])))
case("div_inplace_3x4_3x4", "div_inplace", [F(uni(3, 4)), F(away0(3, 4, lo=0.3))], ip(lambda y, t, p: y.div_(t[1])))
case("add_scalar_inplace_3x4", "add_scalar_inplace", [F(uni(3, 4))], ip(lambda y, t, p: y.add_(p["scalar"])), scalar=0.75)
case("mul_scalar_inplace_3x4", "mul_scalar_inplace", [F(uni(3, 4))], ip(lambda y, t, p: y.mul_(p["scalar"])), scalar=-1.25)
case("div_scalar_inplace_3x4", "div_scalar_inplace", [F(uni(3, 4))], ip(lambda y, t, p: y.div_(p["scalar"])), scalar=3.0)
case("pow_scalar_inplace_3x4", "pow_scalar_inplace", [F(pos(3, 4))], ip(lambda y, t, p: y.pow_(p["exponent"])), exponent=1.5)
case("addcmul_inplace_3x4", "addcmul_inplace", [F(uni(3, 4)), F(uni(3, 4)), F(uni(1, 4))],
     ip(lambda y, t, p: y.addcmul_(t[1], t[2], value=p["value"])), value=-0.5)
case("addcdiv_inplace_3x4", "addcdiv_inplace", [F(uni(3, 4)), F(uni(3, 4)), F(away0(3, 4, lo=0.3))],
     ip(lambda y, t, p: y.addcdiv_(t[1], t[2], value=p["value"])), value=0.25)
case("lerp_inplace_scalar_weight_3x4", "lerp_inplace", [F(uni(3, 4)), F(uni(3, 4))], ip(lambda y, t, p: y.lerp_(t[1], p["weight"])), weight=0.3)
case("lerp_inplace_tensor_weight_3x4", "lerp_inplace_tensor", [F(uni(3, 4)), F(uni(3, 4)), F(uni(3, 4, lo=0, hi=1))],
     ip(lambda y, t, p: y.lerp_(t[1], t[2])))
case("clamp_inplace_3x4", "clamp_inplace", [F(away_from(3, 4, points=(-0.5, 0.5)))], ip(lambda y, t, p: y.clamp_(p["min"], p["max"])), min=-0.5, max=0.5)
for name, maker in (("sqrt", pos), ("neg", uni), ("abs", away0), ("exp", uni), ("log", pos), ("relu", away0), ("sigmoid", uni),
                    ("tanh", uni), ("square", uni), ("reciprocal", away0)):
    case(f"{name}_inplace_3x4", f"{name}_inplace", [F(maker(3, 4))], ip((lambda n: lambda y, t, p: getattr(y, n + "_")())(name)))
case("fill_inplace_3x4", "fill_inplace", [F(uni(3, 4))], ip(lambda y, t, p: y.fill_(p["value"])), value=2.5)
case("zero_inplace_3x4", "zero_inplace", [F(uni(3, 4))], ip(lambda y, t, p: y.zero_()))
case("copy_inplace_broadcast_3x4_4", "copy_inplace", [F(uni(3, 4)), F(uni(4))], ip(lambda y, t, p: y.copy_(t[1])))
case("inplace_chain_3x4", "inplace_chain", [F(uni(3, 4)), F(uni(3, 4))],
     lambda t, p: (t[0] * 2).add_(t[1]).mul_(t[0]).tanh_())
case("inplace_no_grad_values_3x4", "addcmul_inplace", [F(uni(3, 4), False), F(uni(3, 4), False), F(uni(3, 4), False)],
     ip(lambda y, t, p: y.addcmul_(t[1], t[2], value=p["value"])), value=2.0)

# ================================================================= a few compositions (whole-graph gradients)
case("chain_mlp_layer_4x3_3x5_5", "chain_linear_tanh", [F(uni(4, 3)), F(uni(3, 5)), F(uni(5))],
     lambda t, p: torch.tanh(t[0].matmul(t[1]) + t[2]))
case("chain_cross_entropy_4x5", "chain_nll_logsoftmax", [F(uni(4, 5, lo=-3, hi=3)), L([1, 0, 4, 2])],
     lambda t, p: -torch.log_softmax(t[0], 1).gather(1, t[1].unsqueeze(1)).mean())
case("chain_mse_3x4", "chain_mse", [F(uni(3, 4)), F(uni(3, 4))], lambda t, p: ((t[0] - t[1]) ** 2).mean())
case("chain_layernorm_3x4", "chain_standardize", [F(uni(3, 4))],
     lambda t, p: (t[0] - t[0].mean(-1, keepdim=True)) / torch.sqrt(t[0].var(-1, unbiased=False, keepdim=True) + 1e-5))


def main():
    out = {
        "generator": "Tests/Fixtures~/gen_tensor_fixtures.py",
        "torch_version": torch.__version__,
        "seed": SEED,
        "note": "grads[i] = d sum(outputs[0] * upstream) / d inputs[i]; null when inputs[i] does not require grad",
        "cases": [],
    }
    names = set()
    for name, op, inputs, fn, params in CASES:
        assert name not in names, f"duplicate case name {name}"
        names.add(name)
        out["cases"].append(run_case(name, op, inputs, fn, params))
    text = json.dumps(out, separators=(",", ":"))
    text = text.replace('{"name"', '\n{"name"')  # one case per line: readable diffs
    with open(OUT, "w") as f:
        f.write(text + "\n")
    ops = sorted({c[1] for c in CASES})
    print(f"wrote {OUT}: {len(CASES)} cases, {len(ops)} ops, {len(text) / 1024:.0f} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
