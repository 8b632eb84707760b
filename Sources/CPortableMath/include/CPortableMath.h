// CPortableMath: exp, log, sin, cos, tanh, pow, ... that give the same bits on every CPU, C
// library and build.
//
// Why: glibc, musl and Apple's libm disagree in the last bit of exp/log/sin/cos/tanh/pow, and
// training magnifies a last-bit difference into printed digits. Every function here is written
// with +, −, ×, ÷, comparisons, integer/bit operations and conversions between integers and
// floats only: all of them are correctly rounded IEEE 754 operations, so the result depends on
// nothing but the input. No fused multiply-add (the pragmas below forbid the compiler to fuse
// a·b + c on its own; an explicit fma would be a libm call on CPUs without one), no calls to
// rint/floor/… (libcalls on the x86-64 baseline: rounding to an integer uses the 1.5·2^52 trick),
// no -ffast-math. Functions are `static inline` so Swift and C callers inline them and LLVM can
// vectorise the Float ones in whole-buffer loops.
//
// Methods (constants derived by Sources/CPortableMath/derive_coefficients.py, mpmath 1.3.0):
//   exp      Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2, ln 2 split in a 42-bit head (n·head
//            exact) and a tail; e^r from the Taylor series of r·coth(r/2) (Bernoulli numbers)
//            in the form e^r = 1 + r + r·c/(2 − c); 2^n applied as two exact power-of-two factors
//            so overflow and subnormal results round once.
//   log      x = 2^k·m, m ∈ [√½, √2), f = m − 1, s = f/(2 + f), log(1+f) = 2·atanh(s) by its
//            Taylor series, all summed as a double-double: error ≈ 0.5 ulp + 2^−62 relative.
//            The same double-double kernel serves log1p, log10 and pow.
//   expm1    exp's reduction and kernel, with the reduction's rounding error carried along.
//   tanh     from expm1: tanh|x| = −t/(t + 2), t = expm1(−2|x|) (|x| < 1), or 1 − 2/(expm1(2|x|) + 2).
//   sin/cos  Cody–Waite reduction by π/2 in three parts (33 + 33 + 53 bits) into a double-double
//            r, |r| ≤ π/4, then Taylor series to degree 19 / 20. Guaranteed accurate for
//            |x| ≤ 2^20·π/2 ≈ 1.6e6; beyond that the same arithmetic runs (so the result is still
//            the same everywhere) but the reduction loses accuracy.
//   pow      x^y = e^(y·log x) with log x and the product as double-doubles (Dekker's exact
//            product, no fma), then exp of the double-double.
//   Float    expf: the Cephes `expf` scheme (the coefficients SeqKit always used, so Float outputs
//            did not move); logf: the atanh series in float; sigmoid and tanh from expf.
// Measured ulp bounds are in each function's comment and checked by Tests/SeqKitTests/
// PortableMathTests.swift against mpmath (Double) and against Double libm (Float).

#ifndef CPORTABLEMATH_H
#define CPORTABLEMATH_H

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include <stdint.h>

// MARK: Bits

static inline uint64_t cpm_bits(double x) { union { double d; uint64_t u; } v; v.d = x; return v.u; }
static inline double cpm_from_bits(uint64_t u) { union { double d; uint64_t u; } v; v.u = u; return v.d; }
static inline uint32_t cpm_bitsf(float x) { union { float f; uint32_t u; } v; v.f = x; return v.u; }
static inline float cpm_from_bitsf(uint32_t u) { union { float f; uint32_t u; } v; v.u = u; return v.f; }

/// 2^k for k ∈ [−1022, 1023], built in the exponent bits.
static inline double cpm__pow2(int64_t k) { return cpm_from_bits((uint64_t)(k + 1023) << 52); }

