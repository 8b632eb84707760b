"""Turns one build's raw benchmark output (written by Benchmarks/run.sh) into Markdown tables.

    python3 Benchmarks/compare.py RAW_DIR

RAW_DIR holds meta.txt ("key: value" lines, written by run.sh) and, per thread count N,
tN/swift.R and tN/torch.R for round R: lines "name cpu_ms wall_ms flops timings" plus "# …"
header lines. For every case and side the value shown is the median over rounds of each
round's median; the speed-up is PyTorch time / SeqKit time of those medians, and the range next
to it is the smallest and largest speed-up of a single round (S and T of one round ran back to
back, so a round is a fair pair).

The measure that counts: process CPU time with one thread each (it excludes time spent waiting
for a core on a shared machine); wall time with two or more (CPU time adds up the threads, and
PyTorch's OpenMP workers spin while waiting, so only wall time says what a user waits for).

Automatic checks (flagged in the tables, listed after them):
  slower  a grid or cliff case where SeqKit's speed-up is below 1.00;
  cliff   a case whose GFLOP/s (of the counting measure) is more than 1.3× below a neighbour's:
          a size 16 hidden units away (same B), or the next smaller grid size in H or in B (same
          other size). A larger product has at least as much work per weight load, so per FLOP
          it should not be slower; a size 16 units away should be about as fast.
"""
import glob
import os
import re
import statistics
import sys

CLIFF = 1.3
# Cores busy with other work, in the idle second before a run, from which a two-thread table is
# marked unreliable (its wall times then measure contention).
BUSY = 0.25
raw = sys.argv[1]


def read_meta():
    meta = {}
    for line in open(os.path.join(raw, "meta.txt")):
        if ":" in line:
            k, v = line.split(":", 1)
            meta.setdefault(k.strip(), []).append(v.strip())
    return meta


def load(tdir, side):
    """{case: [(cpu, wall, flops, timings) per round]}, {round: [header lines]}, in case order."""
    cases, headers = {}, {}
    paths = sorted(glob.glob(os.path.join(tdir, f"{side}.*")), key=lambda p: int(p.rsplit(".", 1)[1]))
    for path in paths:
        r = int(path.rsplit(".", 1)[1])
        for line in open(path):
            if line.startswith("#"):
                headers.setdefault(r, []).append(line[1:].strip())
                continue
            parts = line.split()
            if len(parts) == 5:
                cases.setdefault(parts[0], {})[r] = tuple(float(p) for p in parts[1:])
    return cases, headers


def fmt_ms(x):
    return f"{x:.4g}" if x < 1000 else f"{x:.0f}"


def fmt_g(x):
    return f"{x:.1f}"


meta = read_meta()
peak = max(float(p) for p in meta.get("peak_gflops", ["0"]))
threads = sorted(int(os.path.basename(d)[1:]) for d in glob.glob(os.path.join(raw, "t[0-9]*")))
out = []
emit = out.append

emit(f"## {meta['title'][0]}\n")
emit(f"- Machine: {meta['cpu'][0]}")
for extra in meta.get("cpu_detail", []):
    emit(f"  {extra}")
emit(f"- Single-core FMA peak: **{peak:.1f} GFLOP/s** (Float32), measured by "
     f"`Benchmarks/peak_fma.c` — {meta['peak_method'][0]}; runs this session: "
     + ", ".join(meta.get("peak_run", [])) + "; the best counts.")
emit(f"- Build: {meta['build'][0]}")
emit(f"- Versions: {meta['versions'][0]}")
emit(f"- Rounds: {meta['rounds'][0]}, interleaved S T S T … (per thread count); timing rule: "
     f"{meta['timing'][0]}")

targets = {}   # (threads, case) -> (speed-up, measure)
unreliable = set()   # thread counts whose runs shared the cores with other work
flag_lines = []

