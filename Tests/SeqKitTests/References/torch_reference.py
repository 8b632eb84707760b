"""PyTorch reference outputs and gradients for SeqKit's recurrent and attention layers.

Run once by hand; commit the JSON it writes next to this file:

    python3 Tests/SeqKitTests/References/torch_reference.py

Weights and inputs come from a fixed NumPy seed and are stored in the JSON, so the Swift tests
load exactly the same numbers and need no Python. For every case the scalar
loss = sum(output * R) with a fixed random R is backpropagated, so dL/doutput = R.

SeqKit stores recurrent weights Keras-style: W (features, gates*H), U (H, gates*H), one bias.
PyTorch's weight_ih = W^T, weight_hh = U^T, bias_ih + bias_hh = b (so dL/db = dL/dbias_ih).
The GRU is the exception (see gru_case): its two biases stay separate.
"""
import json
import os
import platform

import numpy as np
import torch

torch.set_default_dtype(torch.float64)  # reference computed in double; Swift runs in Float
rng = np.random.RandomState(1234)


def arr(shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32).astype(np.float64)


def flat(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def recurrent_case(kind, B=3, T=6, F=4, H=5):
    gates = 4 if kind == "lstm" else 1
    x = arr((B, T, F))
    W = arr((F, gates * H), 0.5)
    U = arr((H, gates * H), 0.5)
    b = arr((gates * H,), 0.3)
    R = arr((B, T, H))
    if kind == "lstm":
        m = torch.nn.LSTM(F, H, batch_first=True)
    else:
        m = torch.nn.RNN(F, H, nonlinearity="tanh", batch_first=True)
    with torch.no_grad():
        m.weight_ih_l0.copy_(torch.tensor(W.T))
        m.weight_hh_l0.copy_(torch.tensor(U.T))
        m.bias_ih_l0.copy_(torch.tensor(b))
        m.bias_hh_l0.zero_()
    xt = torch.tensor(x, requires_grad=True)
    out, _ = m(xt)
    loss = (out * torch.tensor(R)).sum()
    loss.backward()
    return {
        "x": flat(x), "W": flat(W), "U": flat(U), "b": flat(b), "R": flat(R),
        "output": flat(out), "dx": flat(xt.grad),
        "dW": flat(m.weight_ih_l0.grad.T), "dU": flat(m.weight_hh_l0.grad.T),
        "db": flat(m.bias_ih_l0.grad),
    }


def attention_case(causal, B=2, T=5, d=4, dv=3):
    q, k, v = arr((B, T, d)), arr((B, T, d)), arr((B, T, dv))
    R = arr((B, T, dv))
    qt, kt, vt = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
    out = torch.nn.functional.scaled_dot_product_attention(qt, kt, vt, is_causal=causal)
    # Weights recomputed explicitly (the fused function does not return them).
    s = qt @ kt.transpose(-1, -2) / np.sqrt(d)
    if causal:
        s = s.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
    w = torch.softmax(s, dim=-1)
    (out * torch.tensor(R)).sum().backward()
    return {
        "q": flat(q), "k": flat(k), "v": flat(v), "R": flat(R),
        "output": flat(out), "weights": flat(w),
        "dq": flat(qt.grad), "dk": flat(kt.grad), "dv": flat(vt.grad),
    }


def gru_case(return_sequences, B=3, T=6, F=4, H=5):
    """nn.GRU against SeqKit's GRU (Keras' reset_after=True form, which is PyTorch's formula).

    SeqKit keeps Keras' gate order z, r, n in W (F, 3H) and U (H, 3H) and a bias (2, 3H) of
    rows b_in, b_rec; PyTorch orders weight_ih/weight_hh rows r, z, n and has bias_ih, bias_hh.
    """
    x = arr((B, T, F))
    W = arr((F, 3 * H), 0.5)
    U = arr((H, 3 * H), 0.5)
    b = arr((2, 3 * H), 0.3)
    R = arr((B, T, H) if return_sequences else (B, H))
    zrn_to_rzn = np.r_[H:2 * H, 0:H, 2 * H:3 * H]   # column k of torch's order in ours
    m = torch.nn.GRU(F, H, batch_first=True)
    with torch.no_grad():
        m.weight_ih_l0.copy_(torch.tensor(W[:, zrn_to_rzn].T))
        m.weight_hh_l0.copy_(torch.tensor(U[:, zrn_to_rzn].T))
        m.bias_ih_l0.copy_(torch.tensor(b[0, zrn_to_rzn]))
        m.bias_hh_l0.copy_(torch.tensor(b[1, zrn_to_rzn]))
    xt = torch.tensor(x, requires_grad=True)
    out, _ = m(xt)
    if not return_sequences:
        out = out[:, -1, :]
    (out * torch.tensor(R)).sum().backward()
    rzn_to_zrn = np.argsort(zrn_to_rzn)
    return {
        "x": flat(x), "W": flat(W), "U": flat(U), "b": flat(b), "R": flat(R),
        "output": flat(out), "dx": flat(xt.grad),
        "dW": flat(m.weight_ih_l0.grad.T[:, rzn_to_zrn]),
        "dU": flat(m.weight_hh_l0.grad.T[:, rzn_to_zrn]),
        "db": flat(torch.stack([m.bias_ih_l0.grad[rzn_to_zrn], m.bias_hh_l0.grad[rzn_to_zrn]])),
    }


reference = {
    "versions": {"torch": torch.__version__, "numpy": np.__version__,
                 "python": platform.python_version()},
    "rnn": recurrent_case("rnn"),
    "lstm": recurrent_case("lstm"),
    "attention": attention_case(False),
    "attention_causal": attention_case(True),
    # Added after the others so that their draws from `rng`, and their values, stay the same.
    "gru": gru_case(True),
    "gru_last": gru_case(False),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.json")
with open(path, "w") as f:
    json.dump(reference, f)
print("wrote", path)