/// y·2^n for n ∈ [−2000, 2000] as two exact power-of-two factors, so the product rounds once even
/// when it overflows or is subnormal.
static inline double cpm__scale(double y, int64_t n) {
    if (n > 2000) n = 2000;
    if (n < -2000) n = -2000;
    int64_t n1 = n / 2, n2 = n - n1;
    return (y * cpm__pow2(n1)) * cpm__pow2(n2);
}

/// Nearest integer to x (ties to even) for |x| < 2^51, as a double, without a libcall.
static inline double cpm__round(double x) { return (x + 0x1.8p52) - 0x1.8p52; }

// MARK: Double-double helpers (Knuth's TwoSum, Dekker's split and exact product)

static inline void cpm__two_sum(double a, double b, double *s, double *e) {
    double t = a + b, bb = t - a;
    *s = t; *e = (a - (t - bb)) + (b - bb);
}
static inline void cpm__fast_two_sum(double a, double b, double *s, double *e) {  // needs |a| ≥ |b|
    double t = a + b;
    *s = t; *e = b - (t - a);
}
static inline void cpm__split(double a, double *hi, double *lo) {               // |a| < 2^995
    double c = 134217729.0 * a;                                                 // 2^27 + 1
    double h = c - (c - a);
    *hi = h; *lo = a - h;
}
static inline void cpm__two_prod(double a, double b, double *p, double *e) {    // a·b = p + e exactly
    double ah, al, bh, bl;
    cpm__split(a, &ah, &al); cpm__split(b, &bh, &bl);
    double t = a * b;
    *p = t; *e = ((ah * bh - t) + ah * bl + al * bh) + al * bl;
}

// MARK: Constants (derive_coefficients.py)

#define CPM_LN2_HI 0x1.62e42fefa3800p-1
#define CPM_LN2_LO 0x1.ef35793c76730p-45
#define CPM_INV_LN2 0x1.71547652b82fep+0

// MARK: exp (Double)

/// e^(xh + xl) for a double-double argument with |xl| ≤ 2^−40·|xh| and xh ∈ [−746, 710].
/// R(z) ≈ r·coth(r/2) − 2 for z = r², Taylor (P_k = 2·B_2k/(2k)!), truncation < 2^−66 for
/// |r| ≤ ln2/2: the rational core shared by exp and expm1.
static inline double cpm__exp_R(double z) {
    return z * (0x1.5555555555555p-3 + z * (-0x1.6c16c16c16c17p-9 + z * (0x1.1566abc011567p-14
         + z * (-0x1.bbd779334ef0bp-20 + z * (0x1.66a8f2bf70ebep-25 + z * (-0x1.22805d644267fp-30
         + z * 0x1.d6db2c4e09162p-36))))));
}

static inline double cpm__exp_dd(double xh, double xl) {
    double n = cpm__round(xh * CPM_INV_LN2);
    double hi = xh - n * CPM_LN2_HI;               // exact: n·LN2_HI is exact and xh ≈ n·ln2
    double lo = n * CPM_LN2_LO - xl;
    double r = hi - lo;
    double z = r * r;
    double R = cpm__exp_R(z);
    double c = r - R;
    // e^r − 1 = 2r/(2 − c) = r + r·c/(2 − c); with r = hi − lo kept in two parts,
    // e^r = (1 + hi) + (r·c/(2 − c) − lo), 1 + hi summed exactly so only the last addition rounds.
    double q = (r * c) / (2.0 - c);
    double s, se;
    cpm__fast_two_sum(1.0, hi, &s, &se);
    double y = s + (se + (q - lo));
    return cpm__scale(y, (int64_t)n);
}

/// e^x. Error ≤ 1 ulp (measured 0.51 on the test points); exp(±inf) = inf / 0, NaN → NaN.
static inline double cpm_exp(double x) {
    if (x != x) return x + x;
    if (x > 710.0) return 0x1p1023 * 2.0;          // +inf
    if (x < -746.0) return 0.0;
    return cpm__exp_dd(x, 0.0);
}