for n in threads:
    tdir = os.path.join(raw, f"t{n}")
    s, s_head = load(tdir, "swift")
    t, t_head = load(tdir, "torch")
    counting = "CPU" if n == 1 else "wall"
    idx = 0 if n == 1 else 1          # index of the counting measure in a row
    other = 1 - idx
    other_name = "wall" if n == 1 else "CPU"
    cap = peak * n
    s_info = sorted({h for hs in s_head.values() for h in hs if not h.startswith(("load", "busy"))})
    t_info = sorted({h for hs in t_head.values() for h in hs if not h.startswith(("load", "busy"))})
    # Cores in use by other work in the idle second before each run (run.sh's busy_cores).
    busy = [float(h.split()[1]) for hs in list(s_head.values()) + list(t_head.values())
            for h in hs if h.startswith("busy") and len(h.split()) == 2]
    loads = [h.split(None, 1)[1] for hs in list(s_head.values()) + list(t_head.values())
             for h in hs if h.startswith("load")]

    def med(rows, i):
        return statistics.median(v[i] for v in rows.values())

    def row_stats(name):
        sv, tv = s[name], t[name]
        common = sorted(set(sv) & set(tv))
        ratios = [tv[r][idx] / sv[r][idx] for r in common]
        sc, tc = med(sv, idx), med(tv, idx)
        so, to = med(sv, other), med(tv, other)
        flops = sv[common[0]][2] if common else 0
        return dict(sc=sc, tc=tc, so=so, to=to, up=tc / sc, lo=min(ratios), hi=max(ratios),
                    sg=flops / (sc * 1e-3) / 1e9 if flops else None,
                    tg=flops / (tc * 1e-3) / 1e9 if flops else None,
                    rounds=len(common))

    names = [k for k in s if k in t]
    stats = {k: row_stats(k) for k in names}

    # --- cliff check over the LSTM F1 T100 cases -------------------------------------------
    grid_h, grid_b = [32, 64, 128, 256, 512], [1, 8, 32, 128]
    lstm = {}
    for k in names:
        m = re.fullmatch(r"lstm_F1_H(\d+)_T100_B(\d+)", k)
        if m:
            lstm[(int(m[1]), int(m[2]))] = k

    def neighbours(h, b):
        nb = [(h2, b) for (h2, b2) in lstm if b2 == b and 0 < abs(h2 - h) <= 16]
        if h in grid_h and grid_h.index(h) > 0 and (grid_h[grid_h.index(h) - 1], b) in lstm:
            nb.append((grid_h[grid_h.index(h) - 1], b))
        if b in grid_b and grid_b.index(b) > 0 and (h, grid_b[grid_b.index(b) - 1]) in lstm:
            nb.append((h, grid_b[grid_b.index(b) - 1]))
        return nb

    def cliff(side, h, b):
        """Worst neighbour that is more than CLIFF× faster per FLOP, as (factor, H, B), or None."""
        g = stats[lstm[(h, b)]][side]
        worst = None
        for (h2, b2) in neighbours(h, b):
            f = stats[lstm[(h2, b2)]][side] / g
            if f > CLIFF and (worst is None or f > worst[0]):
                worst = (f, h2, b2)
        return worst

    flags = {}
    for (h, b), k in lstm.items():
        fl = []
        if stats[k]["up"] < 1.0:
            fl.append("**slower**")
        c = cliff("sg", h, b)
        if c:
            fl.append(f"**cliff** {c[0]:.2f}× below H{c[1]} B{c[2]}")
        ct = cliff("tg", h, b)
        if ct:
            fl.append(f"(PyTorch: {ct[0]:.2f}× below H{ct[1]} B{ct[2]})")
        flags[k] = fl

    # --- tables ---------------------------------------------------------------------------
    title = "One thread each" if n == 1 else f"{n} threads each"
    emit(f"\n### {title} — {counting} time counts\n")
    emit(f"- SeqKit: {'; '.join(s_info) or '—'}")
    emit(f"- PyTorch: {'; '.join(t_info) or '—'}")
    if busy:
        emit(f"- Other work before each run (cores busy in an idle second, hypervisor steal "
             f"included): {min(busy):.2f}–{max(busy):.2f} of {meta['cores'][0]}")
        if n > 1 and max(busy) >= BUSY:
            emit(f"- **Caution:** other work was running ({max(busy):.2f} cores busy) while {n} threads "
                 f"each shared {meta['cores'][0]} cores, so these wall times measure contention as much "
                 "as the code (PyTorch's OpenMP threads spin, then wait for a preempted partner). "
                 "Trust this table only from a quiet machine.")
            unreliable.add(n)
    elif loads:
        ones = [float(x.split()[0]) for x in loads]
        emit(f"- Load average (1 min) before each run: {min(ones):.1f}–{max(ones):.1f} on {meta['cores'][0]} cores")
        if n > 1 and max(ones) + n > int(meta["cores"][0]) + 1:
            emit(f"- **Caution:** other work was running (load {max(ones):.1f}) while {n} threads "
                 f"each shared {meta['cores'][0]} cores, so these wall times measure contention as much "
                 "as the code (PyTorch's OpenMP threads spin, then wait for a preempted partner). "
                 "Trust this table only from a quiet machine.")
            unreliable.add(n)

    head = (f"| case | SeqKit ms ({counting}) | PyTorch ms ({counting}) | speed-up | per-round range "
            f"| SeqKit GFLOP/s | % of peak | PyTorch GFLOP/s | % of peak "
            f"| SeqKit ms ({other_name}) | PyTorch ms ({other_name}) | speed-up ({other_name}) |")
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

    def line(k, with_flags=False):
        st = stats[k]
        g = (f"{fmt_g(st['sg'])} | {100 * st['sg'] / cap:.0f} % | {fmt_g(st['tg'])} | {100 * st['tg'] / cap:.0f} %"
             if st["sg"] is not None and cap > 0 else " | | | ")
        row = (f"| {k} | {fmt_ms(st['sc'])} | {fmt_ms(st['tc'])} | {st['up']:.2f}× "
               f"| {st['lo']:.2f}–{st['hi']:.2f} | {g} | {fmt_ms(st['so'])} | {fmt_ms(st['to'])} "
               f"| {st['to'] / st['so']:.2f}× |")
        if with_flags:
            row += f" {' '.join(flags.get(k, []))} |"
        return row

    lstm_names = set(lstm.values())
    main = [k for k in names if k not in lstm_names or k == "lstm_F1_H64_T100_B32"]
    if main:
        emit("\n" + head)
        emit(rule)
        for k in main:
            emit(line(k))
    grid = [lstm[(h, b)] for h in grid_h for b in grid_b if (h, b) in lstm]
    if grid:
        emit(f"\n**Grid** (LSTM step, F1 T100){': flags per case' if any(flags[k] for k in grid) else ''}\n")
        emit(head + " checks |")
        emit(rule + "---|")
        for k in grid:
            emit(line(k, True))
    cliffs = sorted(((h, b) for (h, b) in lstm if h not in grid_h or b not in grid_b or
                     any(abs(h2 - h) <= 16 and h2 != h for (h2, b2) in lstm if b2 == b)),
                    key=lambda hb: (hb[1], hb[0]))
    if cliffs:
        emit("\n**Cliff check** (LSTM step, F1 T100; sizes 16 units apart should run at about the same GFLOP/s)\n")
        emit(head + " checks |")
        emit(rule + "---|")
        for hb in cliffs:
            emit(line(lstm[hb], True))

    slower = [k for k in lstm.values() if "**slower**" in flags[k]]
    cliffed = [k for k in lstm.values() if any(f.startswith("**cliff**") for f in flags[k])]
    if lstm:
        emit(f"\nChecks ({title.lower()}, {counting} time): "
             f"{len(lstm) - len(slower)} of {len(lstm)} LSTM grid/cliff cases at least as fast as PyTorch"
             + (f"; slower: {', '.join(slower)}" if slower else "")
             + f"; power-of-two/size cliffs (> {CLIFF}× per FLOP): "
             + (", ".join(cliffed) if cliffed else "none") + ".")
    for k, st in stats.items():
        targets[(n, k)] = st["up"]
    if len(grid) == len(grid_h) * len(grid_b):   # goals about the grid only when all of it ran
        targets[(n, "_grid_slower")] = (len(slower), len(lstm))
        targets[(n, "_cliffs")] = len(cliffed)

