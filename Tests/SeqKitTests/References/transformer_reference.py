"""PyTorch reference outputs and gradients for SeqKit's Transformer layers: LayerNorm, GELU
(tanh form), multi-head causal self-attention, and whole Transformer blocks (pre-norm and
post-norm, GELU and ReLU), compared by Tests/SeqKitTests/TransformerReferenceTests.swift.

Run once by hand; commit the JSON it writes next to this file:

    python3 Tests/SeqKitTests/References/transformer_reference.py

Weights and inputs come from a fixed NumPy seed, rounded to Float32, and are stored in the
JSON in SeqKit's layout (kernels (in, out), row vectors: y = x W + b), so the Swift tests load
exactly the same numbers and need no Python. PyTorch computes in float64 with its own modules
(nn.LayerNorm, nn.GELU(approximate="tanh"), nn.MultiheadAttention, nn.TransformerEncoderLayer
with a causal mask); PyTorch stores a Linear weight as (out, in), hence the transposes.
For every case the scalar loss = sum(output * R) with a fixed random R is backpropagated, so
dL/doutput = R.
"""
import json
import os
import platform

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.RandomState(2026)


def arr(shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32).astype(np.float64)


def flat(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def causal_mask(T):
    return torch.ones(T, T, dtype=torch.bool).triu(1)   # True = may not attend


def layernorm_case(B=3, T=4, d=6):
    x, g, b, R = arr((B, T, d)), 1 + arr((d,), 0.3), arr((d,), 0.3), arr((B, T, d))
    m = torch.nn.LayerNorm(d, eps=1e-5)
    with torch.no_grad():
        m.weight.copy_(torch.tensor(g)); m.bias.copy_(torch.tensor(b))
    xt = torch.tensor(x, requires_grad=True)
    out = m(xt)
    (out * torch.tensor(R)).sum().backward()
    return {"x": flat(x), "gamma": flat(g), "beta": flat(b), "R": flat(R), "output": flat(out),
            "dx": flat(xt.grad), "dgamma": flat(m.weight.grad), "dbeta": flat(m.bias.grad)}


def gelu_case(n=41):
    x = np.linspace(-5, 5, n).astype(np.float32).astype(np.float64).reshape(1, n)
    R = arr((1, n))
    xt = torch.tensor(x, requires_grad=True)
    out = torch.nn.GELU(approximate="tanh")(xt)
    (out * torch.tensor(R)).sum().backward()
    return {"x": flat(x), "R": flat(R), "output": flat(out), "dx": flat(xt.grad)}


def attention_params(d, w):
    """SeqKit order: query, key, value, output; each (kernel (in, out), bias)."""
    return [arr((d, w), 0.4), arr((w,), 0.1), arr((d, w), 0.4), arr((w,), 0.1),
            arr((d, w), 0.4), arr((w,), 0.1), arr((w, d), 0.4), arr((d,), 0.1)]


def load_attention(mha, p):
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.tensor(np.concatenate([p[0].T, p[2].T, p[4].T])))
        mha.in_proj_bias.copy_(torch.tensor(np.concatenate([p[1], p[3], p[5]])))
        mha.out_proj.weight.copy_(torch.tensor(p[6].T))
        mha.out_proj.bias.copy_(torch.tensor(p[7]))


def attention_grads(mha, d):
    w, b = mha.in_proj_weight.grad, mha.in_proj_bias.grad
    return [w[:d].T, b[:d], w[d:2 * d].T, b[d:2 * d], w[2 * d:].T, b[2 * d:],
            mha.out_proj.weight.grad.T, mha.out_proj.bias.grad]


def mha_case(causal, B=2, T=5, d=8, heads=2):
    x, R = arr((B, T, d)), arr((B, T, d))
    p = attention_params(d, d)
    mha = torch.nn.MultiheadAttention(d, heads, batch_first=True)
    load_attention(mha, p)
    xt = torch.tensor(x, requires_grad=True)
    out, weights = mha(xt, xt, xt, attn_mask=causal_mask(T) if causal else None,
                       need_weights=True, average_attn_weights=False)
    (out * torch.tensor(R)).sum().backward()
    return {"heads": heads, "x": flat(x), "R": flat(R), "params": [flat(a) for a in p],
            "output": flat(out), "weights": flat(weights), "dx": flat(xt.grad),
            "grads": [flat(g) for g in attention_grads(mha, d)]}


def block_case(norm_first, activation, B=2, T=6, d=8, heads=2, hidden=16):
    x, R = arr((B, T, d)), arr((B, T, d))
    att = attention_params(d, d)
    n1 = [1 + arr((d,), 0.2), arr((d,), 0.2)]
    ff = [arr((d, hidden), 0.4), arr((hidden,), 0.1), arr((hidden, d), 0.4), arr((d,), 0.1)]
    n2 = [1 + arr((d,), 0.2), arr((d,), 0.2)]
    act = (lambda v: torch.nn.functional.gelu(v, approximate="tanh")) if activation == "gelu" \
        else torch.nn.functional.relu
    layer = torch.nn.TransformerEncoderLayer(d, heads, dim_feedforward=hidden, dropout=0.0,
                                             activation=act, layer_norm_eps=1e-5,
                                             batch_first=True, norm_first=norm_first)
    load_attention(layer.self_attn, att)
    with torch.no_grad():
        layer.linear1.weight.copy_(torch.tensor(ff[0].T)); layer.linear1.bias.copy_(torch.tensor(ff[1]))
        layer.linear2.weight.copy_(torch.tensor(ff[2].T)); layer.linear2.bias.copy_(torch.tensor(ff[3]))
        layer.norm1.weight.copy_(torch.tensor(n1[0])); layer.norm1.bias.copy_(torch.tensor(n1[1]))
        layer.norm2.weight.copy_(torch.tensor(n2[0])); layer.norm2.bias.copy_(torch.tensor(n2[1]))
    layer.train()   # dropout is 0; train() keeps PyTorch off its fused inference path
    xt = torch.tensor(x, requires_grad=True)
    out = layer(xt, src_mask=causal_mask(T), is_causal=True)
    (out * torch.tensor(R)).sum().backward()
    grads = attention_grads(layer.self_attn, d) + [layer.norm1.weight.grad, layer.norm1.bias.grad] \
        + [layer.linear1.weight.grad.T, layer.linear1.bias.grad,
           layer.linear2.weight.grad.T, layer.linear2.bias.grad] \
        + [layer.norm2.weight.grad, layer.norm2.bias.grad]
    params = att + n1 + ff + n2
    return {"heads": heads, "hidden": hidden, "x": flat(x), "R": flat(R),
            "params": [flat(a) for a in params], "output": flat(out), "dx": flat(xt.grad),
            "grads": [flat(g) for g in grads]}


reference = {
    "versions": {"torch": torch.__version__, "numpy": np.__version__,
                 "python": platform.python_version()},
    "layernorm": layernorm_case(),
    "gelu": gelu_case(),
    "mha": mha_case(False),
    "mha_causal": mha_case(True),
    "block_pre_gelu": block_case(True, "gelu"),
    "block_post_gelu": block_case(False, "gelu"),
    "block_pre_relu": block_case(True, "relu"),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transformer_reference.json")
with open(path, "w") as f:
    json.dump(reference, f)
print("wrote", path)
