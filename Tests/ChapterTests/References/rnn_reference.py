"""Reference outputs and gradients of a tanh RNN, from PyTorch, for chapters/02-rnn.md.

The weights, inputs and targets are the closed-form ones of the chapter's "tiny" network:
  Wx[i][j] = 0.5 sin(2i + j + 1)   (3 x 2)      -> nn.RNN weight_ih_l0
  Wh[i][j] = 0.4 cos(3i + j + 1)   (3 x 3)      -> nn.RNN weight_hh_l0
  b[i]     = 0.1 sin(i + 1)                      -> bias_ih_l0 (bias_hh_l0 = 0)
  V[0][j]  = 0.6 cos(j + 1),  c = 0.05           read-out y_t = V h_t + c
  x_t[j]   = sin(0.9 (t + 1) + 1.3 j),  t = 0..4
  y*_t     = 0.5 cos(0.6 (t + 1))
  L = 1/2 sum_t (y_t - y*_t)^2
Everything in float64. Run once by hand:
  python3 Tests/ChapterTests/References/rnn_reference.py > Tests/ChapterTests/References/rnn_reference.json
"""
import json
import math
import platform

import torch

H, D, T = 3, 2, 5
torch.set_default_dtype(torch.float64)

wx = torch.tensor([[0.5 * math.sin(2 * i + j + 1) for j in range(D)] for i in range(H)])
wh = torch.tensor([[0.4 * math.cos(3 * i + j + 1) for j in range(H)] for i in range(H)])
b = torch.tensor([0.1 * math.sin(i + 1) for i in range(H)])
v = torch.tensor([[0.6 * math.cos(j + 1) for j in range(H)]], requires_grad=True)
c = torch.tensor([0.05], requires_grad=True)
x = torch.tensor([[[math.sin(0.9 * (t + 1) + 1.3 * j) for j in range(D)] for t in range(T)]])  # (1, T, D)
target = torch.tensor([[0.5 * math.cos(0.6 * (t + 1))] for t in range(T)])                     # (T, 1)

rnn = torch.nn.RNN(input_size=D, hidden_size=H, nonlinearity="tanh", batch_first=True)
with torch.no_grad():
    rnn.weight_ih_l0.copy_(wx)
    rnn.weight_hh_l0.copy_(wh)
    rnn.bias_ih_l0.copy_(b)
    rnn.bias_hh_l0.zero_()

h, _ = rnn(x)                      # (1, T, H), h_0 = 0
y = h[0] @ v.T + c                 # (T, 1)
loss = 0.5 * ((y - target) ** 2).sum()
loss.backward()

# Both biases enter a_t the same way (up to rounding).
assert torch.allclose(rnn.bias_ih_l0.grad, rnn.bias_hh_l0.grad, rtol=1e-12, atol=1e-15)


def rows(t):
    return t.detach().tolist()


print(json.dumps({
    "versions": {"python": platform.python_version(), "torch": torch.__version__},
    "dtype": "float64",
    "h": rows(h[0]),
    "y": rows(y[:, 0]),
    "loss": loss.item(),
    "dWx": rows(rnn.weight_ih_l0.grad),
    "dWh": rows(rnn.weight_hh_l0.grad),
    "db": rows(rnn.bias_ih_l0.grad),
    "dV": rows(v.grad),
    "dc": rows(c.grad),
}, indent=1))
