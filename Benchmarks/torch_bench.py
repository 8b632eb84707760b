"""PyTorch / NumPy companion of seqkit-bench: the same cases, the same timing rule, the same
output ("name cpu_ms wall_ms flops timings"). Benchmarks/run.sh runs both, interleaved.

    OPENBLAS_NUM_THREADS=N OMP_NUM_THREADS=N MKL_NUM_THREADS=N \\
        python3 Benchmarks/torch_bench.py --threads N [--budget S] [--min-count K] CASE...

The thread variables must be set before Python starts (OpenBLAS and OpenMP read them when the
libraries load); torch.set_num_threads(N) and a threadpoolctl limit of N are applied here too.

Cases (names as in Benchmarks/cases.txt):
  lstm_F<f>_H<h>_T<t>_B<b>, gru_…, rnn_…: LSTM/GRU/RNN(F -> H) on (B, T, F), last hidden state
      -> Linear(1) -> MSE -> backward -> Adam step (torch.optim.Adam, eps 1e-7 as in Keras/SeqKit).
      x does not require a gradient, so PyTorch may skip ∂x (SeqKit skips it too: nothing reads
      the first layer's ∂x in training).
  attention_T<t>_d<d>_B<b>: single-head self-attention, q/k/v/out Linear projections with bias
      + F.scaled_dot_product_attention, forward + backward (again without ∂x).
  transformer_T<t>_d<d>_h<h>_B<b>: nn.TransformerEncoderLayer(d, h, 4d, dropout 0, tanh GELU,
      norm_first=True, batch_first=True) with a causal mask on (B, T, d) -> MSE -> backward ->
      Adam (eps 1e-7); x does not require a gradient. SeqKit: TransformerBlock, the same model.
  matmul_<n>: float32 n×n NumPy `a @ b` (OpenBLAS).
  lstmproducts_F<f>_H<h>_T<t>_B<b>: only the matrix products of the lstm case's training step,
      with torch.mm / addmm_ into preallocated tensors (per step z_t = x_t·W + h_{t−1}·U, from
      t = 1 on ∂h_{t−1} = ∂z_t·Uᵀ, then ∂W = Xᵀ·∂Z and ∂U = H_{<T}ᵀ·∂Z), as seqkit-bench's case
      does with SeqKit's kernels. 150 calls from Python, each about 2 µs of overhead here.
FLOP counts are the nominal ones of seqkit-bench (Sources/seqkit-bench/main.swift).
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--budget", type=float, default=0.25)
parser.add_argument("--min-count", type=int, default=3)
parser.add_argument("cases", nargs="+")
args = parser.parse_args()

torch.set_num_threads(args.threads)
try:
    from threadpoolctl import threadpool_info, threadpool_limits
    limiter = threadpool_limits(args.threads)
    blas = ";".join(sorted(f"{i.get('internal_api')}:{i.get('architecture')}:{i.get('num_threads')}"
                           for i in threadpool_info()))
except ImportError:
    blas = "threadpoolctl-missing"
env = {k: os.environ.get(k, "unset") for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
print(f"# torch {torch.__version__} numpy {np.__version__} torch_threads={torch.get_num_threads()} "
      + " ".join(f"{k}={v}" for k, v in env.items()) + f" blas={blas.replace(' ', '_')}")
sys.stdout.flush()


def measure(body):
    """Median (CPU ms, wall ms) per call and the number of timings; the rule of seqkit-bench's
    measure(): warm up ≥ 1 call and 20 ms, batches of ≥ 20 ms, then ≥ min-count timings and
    ≥ budget seconds (at most 25 timings). CPU time is the whole process's (all threads)."""
    w0 = time.perf_counter()
    calls = 0
    while True:
        body()
        calls += 1
        if time.perf_counter() - w0 >= 0.02:
            break
    per_call = (time.perf_counter() - w0) / calls
    inner = max(1, int(-(-0.02 // per_call)))
    cpu, wall = [], []
    start = time.perf_counter()
    while len(cpu) < args.min_count or (time.perf_counter() - start < args.budget and len(cpu) < 25):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(inner):
            body()
        wall.append((time.perf_counter() - t0) * 1e3 / inner)
        cpu.append((time.process_time() - c0) * 1e3 / inner)
    return statistics.median(cpu), statistics.median(wall), len(cpu)


def recurrent_flops(gates, f, h, t, b):
    return 3 * 2 * t * b * gates * h * (f + h)


def transformer_flops(t, d, b):
    return 3 * 2 * b * t * (12 * d * d + 2 * t * d)


def attention_flops(t, d, b):
    return 12 * 2 * b * t * d * d + 6 * 2 * b * t * t * d


class Model(torch.nn.Module):
    def __init__(self, cell, f, h):
        super().__init__()
        self.rnn = cell(f, h, batch_first=True)
        self.head = torch.nn.Linear(h, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


def parse(name):
    kind, *tokens = name.split("_")
    p = {}
    for tok in tokens:
        if tok.isdigit():
            p["n"] = int(tok)
        else:
            p[tok[0]] = int(tok[1:])
    return kind, p


for name in args.cases:
    kind, p = parse(name)
    torch.manual_seed(0)
    if kind in ("lstm", "gru", "rnn"):
        f, h, t, b = p["F"], p["H"], p["T"], p["B"]
        x, y = torch.randn(b, t, f), torch.randn(b, 1)
        model = Model({"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[kind], f, h)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        loss_fn = torch.nn.MSELoss()

        def body():
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        flops = recurrent_flops({"lstm": 4, "gru": 3, "rnn": 1}[kind], f, h, t, b)
    elif kind == "attention":
        t, d, b = p["T"], p["d"], p["B"]
        x, dy = torch.randn(b, t, d), torch.randn(b, t, d)
        proj = torch.nn.ModuleList([torch.nn.Linear(d, d) for _ in range(4)])

        def body():
            for q in proj.parameters():
                q.grad = None
            q, k, v = proj[0](x), proj[1](x), proj[2](x)
            out = proj[3](torch.nn.functional.scaled_dot_product_attention(q, k, v))
            out.backward(dy)
        flops = attention_flops(t, d, b)
    elif kind == "transformer":
        t, d, h, b = p["T"], p["d"], p["h"], p["B"]
        x, y = torch.randn(b, t, d), torch.randn(b, t, d)
        block = torch.nn.TransformerEncoderLayer(
            d, h, dim_feedforward=4 * d, dropout=0.0, batch_first=True, norm_first=True,
            activation=lambda v: torch.nn.functional.gelu(v, approximate="tanh"))
        mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        opt = torch.optim.Adam(block.parameters(), lr=1e-3, eps=1e-7)
        loss_fn = torch.nn.MSELoss()

        def body():
            opt.zero_grad()
            loss_fn(block(x, src_mask=mask, is_causal=True), y).backward()
            opt.step()
        flops = transformer_flops(t, d, b)
    elif kind == "matmul":
        n = p["n"]
        rng = np.random.default_rng(0)
        a = rng.standard_normal((n, n), dtype=np.float32)
        bm = rng.standard_normal((n, n), dtype=np.float32)

        def body():
            a @ bm
        flops = 2 * n ** 3
    elif kind == "lstmproducts":
        f, h, t, b = p["F"], p["H"], p["T"], p["B"]
        g4 = 4 * h
        x, hs, dz = torch.randn(t, b, f) * 0.1, torch.randn(t, b, h) * 0.1, torch.randn(t, b, g4) * 0.1
        w, u = torch.randn(f, g4) * 0.1, torch.randn(h, g4) * 0.1
        z, dh, dw, du = torch.empty(t, b, g4), torch.empty(b, h), torch.empty(f, g4), torch.empty(h, g4)
        ut = u.t()
        xs, hrows, dzs = x.reshape(t * b, f).t(), hs.reshape(t * b, h)[: (t - 1) * b].t(), dz.reshape(t * b, g4)

        def body():
            for s in range(t):
                torch.mm(x[s], w, out=z[s])
                if s > 0:
                    z[s].addmm_(hs[s - 1], u)
            for s in range(t - 1, 0, -1):
                torch.mm(dz[s], ut, out=dh)
            torch.mm(xs, dzs, out=dw)
            torch.mm(hrows, dzs[b:], out=du)
        flops = recurrent_flops(4, f, h, t, b)
    else:
        print(f"# unknown case {name}")
        continue
    cpu, wall, count = measure(body)
    print(f"{name} {cpu} {wall} {float(flops)} {count}")
    sys.stdout.flush()
