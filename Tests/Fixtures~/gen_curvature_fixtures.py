#!/usr/bin/python3
"""Records PyTorch 1.13 references for GdEngine's curvature tools, CSV datasets and safetensors models.

Run with Debian's python (the one that has torch):  /usr/bin/python3 Tests/Fixtures~/gen_curvature_fixtures.py
Writes, under Tests/Fixtures~/Curvature/:
  moons.csv, regression.csv            the data (header row, numeric columns)
  <model>_f64.safetensors, _f32        torch-trained nn.Sequential state_dicts (written with torch alone)
  curvature_fixtures.json              per model: architecture, loss, gradient, a Hessian-vector product, the
                                       gradient of the squared gradient norm, the full Hessian's eigenvalues and trace
Everything is float64 unless named _f32. Parameter vectors are flat in state_dict order (each tensor row-major).
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "Samples~", "Models"))
import torch_safetensors  # noqa: E402

out = os.path.join(here, "Curvature")
os.makedirs(out, exist_ok=True)
torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)


def write_csv(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(repr(float(v)) if not float(v).is_integer() or i < len(r) - 1 else str(int(v))
                             for i, v in enumerate(r)) + "\n")


# ---------------------------------------------------------------- data
n = 64
t = torch.linspace(0, math.pi, n // 2)
upper = torch.stack([torch.cos(t), torch.sin(t)], 1)
lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], 1)
moons_x = torch.cat([upper, lower]) + 0.1 * torch.randn(n, 2)
moons_y = torch.cat([torch.zeros(n // 2), torch.ones(n // 2)]).long()
write_csv(os.path.join(out, "moons.csv"), ["x1", "x2", "label"],
          [[moons_x[i, 0].item(), moons_x[i, 1].item(), moons_y[i].item()] for i in range(n)])

m = 48
reg_x = torch.randn(m, 3)
reg_y = (reg_x @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 * torch.sin(3 * reg_x[:, 0]) + 0.05 * torch.randn(m)).unsqueeze(1)
# the target column sits in the middle so the loader must skip it when it reads features
write_csv(os.path.join(out, "regression.csv"), ["a", "y", "b", "c"],
          [[reg_x[i, 0].item(), reg_y[i, 0].item(), reg_x[i, 1].item(), reg_x[i, 2].item()] for i in range(m)])


def mlp(sizes, act):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append({"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}[act]())
    return nn.Sequential(*layers)


def flat(ts):
    return torch.cat([t.reshape(-1) for t in ts])


def record(name, arch, x, y, loss_name, steps, lr):
    sizes, act = [int(s) for s in arch.split(" ")[0].split("-")], arch.split(" ")[1]
    model = mlp(sizes, act)
    loss_fn = nn.CrossEntropyLoss() if loss_name == "cross_entropy" else nn.MSELoss()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    names = [k for k, _ in model.named_parameters()]
    torch_safetensors.save_file(model.state_dict(), os.path.join(out, name + "_f64.safetensors"), {"arch": arch, "loss": loss_name})
    model32 = mlp(sizes, act).float()
    model32.load_state_dict({k: v.float() for k, v in model.state_dict().items()})
    torch_safetensors.save_file(model32.state_dict(), os.path.join(out, name + "_f32.safetensors"), {"arch": arch})
    # round trip through our own reader
    back = torch_safetensors.load_file(os.path.join(out, name + "_f64.safetensors"))
    assert all(torch.equal(back[k], v) for k, v in model.state_dict().items())

    params = [p for p in model.parameters()]
    shapes = [p.shape for p in params]
    theta = flat(params).detach()

    def loss_of(vec):
        ps, at = [], 0
        for s in shapes:
            k = int(torch.tensor(s).prod().item()) if len(s) else 1
            ps.append(vec[at:at + k].reshape(s))
            at += k
        h = x
        li = 0
        for mod in model:
            if isinstance(mod, nn.Linear):
                h = F.linear(h, ps[li], ps[li + 1])
                li += 2
            else:
                h = mod(h)
        return loss_fn(h, y)

    loss = loss_of(theta).item()
    H = torch.autograd.functional.hessian(loss_of, theta)
    H = 0.5 * (H + H.T)
    evals = torch.linalg.eigvalsh(H).flip(0)
    th = theta.clone().requires_grad_(True)
    L = loss_of(th)
    (g,) = torch.autograd.grad(L, th, create_graph=True)
    gen = torch.Generator().manual_seed(7)
    v = torch.randn(theta.numel(), generator=gen)
    (hv,) = torch.autograd.grad(g, th, v, retain_graph=True)
    (ggn,) = torch.autograd.grad(g.pow(2).sum(), th)   # d‖∇L‖²/dθ = 2·H·∇L
    # the f32 model's weights, evaluated in float64
    theta32 = flat([p.detach().double() for p in model32.parameters()])
    return {
        "name": name, "arch": arch, "loss_name": loss_name, "parameter_names": names,
        "parameters": theta.numel(), "loss": loss, "loss_f32_weights": loss_of(theta32).item(),
        "theta": theta.tolist(), "gradient": g.detach().tolist(), "v": v.tolist(), "hvp": hv.tolist(),
        "grad_of_grad_norm_sq": ggn.tolist(), "eigenvalues": evals.tolist(), "trace": torch.trace(H).item(),
    }


fixtures = {
    "torch": torch.__version__,
    "models": [
        record("moons_tanh", "2-8-8-2 tanh", moons_x, moons_y, "cross_entropy", 80, 0.02),
        record("regression_sigmoid", "3-6-1 sigmoid", reg_x, reg_y, "mse", 300, 0.02),
        record("moons_gelu", "2-5-2 gelu", moons_x, moons_y, "cross_entropy", 100, 0.05),
    ],
}
with open(os.path.join(out, "curvature_fixtures.json"), "w") as f:
    json.dump(fixtures, f, indent=1)
print("wrote", out)
