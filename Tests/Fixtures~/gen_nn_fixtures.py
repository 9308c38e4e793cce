#!/usr/bin/python3
"""Records PyTorch 1.13 reference values for GdEngine.NN: losses, activations, Linear, BatchNorm1d.

Run with Debian's python (the one that has torch):  /usr/bin/python3 Tests/Fixtures~/gen_nn_fixtures.py
Writes Tests/Fixtures~/nn_fixtures.json next to this script. Everything is computed in float64; the inputs are
stored in the JSON so the C# tests never need torch. A tensor is stored as {"shape": [...], "data": [...]} (row-major).
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)


def T(t):
    t = t.detach()
    if t.dtype in (torch.int64, torch.int32):
        return {"shape": list(t.shape), "dtype": "int64", "data": [int(v) for v in t.reshape(-1).tolist()]}
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def rnd(*shape, scale=1.0):
    return torch.randn(*shape) * scale


# ---------------------------------------------------------------- losses
losses = []


def record(name, fn, inputs, options, grad_wrt=("input",)):
    """fn(**tensors, reduction=..., **options) -> loss. Gradient of sum(loss * upstream) w.r.t. grad_wrt tensors."""
    for reduction in ("mean", "sum", "none"):
        leaves = {}
        for k, v in inputs.items():
            if k in grad_wrt:
                leaves[k] = v.clone().requires_grad_(True)
            else:
                leaves[k] = v
        out = fn(**leaves, reduction=reduction, **options)
        upstream = torch.ones_like(out) if out.dim() == 0 else rnd(*out.shape)
        if grad_wrt:
            (out * upstream).sum().backward()
        case = {
            "name": name,
            "reduction": reduction,
            "options": {k: (T(v) if isinstance(v, torch.Tensor) else v) for k, v in options.items()},
            "inputs": {k: T(v) for k, v in inputs.items()},
            "upstream": T(upstream),
            "output": T(out),
            "grads": {k: T(leaves[k].grad) for k in grad_wrt},
        }
        losses.append(case)


N, C = 6, 4
x = rnd(N, C)
y = rnd(N, C)
y_int = torch.tensor([0, 3, 1, 1, 2, 3])
y_int_ign = torch.tensor([0, 3, -100, 1, 2, -100])
y_int_ign2 = torch.tensor([0, 3, 2, 1, 2, 2])  # ignore_index=2
w = torch.tensor([0.5, 1.0, 2.0, 1.5])
probs = torch.softmax(rnd(N, C), dim=1)

# regression losses: include large residuals so huber/smooth-l1 see both branches
xr = rnd(N, 3, scale=2.0)
yr = rnd(N, 3, scale=2.0)
record("mse", lambda input, target, **kw: F.mse_loss(input, target, **kw), {"input": xr, "target": yr}, {})
record("l1", lambda input, target, **kw: F.l1_loss(input, target, **kw), {"input": xr, "target": yr}, {})
for delta in (1.0, 0.5, 2.5):
    record("huber", lambda input, target, **kw: F.huber_loss(input, target, **kw), {"input": xr, "target": yr}, {"delta": delta})
for beta in (1.0, 0.3, 0.0, 2.0):
    record("smooth_l1", lambda input, target, **kw: F.smooth_l1_loss(input, target, **kw), {"input": xr, "target": yr}, {"beta": beta})
# broadcasting target (torch warns but broadcasts): [N,3] vs [3]
# (not recorded: GdEngine requires equal shapes, like torch would prefer)

ce = lambda input, target, **kw: F.cross_entropy(input, target, **kw)
record("cross_entropy", ce, {"input": x, "target": y_int}, {})
record("cross_entropy", ce, {"input": x, "target": y_int}, {"weight": w})
record("cross_entropy", ce, {"input": x, "target": y_int_ign}, {"ignore_index": -100})
record("cross_entropy", ce, {"input": x, "target": y_int_ign2}, {"ignore_index": 2, "weight": w})
record("cross_entropy", ce, {"input": x, "target": y_int}, {"label_smoothing": 0.1})
record("cross_entropy", ce, {"input": x, "target": y_int}, {"label_smoothing": 0.2, "weight": w})
record("cross_entropy", ce, {"input": x, "target": y_int_ign}, {"label_smoothing": 0.15, "ignore_index": -100})
record("cross_entropy", ce, {"input": x, "target": y_int_ign2}, {"label_smoothing": 0.3, "weight": w, "ignore_index": 2})
record("cross_entropy", ce, {"input": x, "target": probs}, {})
record("cross_entropy", ce, {"input": x, "target": probs}, {"weight": w})
record("cross_entropy", ce, {"input": x, "target": probs}, {"label_smoothing": 0.25})
record("cross_entropy", ce, {"input": x, "target": probs}, {"label_smoothing": 0.1, "weight": w})
# K-dimensional: [N, C, d]
x3 = rnd(2, C, 3)
y3 = torch.tensor([[0, 1, 3], [2, 2, 0]])
record("cross_entropy", ce, {"input": x3, "target": y3}, {"weight": w, "label_smoothing": 0.1})
# unbatched: [C] and scalar target
record("cross_entropy", ce, {"input": x[0].clone(), "target": torch.tensor(2)}, {})

logp = torch.log_softmax(x, dim=1)
nll = lambda input, target, **kw: F.nll_loss(input, target, **kw)
record("nll", nll, {"input": logp, "target": y_int}, {})
record("nll", nll, {"input": logp, "target": y_int}, {"weight": w})
record("nll", nll, {"input": logp, "target": y_int_ign}, {"ignore_index": -100})
record("nll", nll, {"input": logp, "target": y_int_ign2}, {"ignore_index": 2, "weight": w})

p = torch.sigmoid(rnd(N, 3))
p[0, 0] = 0.0  # log clamp at -100
p[1, 2] = 1.0
tb = torch.rand(N, 3)
tb[0, 0] = 0.3
tb[1, 2] = 0.6
bce = lambda input, target, **kw: F.binary_cross_entropy(input, target, **kw)
# the grad at p==0 / p==1 is clamped by eps in torch's backward; record values only for those, grads for a clean set
p_clean = torch.sigmoid(rnd(N, 3))
record("bce", bce, {"input": p_clean, "target": tb}, {})
record("bce", bce, {"input": p_clean, "target": tb}, {"weight": torch.tensor([0.5, 1.0, 2.0])})
record("bce_clamped", bce, {"input": p, "target": tb}, {}, grad_wrt=())

z = rnd(N, 3, scale=3.0)
z[0, 0] = 40.0
z[1, 1] = -40.0
bcel = lambda input, target, **kw: F.binary_cross_entropy_with_logits(input, target, **kw)
record("bce_with_logits", bcel, {"input": z, "target": tb}, {})
record("bce_with_logits", bcel, {"input": z, "target": tb}, {"pos_weight": torch.tensor([1.0, 3.0, 0.5])})
record("bce_with_logits", bcel, {"input": z, "target": tb}, {"weight": torch.tensor([0.5, 1.0, 2.0]), "pos_weight": torch.tensor([2.0, 1.0, 0.25])})

# ---------------------------------------------------------------- activations
activations = []
xa = torch.linspace(-4.0, 4.0, 17).reshape(1, 17).repeat(2, 1) + rnd(2, 17, scale=0.1)
xa = xa.reshape(2, 17)


def act(name, fn, options):
    xx = xa.clone().requires_grad_(True)
    out = fn(xx)
    g = rnd(*out.shape)
    (out * g).sum().backward()
    activations.append({"name": name, "options": options, "x": T(xa), "y": T(out), "upstream": T(g), "grad": T(xx.grad)})


act("relu", F.relu, {})
act("leaky_relu", lambda t: F.leaky_relu(t, 0.01), {"negative_slope": 0.01})
act("leaky_relu", lambda t: F.leaky_relu(t, 0.2), {"negative_slope": 0.2})
act("sigmoid", torch.sigmoid, {})
act("tanh", torch.tanh, {})
act("gelu", lambda t: F.gelu(t), {"approximate": "none"})
act("gelu", lambda t: F.gelu(t, approximate="tanh"), {"approximate": "tanh"})
act("softmax", lambda t: F.softmax(t, dim=1), {"dim": 1})
act("softmax", lambda t: F.softmax(t, dim=0), {"dim": 0})
act("log_softmax", lambda t: F.log_softmax(t, dim=1), {"dim": 1})
act("log_softmax", lambda t: F.log_softmax(t, dim=-1), {"dim": -1})
act("identity", lambda t: t * 1.0, {})

# ---------------------------------------------------------------- Linear
lin = nn.Linear(5, 3)
xl = rnd(4, 5).requires_grad_(True)
yl = lin(xl)
gl = rnd(4, 3)
(yl * gl).sum().backward()
linear = {"weight": T(lin.weight), "bias": T(lin.bias), "x": T(xl), "y": T(yl), "upstream": T(gl),
          "grad_x": T(xl.grad), "grad_weight": T(lin.weight.grad), "grad_bias": T(lin.bias.grad)}
lin_nb = nn.Linear(5, 2, bias=False)
xl2 = rnd(3, 5)
linear_nobias = {"weight": T(lin_nb.weight), "x": T(xl2), "y": T(lin_nb(xl2))}

# ---------------------------------------------------------------- BatchNorm1d
batchnorm = []


def bn_case(num_features, shape, steps=3, **kw):
    bn = nn.BatchNorm1d(num_features, **kw)
    if bn.affine:
        with torch.no_grad():
            bn.weight.copy_(1.0 + 0.3 * torch.randn(num_features))
            bn.bias.copy_(0.2 * torch.randn(num_features))
    case = {"num_features": num_features, "options": {k: v for k, v in kw.items()},
            "weight": T(bn.weight) if bn.affine else None, "bias": T(bn.bias) if bn.affine else None, "steps": []}
    bn.train()
    for s in range(steps):
        xb = (rnd(*shape) * 2.0 + 0.5).requires_grad_(True)
        yb = bn(xb)
        gb = rnd(*yb.shape)
        if bn.affine:
            bn.weight.grad = None
            bn.bias.grad = None
        (yb * gb).sum().backward()
        st = {"x": T(xb), "y": T(yb), "upstream": T(gb), "grad_x": T(xb.grad)}
        if bn.affine:
            st["grad_weight"] = T(bn.weight.grad)
            st["grad_bias"] = T(bn.bias.grad)
        if bn.track_running_stats:
            st["running_mean"] = T(bn.running_mean)
            st["running_var"] = T(bn.running_var)
            st["num_batches_tracked"] = int(bn.num_batches_tracked.item())
        case["steps"].append(st)
    bn.eval()
    xe = rnd(*shape).requires_grad_(True)
    ye = bn(xe)
    ge = rnd(*ye.shape)
    (ye * ge).sum().backward()
    case["eval"] = {"x": T(xe), "y": T(ye), "upstream": T(ge), "grad_x": T(xe.grad)}
    batchnorm.append(case)


bn_case(3, (5, 3))
bn_case(3, (4, 3), momentum=0.3, eps=1e-3)
bn_case(2, (3, 2, 4))                       # 3-D input [N, C, L]
bn_case(3, (5, 3), affine=False)
bn_case(3, (5, 3), track_running_stats=False)
bn_case(3, (6, 3), momentum=None)           # cumulative moving average

# ---------------------------------------------------------------- init constants
gains = {
    "linear": nn.init.calculate_gain("linear"), "sigmoid": nn.init.calculate_gain("sigmoid"),
    "tanh": nn.init.calculate_gain("tanh"), "relu": nn.init.calculate_gain("relu"),
    "leaky_relu": nn.init.calculate_gain("leaky_relu"), "leaky_relu_0.2": nn.init.calculate_gain("leaky_relu", 0.2),
    "leaky_relu_sqrt5": nn.init.calculate_gain("leaky_relu", math.sqrt(5)), "selu": nn.init.calculate_gain("selu"),
}
fans = []
for shape in ([3, 5], [4, 2, 3], [6, 2, 3, 5]):
    fi, fo = nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))
    fans.append({"shape": shape, "fan_in": fi, "fan_out": fo})

out = {"torch_version": torch.__version__, "losses": losses, "activations": activations,
       "linear": linear, "linear_nobias": linear_nobias, "batchnorm": batchnorm, "gains": gains, "fans": fans}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn_fixtures.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", path, os.path.getsize(path), "bytes;", len(losses), "loss cases,", len(activations), "activations,",
      len(batchnorm), "batchnorm cases")