/// e^x − 1, accurate near 0. Error ≤ 1 ulp class (see PortableMathTests for the bound checked).
static inline double cpm_expm1(double x) {
    if (x != x) return x + x;
    if (x > 710.0) return 0x1p1023 * 2.0;
    if (x < -40.0) return -1.0;                    // e^x < 2^−57: −1 + e^x rounds to −1
    double ax = x < 0 ? -x : x;
    if (ax < 0x1p-54) return x;                    // keeps −0 and subnormals exact
    double n = cpm__round(x * CPM_INV_LN2);
    double hi = x - n * CPM_LN2_HI;
    double lo = n * CPM_LN2_LO;
    double r = hi - lo;
    double z = r * r;
    double R = cpm__exp_R(z);
    double c = r - R;
    double q = (r * c) / (2.0 - c);                // e^r − 1 − r
    double tail = q - lo;                          // e^r − 1 = hi + tail, hi exact
    int64_t k = (int64_t)n;
    if (k == 0) return hi + tail;
    if (k >= 54 || k <= -54) return cpm__scale(1.0 + (hi + tail), k) - 1.0;
    // 2^k·(1 + hi + tail) − 1 = ((2^k − 1) + 2^k·hi) + 2^k·tail: 2^k − 1 and the scalings are
    // exact for |k| ≤ 53, the first sum is kept exactly, so one addition rounds.
    double t = cpm__pow2(k);
    double s, se;
    cpm__two_sum(t - 1.0, t * hi, &s, &se);
    return s + (se + t * tail);
}

// MARK: log (Double)

/// log(1 + f) + extra for f ∈ [√½ − 1, √2 − 1], plus k·ln2, as a double-double (h, l).
/// 2·atanh(s) with s = f/(2 + f) = sh + sl: 2s + (2/3)s³ (double-double) + Σ_{j≥2} 2s^(2j+1)/(2j+1).
static inline void cpm__log_dd_kernel(int64_t k, double f, double extra, double *h, double *l) {
    double u, ul;
    cpm__fast_two_sum(2.0, f, &u, &ul);            // 2 + f = u + ul exactly
    double sh = f / u;
    double p, pe;
    cpm__two_prod(sh, u, &p, &pe);
    double sl = (((f - p) - pe) - sh * ul) / u;    // f/(u + ul) − sh
    double zh, zl;
    cpm__two_prod(sh, sh, &zh, &zl);               // s² exactly
    double ch, cl;
    cpm__two_prod(sh, zh, &ch, &cl);               // s³ ≈ ch + cl
    cl += sh * zl;
    double th, tl;
    cpm__two_prod(ch, 0x1.5555555555555p-1, &th, &tl);   // (2/3)·s³
    tl += cl * 0x1.5555555555555p-1 + ch * 0x1.5555555555555p-55;
    // Σ_{j≥2} 2s^(2j+1)/(2j+1) = s·z²·(2/5 + z·(2/7 + …)); truncation < 2^−70 relative for |s| ≤ 0.172.
    double z = zh;
    double rest = sh * z * z * (0x1.999999999999ap-2 + z * (0x1.2492492492492p-2 + z * (0x1.c71c71c71c71cp-3
                + z * (0x1.745d1745d1746p-3 + z * (0x1.3b13b13b13b14p-3 + z * (0x1.1111111111111p-3
                + z * (0x1.e1e1e1e1e1e1ep-4 + z * (0x1.af286bca1af28p-4 + z * 0x1.8618618618618p-4))))))));
    // d(2/3 s³)/ds · sl = 2 s² sl: the first-order effect of sl on the cubic term.
    double low = 2.0 * sl + 2.0 * zh * sl + rest + tl;
    double kd = (double)k;
    double a, ae, b, be;
    cpm__two_sum(kd * CPM_LN2_HI, 2.0 * sh, &a, &ae);     // k·LN2_HI exact, 2·sh exact
    cpm__two_sum(a, th, &b, &be);
    low += ae + be + kd * CPM_LN2_LO + extra;
    cpm__fast_two_sum(b, low, h, l);
}

