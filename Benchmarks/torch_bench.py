"""PyTorch / NumPy companion of `swift run -c release seqkit-bench`: the same cases, the same
output format ("name cpu_ms wall_ms [gflops]"), one thread.

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 Benchmarks/torch_bench.py [repeats]

Each case: LSTM/RNN(F -> H) on (B, T, F), last hidden state -> Linear(1) -> MSE -> backward
-> Adam step; single-head self-attention (q, k, v, out projections with bias +
F.scaled_dot_product_attention) forward + backward; float32 matmul through NumPy's BLAS.
"""
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def timed(inner, body):
    """Median (CPU ms, wall ms) per call. CPU time (whole process) is the primary measure: the
    machine is shared, and it excludes time spent waiting to be scheduled."""
    body(); body()
    cpu, wall = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(inner):
            body()
        cpu.append((time.process_time() - c0) * 1e3 / inner)
        wall.append((time.perf_counter() - t0) * 1e3 / inner)
    cpu.sort(); wall.sort()
    return cpu[len(cpu) // 2], wall[len(wall) // 2]


def report(name, times, flops=None):
    cpu, wall = times
    line = f"{name} {cpu:.4f} {wall:.4f}"
    if flops is not None:
        line += f" {flops / (cpu * 1e-3) / 1e9:.1f}"
    print(line)


def recurrent_flops(gates, f, h, t, b):
    return 3 * 2 * t * b * gates * h * (f + h)


class Model(torch.nn.Module):
    def __init__(self, cell, f, h):
        super().__init__()
        self.rnn = cell(f, h, batch_first=True)
        self.head = torch.nn.Linear(h, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


torch.manual_seed(0)
for (f, h, t, b, inner) in [(1, 64, 100, 32, 5), (8, 128, 50, 64, 3), (1, 16, 50, 1, 200)]:
    x, y = torch.randn(b, t, f), torch.randn(b, 1)
    for name, cell, gates, mult in [("lstm", torch.nn.LSTM, 4, 1), ("rnn", torch.nn.RNN, 1, 3)]:
        model = Model(cell, f, h)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        loss_fn = torch.nn.MSELoss()

        def step():
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        report(f"{name}_F{f}_H{h}_T{t}_B{b}", timed(inner * mult, step), recurrent_flops(gates, f, h, t, b))

x = torch.randn(32, 100, 64)
dy = torch.randn(32, 100, 64)
proj = torch.nn.ModuleList([torch.nn.Linear(64, 64) for _ in range(4)])


def attention_step():
    for p in proj.parameters():
        p.grad = None
    q, k, v = proj[0](x), proj[1](x), proj[2](x)
    out = proj[3](torch.nn.functional.scaled_dot_product_attention(q, k, v))
    out.backward(dy)


report("attention_T100_d64_B32", timed(5, attention_step))

try:
    from threadpoolctl import threadpool_info, threadpool_limits
    limiter = threadpool_limits(1)
    info = [(i.get("internal_api"), i.get("num_threads"), i.get("architecture")) for i in threadpool_info()]
    print("# blas", info, file=sys.stderr)
except ImportError:
    pass
rng = np.random.default_rng(0)
for n in [64, 128, 256, 512]:
    a = rng.standard_normal((n, n), dtype=np.float32)
    bm = rng.standard_normal((n, n), dtype=np.float32)
    inner = max(1, 20_000_000 // (n * n * n))
    report(f"matmul_{n}", timed(inner, lambda: a @ bm), 2 * n ** 3)