# --- issue 15's goals --------------------------------------------------------------------
portable = meta.get("kind", ["default"])[0] == "portable"
goals = []


def goal(text, n, case, need):
    if (n, case) in targets:
        v = targets[(n, case)]
        caveat = " (machine busy: unreliable)" if n in unreliable else ""
        goals.append(f"| {text} | {v:.2f}×{caveat} | {'yes' if v >= need else '**no**'} |")


if portable:
    goal("LSTM F1 H64 T100 B32 ≥ 1.0× PyTorch, one thread each", 1, "lstm_F1_H64_T100_B32", 1.0)
    goal("LSTM F8 H128 T50 B64 ≥ 1.0× PyTorch, one thread each", 1, "lstm_F8_H128_T50_B64", 1.0)
    goal("matmul 256 ≥ 0.8× OpenBLAS, one thread each", 1, "matmul_256", 0.8)
else:
    goal("LSTM F8 H128 T50 B64 ≥ 1.5× PyTorch, one thread each", 1, "lstm_F8_H128_T50_B64", 1.5)
    goal("LSTM F1 H64 T100 B32 ≥ 1.2× PyTorch, two threads each (wall)", 2, "lstm_F1_H64_T100_B32", 1.2)
    goal("LSTM F8 H128 T50 B64 ≥ 1.2× PyTorch, two threads each (wall)", 2, "lstm_F8_H128_T50_B64", 1.2)
