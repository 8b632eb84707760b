"""Median over rounds of each side's per-case medians; prints a Markdown table.

    python3 Benchmarks/compare.py DIR   (DIR holds swift.N and torch.N files from run.sh)
"""
import glob
import statistics
import sys

d = sys.argv[1]


def load(prefix):
    cases = {}
    for path in sorted(glob.glob(f"{d}/{prefix}.[0-9]*")):
        for line in open(path):
            parts = line.split()
            if len(parts) >= 2 and not line.startswith("#"):
                cases.setdefault(parts[0], []).append([float(p) for p in parts[1:]])
    return {k: [statistics.median(col) for col in zip(*v)] for k, v in cases.items()}


s, t = load("swift"), load("torch")
rounds = len(glob.glob(f"{d}/swift.[0-9]*"))
print("| case | SeqKit ms | PyTorch/NumPy ms | speed-up | SeqKit GFLOP/s | PyTorch/NumPy GFLOP/s | wall: SeqKit ms | wall: PyTorch ms | wall speed-up |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in s:
    sv, tv = s[name], t.get(name)
    if tv is None:
        continue
    sg = f"{sv[2]:.1f}" if len(sv) > 2 else ""
    tg = f"{tv[2]:.1f}" if len(tv) > 2 else ""
    print(f"| {name} | {sv[0]:.4g} | {tv[0]:.4g} | {tv[0] / sv[0]:.2f}× | {sg} | {tg} "
          f"| {sv[1]:.4g} | {tv[1]:.4g} | {tv[1] / sv[1]:.2f}× |")
print(f"\nCPU-time medians of {rounds} interleaved rounds (each round: median of 5 timings); "
      "speed-up = PyTorch ms / SeqKit ms; GFLOP/s from CPU time.")
