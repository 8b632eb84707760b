#!/usr/bin/env python3
"""Reference values for SeqKit's portable Double math (CPortableMath), computed with mpmath.

    python3 Tests/SeqKitTests/References/math_reference.py   # writes math_reference.json

For every point the JSON holds the input(s) as hex floats, the correctly rounded result `y` and
the rounding residual `d` = (exact − y) rounded to a double, so a test can measure an error in
ulps to a small fraction of an ulp: ((ours − y) − d) / ulp(y). Special values (NaN, ±inf, ±0)
carry the IEEE/C99 result in `y` and d = 0. The points: a dense grid over each function's
working range, seeded random points, and edge cases (±0, ±tiny, subnormals, huge, near overflow).
"""
import json
import math
import random

import mpmath
from mpmath import mp, mpf

mp.prec = 256
rng = random.Random(15)


def h(v):
    return float(v).hex()


def exact(fn, *args):
    with mp.workprec(256):
        return fn(*[mpf(a) for a in args])


def entry(fn, *args):
    v = exact(fn, *args)
    if mpmath.isinf(v) or abs(v) > mpf(2) ** 1024 * (1 - mpf(2) ** -54):
        y, d = (math.inf if v > 0 else -math.inf), 0.0
    else:
        y = float(v)  # mpmath rounds to nearest
        d = float(v - mpf(y))
    return {"x": [h(a) for a in args], "y": h(y), "d": h(d)}


def special(args, y):
    return {"x": [h(a) for a in args], "y": h(y), "d": h(0.0)}


def grid(lo, hi, n):
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def rand(lo, hi, n):
    return [rng.uniform(lo, hi) for _ in range(n)]


def logrand(lo_exp, hi_exp, n, signed=False):
    out = []
    for _ in range(n):
        v = 2.0 ** rng.uniform(lo_exp, hi_exp)
        out.append(-v if signed and rng.random() < 0.5 else v)
    return out


tiny = [5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-20, 2.0 ** -27, 2.0 ** -54, 1e-16]
nan, inf = math.nan, math.inf
table = {}

xs = grid(-745, 709.78, 400) + rand(-20, 20, 400) + rand(-1, 1, 200) + [t * s for t in tiny for s in (1, -1)] + [709.78, 709.7827, -745.13, -708.4, -720.0]
table["exp"] = [entry(mpmath.exp, x) for x in xs] + [special([0.0], 1.0), special([-0.0], 1.0), special([inf], inf), special([-inf], 0.0), special([nan], nan), special([710.0], inf), special([-746.0], 0.0)]

xs = grid(-40, 709, 300) + rand(-3, 3, 400) + logrand(-60, 0, 200, signed=True) + [t * s for t in tiny for s in (1, -1)]
table["expm1"] = [entry(mpmath.expm1, x) for x in xs] + [special([0.0], 0.0), special([-0.0], -0.0), special([inf], inf), special([-inf], -1.0), special([nan], nan)]

xs = logrand(-1074, 1023.9, 500) + rand(0.5, 2, 300) + grid(0.001, 100, 200) + tiny + [1.0, 2.0, 0.5, 1 - 2 ** -53, 1 + 2 ** -52, 1.7976931348623157e308, 1e-310]
table["log"] = [entry(mpmath.log, x) for x in xs] + [special([0.0], -inf), special([-0.0], -inf), special([-1.0], nan), special([inf], inf), special([nan], nan)]

xs = logrand(-80, 1023, 300, signed=False) + [-v for v in logrand(-80, -0.01, 200)] + rand(-0.5, 1, 300) + grid(0, 1, 200) + tiny + [-t for t in tiny] + [-0.9999999999, 1e300]
table["log1p"] = [entry(mpmath.log1p, x) for x in xs] + [special([0.0], 0.0), special([-0.0], -0.0), special([-1.0], -inf), special([-2.0], nan), special([inf], inf), special([nan], nan)]

xs = logrand(-1074, 1023.9, 300) + grid(0.01, 10, 200) + [10.0 ** k for k in range(-300, 309, 7)] + [10.0 ** k for k in range(0, 23)]
table["log10"] = [entry(mpmath.log10, x) for x in xs] + [special([0.0], -inf), special([-1.0], nan), special([inf], inf), special([nan], nan)]

trig = grid(-10, 10, 400) + rand(0, 2 * math.pi, 300) + rand(-1000, 1000, 300) + rand(-1.6e6, 1.6e6, 200) + [t * s for t in tiny for s in (1, -1)] + [math.pi, math.pi / 2, 2 * math.pi, 1e5 * math.pi, 355.0, 103993.0, 1.5707963267948966 * 1000001]
for name, fn in (("sin", mpmath.sin), ("cos", mpmath.cos)):
    table[name] = [entry(fn, x) for x in trig] + [special([inf], nan), special([-inf], nan), special([nan], nan)]
table["sin"] += [special([0.0], 0.0), special([-0.0], -0.0)]
table["cos"] += [special([0.0], 1.0), special([-0.0], 1.0)]