goal("LSTM F1 H16 T50 B1 ≥ 10× PyTorch, one thread each", 1, "lstm_F1_H16_T50_B1", 10.0)
for n in threads:
    if (n, "_grid_slower") in targets:
        k, total = targets[(n, "_grid_slower")]
        caveat = " (machine busy: unreliable)" if n in unreliable else ""
        goals.append(f"| grid + cliff sizes: SeqKit ≥ PyTorch, {n} thread{'s' if n > 1 else ''} each | "
                     f"{total - k} of {total}{caveat} | {'yes' if k == 0 else '**no**'} |")
        c = targets[(n, "_cliffs")]
        goals.append(f"| no size > {CLIFF}× slower per FLOP than a neighbour, {n} thread{'s' if n > 1 else ''} | "
                     f"{c} flagged | {'yes' if c == 0 else '**no**'} |")
if goals:
    emit("\n### Issue 15's goals for this build\n")
    emit("| goal | measured | met? |")
    emit("|---|---:|---|")
    out.extend(goals)

emit(f"""
Notes. Medians of {meta['rounds'][0]} interleaved rounds; speed-up = PyTorch time / SeqKit time
(> 1: SeqKit faster); the range is the lowest and highest single-round speed-up. GFLOP/s =
nominal FLOPs / median time of the counting measure; % of peak = GFLOP/s / (threads × the
single-core FMA peak above). FLOPs of a recurrent training step: three products of
2·T·B·gates·H·(F+H) each (gates = 4 for the LSTM, 1 for the RNN): forward (x·W and h·U),
backward-data (∂z·Uᵀ for ∂h and ∂z·Wᵀ for ∂x) and backward-weights (xᵀ·∂z, hᵀ·∂z). SeqKit's
LSTM/RNN code (Sources/SeqKit/LSTM.swift, SimpleRNN.swift) computes these products, except
that the recurrent ones skip t = 0 (h₀ = 0), 1 % less at T = 100, and that a model's first layer
skips ∂z·Wᵀ in training (nobody reads ∂x; F/(F+H) of one product: under 1 % at F = 1, 6 % at
F8 H128); gate nonlinearities, the Dense head and Adam are not counted. PyTorch is given the same
nominal count; its input needs no gradient either (x has requires_grad = False), so it may skip
∂z·Wᵀ too. Attention: 12 products of 2·B·T·d² (four projections: forward, ∂x, ∂W) plus 6 of
2·B·T²·d (Q·Kᵀ, P·V and their four backward products). Matmul: 2n³.
With one thread, CPU time counts (process CPU time excludes time spent waiting for a core on
this shared machine); with two, wall time counts (CPU time adds up both threads, and idle OpenMP
workers spin). Flags: **slower** = speed-up below 1.00; **cliff** = more than {CLIFF}× fewer GFLOP/s
than a neighbour (a size 16 hidden units away at the same B, or the next smaller grid H or B).
""")

print("\n".join(out))
