"""PyTorch reference for chapter 3 (chapters/03-lstm.md): one LSTM layer with fixed weights.

Run once by hand from the repository root and commit the JSON it writes next to this file:

    python3 Tests/ChapterTests/References/lstm_reference.py

The weights, inputs and loss weights are closed-form functions of their indices, written the same
way in the chapter and in Tests/ChapterTests/LSTMReferenceTests.swift, so no numbers need to be
copied between Python and Swift. The chapter stores the weights Keras-style:

    W (features, 4H), U (H, 4H), b (4H), columns in four blocks of H, gate order i, f, g, o

which is PyTorch's row order of weight_ih_l0 / weight_hh_l0 (input, forget, cell candidate,
output). So PyTorch's weight_ih_l0 = W^T, weight_hh_l0 = U^T, bias_ih_l0 = b, bias_hh_l0 = 0.

The loss is L = sum_t sum_j r[t][j] * h_t[j]; the script records h_t for every step, c_T, L and
the gradients of L with respect to W, U, b and the inputs x, all in float64.
"""
import json
import math
import os
import platform

import torch

F, H, T = 2, 3, 4  # features, units, time steps


def W(a, k):
    return 0.6 * math.sin(3 * a + k + 1)


def U(j, k):
    return 0.5 * math.cos(j + 2 * k + 1)


def b(k):
    return 0.2 * math.cos(3 * k)


def x(t, a):
    return math.sin(t + 2 * a + 1)


def r(t, j):
    return math.cos(t + 3 * j + 1)


torch.set_default_dtype(torch.float64)
lstm = torch.nn.LSTM(F, H, batch_first=True)
with torch.no_grad():
    lstm.weight_ih_l0.copy_(torch.tensor([[W(a, k) for a in range(F)] for k in range(4 * H)]))
    lstm.weight_hh_l0.copy_(torch.tensor([[U(j, k) for j in range(H)] for k in range(4 * H)]))
    lstm.bias_ih_l0.copy_(torch.tensor([b(k) for k in range(4 * H)]))
    lstm.bias_hh_l0.zero_()

inputs = torch.tensor([[[x(t, a) for a in range(F)] for t in range(T)]], requires_grad=True)
weights = torch.tensor([[r(t, j) for j in range(H)] for t in range(T)])
hs, (h_last, c_last) = lstm(inputs)
loss = (hs[0] * weights).sum()
loss.backward()


def rows(tensor):
    return [[float(v) for v in row] for row in tensor.detach().tolist()]


reference = {
    "about": "chapter 3 LSTM, F=2 H=3 T=4, gate order i f g o, loss = sum r*h",
    "versions": {"python": platform.python_version(), "torch": torch.__version__},
    "h": rows(hs[0]),                                     # (T, H)
    "c_last": [float(v) for v in c_last[0, 0].tolist()],  # (H)
    "loss": float(loss.detach()),
    "dW": rows(lstm.weight_ih_l0.grad.T),                 # (F, 4H)
    "dU": rows(lstm.weight_hh_l0.grad.T),                 # (H, 4H)
    "db": [float(v) for v in lstm.bias_ih_l0.grad.tolist()],  # (4H)
    "dx": rows(inputs.grad[0]),                           # (T, F)
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lstm_reference.json")
with open(path, "w") as f:
    json.dump(reference, f, indent=1)
    f.write("\n")
print("wrote", path)
