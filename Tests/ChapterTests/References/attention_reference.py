"""Reference for chapters/04-transformers.md: scaled dot-product attention in PyTorch.

Computes softmax(Q Kᵀ / √d) V, with and without the causal mask, and its gradients with respect
to Q, K and V for the loss L = Σ O ⊙ G, for the fixed inputs the chapter builds in closed form
(same formulas as the snippet under "Checking against PyTorch"). Everything is in float64, so
the JSON holds the exact answer to within ~1e-15; the Swift test compares the chapter's float32
numbers with it.

Run once by hand from the repository root, then commit the JSON:
    python3 Tests/ChapterTests/References/attention_reference.py
"""
import json
import math
import os
import platform
import re

import torch
import torch.nn.functional as F

T, D, DV = 4, 3, 2  # time steps, query/key width, value width


def grid(rows, cols, f):
    return torch.tensor([[f(i, j) for j in range(cols)] for i in range(rows)], dtype=torch.float64)


def inputs():
    q = grid(T, D, lambda i, j: math.sin(1.0 + 0.7 * i + 1.3 * j))
    k = grid(T, D, lambda i, j: math.cos(0.5 + 0.9 * i - 0.4 * j))
    v = grid(T, DV, lambda i, j: math.sin(0.2 + 0.3 * i + 0.8 * j))
    g = grid(T, DV, lambda i, j: math.cos(0.6 * i + 1.1 * j))  # ∂L/∂O
    return q, k, v, g


def case(causal):
    q, k, v, g = inputs()
    q, k, v = (t.clone().unsqueeze(0).requires_grad_(True) for t in (q, k, v))  # (batch=1, T, ·)
    out = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    out.backward(g.unsqueeze(0))
    # The weights, recomputed the textbook way (SDPA does not return them).
    with torch.no_grad():
        s = q @ k.transpose(-1, -2) / math.sqrt(D)
        if causal:
            s = s.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        a = torch.softmax(s, dim=-1)
    return {
        "weights": a[0].tolist(),
        "output": out[0].tolist(),
        "dQ": q.grad[0].tolist(),
        "dK": k.grad[0].tolist(),
        "dV": v.grad[0].tolist(),
    }


def main():
    result = {
        "description": "softmax(Q K^T / sqrt(d)) V and gradients of sum(O * G), float64, "
                       "torch.nn.functional.scaled_dot_product_attention",
        "versions": {"torch": torch.__version__, "python": platform.python_version()},
        "shape": {"T": T, "d": D, "dv": DV},
        "cases": {"causal=false": case(False), "causal=true": case(True)},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "attention_reference.json")
    text = json.dumps(result, indent=1)
    # One matrix row per line: the numbers stay readable in a diff.
    text = re.sub(r"\[\s+([-0-9.e, \n]+?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(path, "w") as f:
        f.write(text + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