/// Splits a positive finite x into 2^k·m with m ∈ [√½, √2).
static inline void cpm__decompose(double x, int64_t *k, double *m) {
    int64_t adj = 0;
    if (x < 0x1p-1022) { x *= 0x1p54; adj = -54; }         // subnormal: scale into the normals
    uint64_t b = cpm_bits(x);
    int64_t e = (int64_t)(b >> 52) - 1023;
    double mm = cpm_from_bits((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
    if (mm > 0x1.6a09e667f3bcdp+0) { mm *= 0.5; e += 1; }  // > √2
    *k = e + adj; *m = mm;
}

/// log x as a double-double (h + l) for positive finite x; relative error ≈ 2^−62.
static inline void cpm__log_dd(double x, double *h, double *l) {
    int64_t k; double m;
    cpm__decompose(x, &k, &m);
    cpm__log_dd_kernel(k, m - 1.0, 0.0, h, l);     // m − 1 exact (Sterbenz)
}

/// Natural logarithm. Error ≤ 0.5 ulp + 2^−62 relative (nearly always correctly rounded);
/// log(0) = −inf, log(x < 0) = NaN, log(inf) = inf.
static inline double cpm_log(double x) {
    if (x != x) return x + x;
    if (x < 0) return (x - x) / (x - x);           // NaN
    if (x == 0) return -(0x1p1023 * 2.0);          // −inf
    if (x > 0x1.fffffffffffffp1023) return x;      // +inf
    double h, l;
    cpm__log_dd(x, &h, &l);
    return h;
}

/// log(1 + x), accurate near 0. Error ≤ 0.5 ulp + 2^−60 relative class; log1p(−1) = −inf.
static inline double cpm_log1p(double x) {
    if (x != x) return x + x;
    if (x < -1.0) return (x - x) / (x - x);
    if (x == -1.0) return -(0x1p1023 * 2.0);       // −inf
    if (x > 0x1.fffffffffffffp1023) return x;
    double ax = x < 0 ? -x : x;
    if (ax < 0x1p-54) return x;                    // keeps −0; log1p(x) = x − x²/2 rounds to x
    double h, l;
    if (x > -0x1.2bec333018867p-2 && x < 0x1.a827999fcef32p-2) {  // 1 + x ∈ (√½, √2): f = x exactly
        cpm__log_dd_kernel(0, x, 0.0, &h, &l);
        return h;
    }
    double u = 1.0 + x;
    double c = (u > 2.0) ? (1.0 - (u - x)) : (x - (u - 1.0));   // 1 + x = u + c exactly (x < 2^53)
    int64_t k; double m;
    cpm__decompose(u, &k, &m);
    cpm__log_dd_kernel(k, m - 1.0, c / u, &h, &l);  // log(u + c) ≈ log u + c/u
    return h;
}

/// log₁₀ x = log x · (1/ln 10) in double-double; exact powers of ten give exact integers.
static inline double cpm_log10(double x) {
    if (x != x || x <= 0 || x > 0x1.fffffffffffffp1023) return cpm_log(x);
    double h, l, p, pe;
    cpm__log_dd(x, &h, &l);
    cpm__two_prod(h, 0x1.bcb7b1526e50ep-2, &p, &pe);
    return p + (pe + h * 0x1.95355baaafad3p-57 + l * 0x1.bcb7b1526e50ep-2);
}

// MARK: pow (Double)

/// True when y is an integer (|y| ≥ 2^52 always is).
static inline int cpm__is_integer(double y) {
    double a = y < 0 ? -y : y;
    if (a >= 0x1p52) return 1;
    return cpm__round(a) == a;
}
/// True when y is an odd integer.
static inline int cpm__is_odd_integer(double y) {
    double a = y < 0 ? -y : y;
    if (a >= 0x1p53 || !cpm__is_integer(a)) return 0;
    return ((int64_t)a & 1) != 0;
}

/// x^y (C99 Annex F special cases). For finite x ≠ 0: |x|^y = e^(y·log|x|) with the logarithm
/// and the product as double-doubles, negative x allowed for integer y. y = 2 returns x·x and
/// y = 1 returns x (what every correctly rounded libm gives). Error ≤ 1 ulp for |y·log x| ≤ 709.
static inline double cpm_pow(double x, double y) {
    if (y == 0) return 1.0;
    if (x == 1.0) return 1.0;
    if (x != x || y != y) return x + y;
    if (y == 1.0) return x;
    if (y == 2.0) return x * x;
    double ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    double inf = 0x1p1023 * 2.0;
    int odd = cpm__is_odd_integer(y);
    if (ay > 0x1.fffffffffffffp1023) {             // y = ±inf
        if (ax == 1.0) return 1.0;
        return ((ax > 1.0) == (y > 0)) ? inf : 0.0;
    }
    if (x == 0) {
        if (y < 0) return odd ? 1.0 / x : inf;
        return odd ? x : 0.0;
    }
    if (ax > 0x1.fffffffffffffp1023) {             // x = ±inf
        double r = y < 0 ? 0.0 : inf;
        return (x < 0 && odd) ? -r : r;
    }
    if (x < 0 && !cpm__is_integer(y)) return (x - x) / (x - x);   // NaN
    double sign = (x < 0 && odd) ? -1.0 : 1.0;
    double h, l;
    cpm__log_dd(ax, &h, &l);
    double th, tl;
    if (ay > 0x1p900) {                            // product surely outside the finite range
        return sign * (((h > 0) == (y > 0)) ? inf : 0.0);
    }
    cpm__two_prod(y, h, &th, &tl);
    tl += y * l;
    if (th > 710.0) return sign * inf;
    if (th < -746.0) return sign * 0.0;
    double s, e;
    cpm__fast_two_sum(th, tl, &s, &e);
    return sign * cpm__exp_dd(s, e);
}

// MARK: sin, cos (Double)

/// x = q·π/2 + (rh + rl), |rh| ≤ π/4 (+ tiny). Exact-enough for |q| ≤ 2^20.
static inline void cpm__reduce_pio2(double x, double *rh, double *rl, int64_t *q) {
    double kd = cpm__round(x * 0x1.45f306dc9c883p-1);
    double a = x - kd * 0x1.921fb54400000p+0;      // exact (33-bit head, Sterbenz)
    double w, we;
    cpm__two_sum(a, -(kd * 0x1.0b4611a600000p-34), &w, &we);   // product exact (33-bit part)
    double lo = we - kd * 0x1.3198a2e037073p-69;
    cpm__two_sum(w, lo, rh, rl);
    *q = (int64_t)kd;
}

/// sin(rh + rl) for |rh| ≤ π/4: Taylor to degree 19.
static inline double cpm__sin_kernel(double rh, double rl) {
    double z = rh * rh;
    double p = -0x1.5555555555555p-3 + z * (0x1.1111111111111p-7 + z * (-0x1.a01a01a01a01ap-13
             + z * (0x1.71de3a556c734p-19 + z * (-0x1.ae64567f544e4p-26 + z * (0x1.6124613a86d09p-33
             + z * (-0x1.ae7f3e733b81fp-41 + z * (0x1.952c77030ad4ap-49 + z * -0x1.2f49b46814157p-57)))))));
    return rh + (rh * z * p + rl * (1.0 - 0.5 * z));
}

/// cos(rh + rl) for |rh| ≤ π/4: Taylor to degree 20, 1 − r²/2 summed without losing its error.
static inline double cpm__cos_kernel(double rh, double rl) {
    double zh, zl;
    cpm__two_prod(rh, rh, &zh, &zl);
    double z = zh;
    double p = 0x1.5555555555555p-5 + z * (-0x1.6c16c16c16c17p-10 + z * (0x1.a01a01a01a01ap-16
             + z * (-0x1.27e4fb7789f5cp-22 + z * (0x1.1eed8eff8d898p-29 + z * (-0x1.93974a8c07c9dp-37
             + z * (0x1.ae7f3e733b81fp-45 + z * (-0x1.6827863b97d97p-53 + z * 0x1.e542ba4020225p-62)))))));
    double hz = 0.5 * zh;
    double w = 1.0 - hz;
    return w + ((((1.0 - w) - hz) - 0.5 * zl) + (z * z * p - rh * rl));
}

/// sin x. Error ≤ 1 ulp for |x| ≤ 2^20·π/2 (≈ 1.6e6); larger |x|: deterministic, less accurate.
/// sin(±inf) = NaN.
static inline double cpm_sin(double x) {
    double ax = x < 0 ? -x : x;
    if (!(ax <= 0x1.fffffffffffffp1023)) return x - x;   // NaN, ±inf
    if (ax < 0x1p-27) return x;
    double rh, rl; int64_t q;
    cpm__reduce_pio2(x, &rh, &rl, &q);
    switch (q & 3) {
    case 0: return cpm__sin_kernel(rh, rl);
    case 1: return cpm__cos_kernel(rh, rl);
    case 2: return -cpm__sin_kernel(rh, rl);
    default: return -cpm__cos_kernel(rh, rl);
    }
}

/// cos x. Error ≤ 1 ulp for |x| ≤ 2^20·π/2 (≈ 1.6e6); larger |x|: deterministic, less accurate.
/// cos(±inf) = NaN.
static inline double cpm_cos(double x) {
    double ax = x < 0 ? -x : x;
    if (!(ax <= 0x1.fffffffffffffp1023)) return x - x;
    if (ax < 0x1p-27) return 1.0;
    double rh, rl; int64_t q;
    cpm__reduce_pio2(x, &rh, &rl, &q);
    switch (q & 3) {
    case 0: return cpm__cos_kernel(rh, rl);
    case 1: return -cpm__sin_kernel(rh, rl);
    case 2: return -cpm__cos_kernel(rh, rl);
    default: return cpm__sin_kernel(rh, rl);
    }
}

// MARK: tanh (Double)

/// tanh x from expm1; tanh(±inf) = ±1, odd (keeps −0).
static inline double cpm_tanh(double x) {
    if (x != x) return x + x;
    double ax = x < 0 ? -x : x;
    double t;
    if (ax > 22.0) t = 1.0;                        // 1 − tanh(22) < 2^−63
    else if (ax < 0x1p-28) return x;               // tanh x = x − x³/3 rounds to x
    else if (ax >= 1.0) { double e = cpm_expm1(2.0 * ax); t = 1.0 - 2.0 / (e + 2.0); }
    else { double e = cpm_expm1(-2.0 * ax); t = -e / (e + 2.0); }
    return x < 0 ? -t : t;
}

// MARK: atan, atan2 (Double)

/// atan t for |t| ≤ 7/16 by its Taylor series t − t³/3 + t⁵/5 − …, 30 terms in Horner form in t²
/// (the first omitted term is below 0.4375⁶¹/61 ≈ 2e-24, far under half an ulp of t).
static inline double cpm__atan_series(double t) {
    double z = t * t;
    double p = 0.0;
    for (int k = 59; k >= 3; k -= 2) {
        p = (((k >> 1) & 1) ? -1.0 : 1.0) / (double)k + z * p;
    }
    return t + t * (z * p);
}

/// atan x (radians), odd, atan(±inf) = ±π/2. The argument is reduced to |t| ≤ 7/16 with
/// atan a = atan c + atan((a − c)/(1 + a·c)) at c ∈ {0, ½, 1, 3/2, ∞}, the usual breakpoints;
/// atan c is a double-double constant (computed with mpmath at 300 bits).
static inline double cpm_atan(double x) {
    if (x != x) return x + x;
    double a = x < 0 ? -x : x;
    double hi, lo, t;
    if (a < 0x1p-27) return x;                                 // atan x = x − x³/3 rounds to x
    if (a < 0.4375) { return x < 0 ? -cpm__atan_series(a) : cpm__atan_series(a); }
    if (a < 0.6875) { hi = 0x1.dac670561bb4fp-2; lo = 0x1.a2b7f222f65e2p-56; t = (2.0 * a - 1.0) / (2.0 + a); }
    else if (a < 1.1875) { hi = 0x1.921fb54442d18p-1; lo = 0x1.1a62633145c07p-55; t = (a - 1.0) / (a + 1.0); }
    else if (a < 2.4375) { hi = 0x1.f730bd281f69bp-1; lo = 0x1.007887af0cbbdp-56; t = (a - 1.5) / (1.0 + 1.5 * a); }
    else { hi = 0x1.921fb54442d18p+0; lo = 0x1.1a62633145c07p-54; t = a > 0x1p60 ? 0.0 : -1.0 / a; }
    double r = hi + (lo + cpm__atan_series(t));
    return x < 0 ? -r : r;
}

/// atan2(y, x): the angle of the point (x, y) in (−π, π], with C99's signed zeros and infinities.
static inline double cpm_atan2(double y, double x) {
    const double pi_hi = 0x1.921fb54442d18p+1, pi_lo = 0x1.1a62633145c07p-53;
    const double pio2_hi = 0x1.921fb54442d18p+0;
    const double pio4_hi = 0x1.921fb54442d18p-1;
    const double inf = cpm_from_bits(0x7ff0000000000000ULL);
    if (x != x || y != y) return x + y;
    int ysign = cpm_bits(y) >> 63, xsign = cpm_bits(x) >> 63;
    double ay = y < 0 ? -y : y, ax = x < 0 ? -x : x;
    double r;
    if (ay == 0.0) {                                          // on the x axis
        r = xsign ? pi_hi : 0.0;
    } else if (ax == 0.0) {
        r = pio2_hi;
    } else if (ax == inf && ay == inf) {
        r = xsign ? 3.0 * pio4_hi : pio4_hi;
    } else if (ax == inf) {
        r = xsign ? pi_hi : 0.0;
    } else if (ay == inf) {
        r = pio2_hi;
    } else {
        double q = cpm_atan(ay / ax);                         // in [0, π/2]
        r = xsign ? (pi_hi - q) + pi_lo : q;
    }
    return ysign ? -r : r;
}

// MARK: Float: exp, log, sigmoid, tanh

/// e^r · 2^n pieces of the Cephes `expf` scheme for x already in range: returns e^r, sets the
/// biased-exponent integer trick value `t` (n sits in its low mantissa bits).
static inline float cpm__expf_core(float x, float *tOut) {
    // Adding 1.5·2^23 rounds x·log₂e to the nearest integer n, which then sits in the low
    // mantissa bits of t: no float→int conversion needed.
    float t = x * 0x1.715476p+0f + 0x1.8p23f;
    float n = t - 0x1.8p23f;
    float r = x - n * 0x1.63p-1f + n * 0x1.bd0106p-13f;   // ln 2 = 0.693359375 − 2.12194440e−4
    float p = 0x1.a0d2cep-13f;                            // Cephes minimax coefficients
    p = p * r + 0x1.6e879cp-10f;
    p = p * r + 0x1.11121p-7f;
    p = p * r + 0x1.555382p-5f;
    p = p * r + 0x1.555554p-3f;
    p = p * r + 0x1p-1f;
    *tOut = t;
    return p * (r * r) + r + 1.0f;
}

/// e^x with x clamped to [−87, 88] (2^n stays a normal float): exp(x < −87) = e^−87 and
/// exp(x > 88) = e^88. The form SeqKit's activations always used; branch-free, vectorises.
static inline float cpm_expf_clamped(float input) {
    float x = input < -87.0f ? -87.0f : input;
    x = x > 88.0f ? 88.0f : x;
    float t;
    float er = cpm__expf_core(x, &t);
    float twoToN = cpm_from_bitsf((cpm_bitsf(t) - 0x4B400000u + 127u) << 23);
    return er * twoToN;
}

/// e^x for every float: the same arithmetic as cpm_expf_clamped on [−87, 88] (identical bits),
/// with 2^n applied in two exact factors beyond, so exp(x) overflows to inf above ≈ 88.72 and
/// gives subnormals down to ≈ −103.9 and 0 below. Error ≤ 2 ulp on normal results (test-checked).
static inline float cpm_expf(float input) {
    float x = input < -104.0f ? -104.0f : input;
    x = x > 89.0f ? 89.0f : x;
    float t;
    float er = cpm__expf_core(x, &t);
    int32_t n = (int32_t)(cpm_bitsf(t) - 0x4B400000u);
    int32_t n1 = n / 2, n2 = n - n1;
    float s1 = cpm_from_bitsf((uint32_t)(n1 + 127) << 23);
    float s2 = cpm_from_bitsf((uint32_t)(n2 + 127) << 23);
    return (er * s1) * s2;
}

/// σ(x) = 1 / (1 + e^(−x)) with the clamped exp (as SeqKit always computed it).
static inline float cpm_sigmoidf(float x) { return 1.0f / (1.0f + cpm_expf_clamped(-x)); }

/// tanh x = sign(x)·(1 − e^(−2|x|)) / (1 + e^(−2|x|)); the negative exponent never overflows.
/// Near 0 the absolute error is about one ulp of 1 (≈ 6e−8), so its relative error is large there.
static inline float cpm_tanhf(float x) {
    float ax = cpm_from_bitsf(cpm_bitsf(x) & 0x7fffffffu);
    float e = cpm_expf_clamped(-2.0f * ax);
    float m = (1.0f - e) / (1.0f + e);
    return cpm_from_bitsf((cpm_bitsf(m) & 0x7fffffffu) | (cpm_bitsf(x) & 0x80000000u));
}

/// Natural logarithm in float: x = 2^k·m, m ∈ [√½, √2), log(1+f) = f − f²/2 + s·(f²/2 + R),
/// s = f/(2 + f), R = Σ 2s^(2j)/(2j+1) (Taylor, 5 terms). Error ≤ 2 ulp (test-checked).
static inline float cpm_logf(float x) {
    if (x != x) return x + x;
    if (x < 0) return (x - x) / (x - x);
    if (x == 0) return -(0x1p127f * 2.0f);         // −inf
    if (x > 0x1.fffffep127f) return x;
    int32_t adj = 0;
    if (x < 0x1p-126f) { x *= 0x1p25f; adj = -25; }
    uint32_t b = cpm_bitsf(x);
    int32_t k = (int32_t)(b >> 23) - 127 + adj;
    float m = cpm_from_bitsf((b & 0x007fffffu) | 0x3f800000u);
    if (m > 0x1.6a09e6p+0f) { m *= 0.5f; k += 1; }
    float f = m - 1.0f;
    float s = f / (2.0f + f);
    float z = s * s;
    float R = z * (0.666666666666666667f + z * (0.4f + z * (0.285714285714285714f
            + z * (0.222222222222222222f + z * 0.181818181818181818f))));
    float hfsq = 0.5f * f * f;
    float kf = (float)k;
    return kf * 0x1.62e4p-1f - ((hfsq - (s * (hfsq + R) + kf * 0x1.7f7d1cf79abcap-20f)) - f);
}

#endif