xs = grid(-5, 5, 400) + rand(-25, 25, 300) + logrand(-60, 0, 200, signed=True) + [t * s for t in tiny for s in (1, -1)] + [22.0, 30.0, 1.0, -1.0, 0.5493]
table["tanh"] = [entry(mpmath.tanh, x) for x in xs] + [special([0.0], 0.0), special([-0.0], -0.0), special([inf], 1.0), special([-inf], -1.0), special([nan], nan)]

pairs = []
pairs += [(rng.uniform(0.001, 10), rng.uniform(-5, 5)) for _ in range(300)]
pairs += [(10000.0, 2 * i / 64) for i in range(64)] + [(10000.0, rng.uniform(0, 1)) for _ in range(50)]
pairs += [(0.9, float(t)) for t in range(1, 2001, 7)] + [(0.999, float(t)) for t in range(1, 20001, 97)]
pairs += [(rng.uniform(0.04, 1), 2.4) for _ in range(100)]
pairs += [(rng.uniform(-10, 10), float(rng.randint(-20, 20))) for _ in range(100)]
pairs += [(2.0 ** rng.uniform(-100, 100), rng.uniform(-6, 6)) for _ in range(100)]
pairs += [(rng.uniform(0.5, 2), rng.uniform(-700, 700)) for _ in range(100)]
pairs += [(2.0, 1023.0), (2.0, -1074.0), (2.0, -1022.5), (10.0, 308.0), (10.0, -323.0), (1.0000001, 1e9)]
pairs = [(x, y) for x, y in pairs if x != 0]


def mpow(x, y):
    return mpmath.power(x, y) if x > 0 else (-1) ** int(y) * mpmath.power(-x, y)


table["pow"] = [entry(mpow, x, y) for x, y in pairs] + [
    special([2.0, 0.0], 1.0), special([nan, 0.0], 1.0), special([1.0, nan], 1.0), special([nan, 1.0], nan),
    special([-2.0, 0.5], nan), special([0.0, -1.0], inf), special([-0.0, -1.0], -inf), special([-0.0, -2.0], inf),
    special([0.0, 3.0], 0.0), special([-0.0, 3.0], -0.0), special([-0.0, 2.5], 0.0), special([-1.0, inf], 1.0),
    special([0.5, inf], 0.0), special([0.5, -inf], inf), special([2.0, inf], inf), special([2.0, -inf], 0.0),
    special([inf, -1.0], 0.0), special([inf, 0.5], inf), special([-inf, 3.0], -inf), special([-inf, 2.0], inf),
    special([-inf, -3.0], -0.0), special([2.0, 5000.0], inf), special([2.0, -5000.0], 0.0), special([-2.0, 3.0], -8.0),
]

xs = grid(-3, 3, 400) + rand(-50, 50, 300) + logrand(-60, 70, 300, signed=True) + [t * s for t in tiny for s in (1, -1)]
xs += [b + d for b in (0.4375, 0.6875, 1.1875, 2.4375, -0.4375, -2.4375) for d in (-2 ** -50, 0.0, 2 ** -50)] + [1.0, -1.0, 0.5, 1.5, 1e300, 2.0 ** 60, 2.0 ** 61]
table["atan"] = [entry(mpmath.atan, x) for x in xs] + [special([0.0], 0.0), special([-0.0], -0.0), special([inf], math.pi / 2), special([-inf], -math.pi / 2), special([nan], nan)]

pairs = [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(600)]
pairs += [(2.0 ** rng.uniform(-300, 300) * rng.choice((1, -1)), 2.0 ** rng.uniform(-300, 300) * rng.choice((1, -1))) for _ in range(300)]
pairs += [(1.0, -1.0), (-1.0, -1.0), (1e-300, -1.0), (-1e-300, -1.0), (1.0, 1e-300), (3.0, 4.0), (-3.0, -4.0)]
pi = math.pi
table["atan2"] = [entry(mpmath.atan2, y, x) for y, x in pairs] + [
    special([0.0, 1.0], 0.0), special([-0.0, 1.0], -0.0), special([0.0, -1.0], pi), special([-0.0, -1.0], -pi),
    special([0.0, 0.0], 0.0), special([-0.0, 0.0], -0.0), special([0.0, -0.0], pi), special([-0.0, -0.0], -pi),
    special([1.0, 0.0], pi / 2), special([-1.0, -0.0], -pi / 2), special([inf, 1.0], pi / 2), special([-inf, -1.0], -pi / 2),
    special([1.0, inf], 0.0), special([-1.0, inf], -0.0), special([1.0, -inf], pi), special([-1.0, -inf], -pi),
    special([inf, inf], pi / 4), special([inf, -inf], 3 * pi / 4), special([-inf, -inf], -3 * pi / 4), special([nan, 1.0], nan), special([1.0, nan], nan),
]

out = {"generator": "Tests/SeqKitTests/References/math_reference.py", "mpmath": mpmath.__version__,
       "precision_bits": 256, "functions": table}
with open(__file__.replace(".py", ".json"), "w") as f:
    json.dump(out, f, indent=0, sort_keys=True)
print({k: len(v) for k, v in table.items()}, "points:", sum(len(v) for v in table.values()))
