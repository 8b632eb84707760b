#!/usr/bin/env python3
"""Derives every constant in include/CPortableMath.h (run by hand; prints C hex-float literals).

    python3 Sources/CPortableMath/derive_coefficients.py

All series are Taylor series whose coefficients are exact rationals (Bernoulli numbers,
factorials, 2/(2j+1)), rounded once to the nearest double; split constants (ln 2, π/2, 1/ln 10)
are rounded from 200-bit mpmath values. The header says which constant came from which line.
"""
import mpmath
from mpmath import mp, mpf

mp.prec = 200


def hexd(v):
    return float(v).hex()


def round_bits(v, bits):
    """v rounded to `bits` significant bits (nearest)."""
    m, e = mpmath.frexp(v)
    return mpmath.ldexp(mpmath.nint(mpmath.ldexp(m, bits)), e - bits)


print("// mpmath", mpmath.__version__)
# ln 2 split: hi has 42 significant bits so k·hi is exact for |k| < 2^11 (every exponent of a double).
ln2 = mpmath.log(2)
hi = round_bits(ln2, 42)
print("LN2_HI", hexd(hi), " LN2_LO", hexd(ln2 - hi), " INV_LN2", hexd(1 / ln2))
# float ln 2 split: hi has 16 bits (|k| < 2^8 for a float exponent).
hif = round_bits(ln2, 16)
print("LN2_HI_F", float(hif).hex(), " LN2_LO_F", float(ln2 - hif).hex())
# exp: r·coth(r/2) = 2 + Σ_{k≥1} P_k r^{2k},  P_k = 2·B_{2k}/(2k)!
for k in range(1, 9):
    print(f"EXP_P{k}", hexd(2 * mpmath.bernoulli(2 * k) / mpmath.factorial(2 * k)))
# log: log(1+f) = 2·atanh(s), s = f/(2+f):  2 atanh(s) = 2s + Σ_{j≥1} 2 s^{2j+1}/(2j+1)
for j in range(1, 13):
    print(f"LOG_L{j}", hexd(mpf(2) / (2 * j + 1)))
two_thirds = mpf(2) / 3
h = mpf(float(two_thirds))
print("TWO_THIRDS_HI", hexd(h), " TWO_THIRDS_LO", hexd(two_thirds - h))
for j in range(1, 6):
    print(f"LOGF_L{j}", float(mpf(2) / (2 * j + 1)).hex(), "(as float:", repr(float(mpmath.mpf(2) / (2 * j + 1))), ")")
# sin/cos Taylor
for k in range(1, 10):
    print(f"SIN_S{2*k+1}", hexd((-1) ** k / mpmath.factorial(2 * k + 1)))
for k in range(2, 11):
    print(f"COS_C{2*k}", hexd((-1) ** k / mpmath.factorial(2 * k)))
# π/2 in three parts: 33 + 33 + 53 bits, so k·P1 and k·P2 are exact for |k| ≤ 2^20.
pio2 = mpmath.pi / 2
p1 = round_bits(pio2, 33)
p2 = round_bits(pio2 - p1, 33)
p3 = round_bits(pio2 - p1 - p2, 53)
print("PIO2_1", hexd(p1), " PIO2_2", hexd(p2), " PIO2_3", hexd(p3), " TWO_OVER_PI", hexd(2 / mpmath.pi))
# 1/ln 10 as a double-double
il10 = 1 / mpmath.log(10)
h = mpf(float(il10))
print("INV_LN10_HI", hexd(h), " INV_LN10_LO", hexd(il10 - h))
