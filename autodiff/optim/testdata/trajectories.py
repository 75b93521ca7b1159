"""Records PyTorch optimizer trajectories for optim's tests.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 trajectories.py > trajectories.json

A small regression, in float64: y ≈ tanh(X·W1 + b1)·W2 + b2 with X 8×3,
W1 3×4, b1 1×4, W2 4×2, b2 1×2, and the mean squared error over the 8×2
outputs. The data and the initial parameters are drawn from a seeded
generator and written to the file, so the Go test rebuilds the same
problem with its own autodiff; each case then records the loss before
every step and the parameters after it, for 30 steps.
"""

import json
import sys

import torch

torch.set_default_dtype(torch.float64)
STEPS = 30

CASES = [
    ("sgd", torch.optim.SGD, dict(lr=0.1)),
    ("sgd-momentum", torch.optim.SGD, dict(lr=0.05, momentum=0.9)),
    ("sgd-dampening", torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("sgd-nesterov", torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("sgd-weight-decay", torch.optim.SGD, dict(lr=0.05, momentum=0.8, weight_decay=0.1)),
    ("sgd-nesterov-weight-decay", torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05)),
    ("adam", torch.optim.Adam, dict(lr=0.01)),
    ("adam-settings", torch.optim.Adam, dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    ("adam-weight-decay", torch.optim.Adam, dict(lr=0.01, weight_decay=0.1)),
    ("adamw", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
    ("adamw-settings", torch.optim.AdamW, dict(lr=0.03, betas=(0.5, 0.9), eps=1e-4, weight_decay=0.5)),
]


def main():
    g = torch.Generator().manual_seed(20240611)
    x = torch.rand(8, 3, generator=g) * 4 - 2
    y = torch.rand(8, 2, generator=g) * 2 - 1
    init = {
        "w1": torch.rand(3, 4, generator=g) * 2 - 1,
        "b1": torch.rand(1, 4, generator=g) - 0.5,
        "w2": torch.rand(4, 2, generator=g) * 2 - 1,
        "b2": torch.rand(1, 2, generator=g) - 0.5,
    }
    names = ["w1", "b1", "w2", "b2"]
    out = {
        "torch": torch.__version__,
        "x": x.flatten().tolist(),
        "y": y.flatten().tolist(),
        "init": {k: init[k].flatten().tolist() for k in names},
        "shapes": {k: list(init[k].shape) for k in names},
        "cases": [],
    }
    for name, cls, kw in CASES:
        params = [init[k].clone().requires_grad_(True) for k in names]
        opt = cls(params, **kw)
        losses, steps = [], []
        for _ in range(STEPS):
            opt.zero_grad()
            w1, b1, w2, b2 = params
            loss = torch.nn.functional.mse_loss(torch.tanh(x @ w1 + b1) @ w2 + b2, y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            steps.append([p.detach().flatten().tolist() for p in params])
        hyper = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        out["cases"].append({"name": name, "optimizer": cls.__name__, "hyper": hyper, "loss": losses, "params": steps})
    write(out)


def write(out):
    """Writes out as JSON with one line per list of numbers."""
    w = sys.stdout.write
    w("{\n")
    keys = [k for k in out if k != "cases"]
    for k in keys:
        w(" %s: %s,\n" % (json.dumps(k), json.dumps(out[k])))
    w(' "cases": [\n')
    for i, c in enumerate(out["cases"]):
        w("  {\n")
        for k in ["name", "optimizer", "hyper", "loss"]:
            w("   %s: %s,\n" % (json.dumps(k), json.dumps(c[k])))
        w('   "params": [\n')
        for j, step in enumerate(c["params"]):
            w("    %s%s\n" % (json.dumps(step), "," if j + 1 < len(c["params"]) else ""))
        w("   ]\n  }%s\n" % ("," if i + 1 < len(out["cases"]) else ""))
    w(" ]\n}\n")


if __name__ == "__main__":
    main()
