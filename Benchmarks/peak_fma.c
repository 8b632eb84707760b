// Measures this machine's single-core fused-multiply-add peak in GFLOP/s (Float32), for every
// vector width the compiler was allowed to use (Benchmarks/run.sh builds it with the system C
// compiler for the host CPU: -march=native on x86-64, -mcpu=native on arm64).
//
//   cc -O2 -march=native Benchmarks/peak_fma.c -o peak_fma && ./peak_fma [seconds-per-trial]
//
// Method: N independent accumulator chains acc_i = acc_i * a + b, each a vector FMA. One FMA
// unit retires a new FMA per cycle only if N >= latency x units (4 x 2 on current x86 cores,
// 4 x 4 on large arm64 cores), so N is tried at several values up to what the register file
// holds, and the best is kept. One FMA of W lanes counts as 2·W FLOPs. Each (width, N) is timed
// in several trials of ~0.1 s of process CPU time; the best trial counts (on a shared machine
// interference only ever makes a trial slower). Output, one line per width, then the peak:
//   width <bits> chains <N> gflops <x>
//   peak <bits> <gflops>
// The arithmetic is benchmark-only and never printed as a result, but it uses explicit FMA
// intrinsics only, so contraction cannot change what is timed.
#ifdef __clang__
#pragma clang fp contract(off)
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// Sink for the accumulators, and the operands read through volatiles, so the compiler can
// neither fold the chains into a constant nor drop them.
static volatile float sink;
static volatile float multiplier = 0.9999999f, addend = 1e-7f, start = 1.0f;

// One kernel per (vector type, chain count). The chains are written out (not an array) so they
// stay in registers; the inner loop runs 64 rounds of N FMAs.
#define ACC_DECL(V, SET1, i) V acc##i = SET1(start + addend * (float)(i));
#define ACC_STEP(FMA, i) acc##i = FMA(acc##i, a, b);

#define REP8(M, ...) M(__VA_ARGS__, 0) M(__VA_ARGS__, 1) M(__VA_ARGS__, 2) M(__VA_ARGS__, 3) \
                     M(__VA_ARGS__, 4) M(__VA_ARGS__, 5) M(__VA_ARGS__, 6) M(__VA_ARGS__, 7)
#define REP8B(M, ...) M(__VA_ARGS__, 8) M(__VA_ARGS__, 9) M(__VA_ARGS__, 10) M(__VA_ARGS__, 11) \
                      M(__VA_ARGS__, 12) M(__VA_ARGS__, 13) M(__VA_ARGS__, 14) M(__VA_ARGS__, 15)
#define REP4C(M, ...) M(__VA_ARGS__, 16) M(__VA_ARGS__, 17) M(__VA_ARGS__, 18) M(__VA_ARGS__, 19)
#define REP4D(M, ...) M(__VA_ARGS__, 20) M(__VA_ARGS__, 21) M(__VA_ARGS__, 22) M(__VA_ARGS__, 23)
#define REP4E(M, ...) M(__VA_ARGS__, 8) M(__VA_ARGS__, 9) M(__VA_ARGS__, 10) M(__VA_ARGS__, 11)

#define KERNEL(NAME, V, SET1, FMA, HSUM, REPS)                                     \
    static float NAME(long iterations) {                                           \
        V a = SET1(multiplier), b = SET1(addend);                                   \
        REPS(ACC_DECL, V, SET1)                                                    \
        for (long n = 0; n < iterations; n++) {                                    \
            for (int r = 0; r < 64; r++) { REPS(ACC_STEP, FMA) }                   \
            __asm__ volatile("" : : : "memory");                                   \
        }                                                                          \
        V total = acc0;                                                            \
        REPS(ACC_SUM, V, HSUM)                                                     \
        return HSUM(total);                                                        \
    }
#define ACC_SUM(V, HSUM, i) total = total + acc##i;   /* vector add, outside the timed loop */

#define CHAINS_8(M, ...)  REP8(M, __VA_ARGS__)
#define CHAINS_12(M, ...) REP8(M, __VA_ARGS__) REP4E(M, __VA_ARGS__)
#define CHAINS_16(M, ...) REP8(M, __VA_ARGS__) REP8B(M, __VA_ARGS__)
#define CHAINS_24(M, ...) REP8(M, __VA_ARGS__) REP8B(M, __VA_ARGS__) REP4C(M, __VA_ARGS__) REP4D(M, __VA_ARGS__)

typedef float (*kernel_fn)(long);
struct kernel { int bits, lanes, chains; kernel_fn run; };

#if defined(__AVX512F__)
static float hsum512(__m512 v) { return _mm512_reduce_add_ps(v); }
KERNEL(k512_12, __m512, _mm512_set1_ps, _mm512_fmadd_ps, hsum512, CHAINS_12)
KERNEL(k512_16, __m512, _mm512_set1_ps, _mm512_fmadd_ps, hsum512, CHAINS_16)
KERNEL(k512_24, __m512, _mm512_set1_ps, _mm512_fmadd_ps, hsum512, CHAINS_24)
#endif
#if defined(__AVX2__) && defined(__FMA__)
static float hsum256(__m256 v) { float t[8]; _mm256_storeu_ps(t, v); float s = 0; for (int i = 0; i < 8; i++) s += t[i]; return s; }
KERNEL(k256_8, __m256, _mm256_set1_ps, _mm256_fmadd_ps, hsum256, CHAINS_8)
KERNEL(k256_12, __m256, _mm256_set1_ps, _mm256_fmadd_ps, hsum256, CHAINS_12)
#if defined(__AVX512F__)   /* 32 vector registers: more chains fit */
KERNEL(k256_16, __m256, _mm256_set1_ps, _mm256_fmadd_ps, hsum256, CHAINS_16)
#endif
#endif
#if defined(__aarch64__)
static float hsum128(float32x4_t v) { return vaddvq_f32(v); }
static float32x4_t fma128(float32x4_t acc, float32x4_t a, float32x4_t b) { return vfmaq_f32(b, acc, a); }
KERNEL(k128_12, float32x4_t, vdupq_n_f32, fma128, hsum128, CHAINS_12)
KERNEL(k128_16, float32x4_t, vdupq_n_f32, fma128, hsum128, CHAINS_16)
KERNEL(k128_24, float32x4_t, vdupq_n_f32, fma128, hsum128, CHAINS_24)
#endif

static const struct kernel kernels[] = {
#if defined(__AVX512F__)
    {512, 16, 12, k512_12}, {512, 16, 16, k512_16}, {512, 16, 24, k512_24},
#endif
#if defined(__AVX2__) && defined(__FMA__)
    {256, 8, 8, k256_8}, {256, 8, 12, k256_12},
#if defined(__AVX512F__)
    {256, 8, 16, k256_16},
#endif
#endif
#if defined(__aarch64__)
    {128, 4, 12, k128_12}, {128, 4, 16, k128_16}, {128, 4, 24, k128_24},
#endif
};

int main(int argc, char **argv) {
    double trial = argc > 1 ? atof(argv[1]) : 0.1;
    int count = (int)(sizeof kernels / sizeof kernels[0]);
    if (count == 0) {
        printf("# no vector FMA enabled for this compiler target\npeak 0 0\n");
        return 0;
    }
    int best_bits = 0; double best = 0;
    int last_bits = -1; double width_best = 0; int width_chains = 0;
    for (int k = 0; k <= count; k++) {
        if (k == count || kernels[k].bits != last_bits) {
            if (last_bits > 0) printf("width %d chains %d gflops %.1f\n", last_bits, width_chains, width_best);
            if (k == count) break;
            last_bits = kernels[k].bits; width_best = 0;
        }
        const struct kernel *kn = &kernels[k];
        // Calibrate the iteration count to about one trial's length.
        long iters = 1000;
        for (;;) {
            double t0 = cpu_seconds(); sink = kn->run(iters); double dt = cpu_seconds() - t0;
            if (dt > trial / 4) { iters = (long)(iters * trial / dt) + 1; break; }
            iters *= 4;
        }
        for (int t = 0; t < 7; t++) {
            double t0 = cpu_seconds(); sink = kn->run(iters); double dt = cpu_seconds() - t0;
            double flops = 2.0 * kn->lanes * kn->chains * 64.0 * (double)iters;
            double g = flops / dt * 1e-9;
            if (g > width_best) { width_best = g; width_chains = kn->chains; }
            if (g > best) { best = g; best_bits = kn->bits; }
        }
    }
    printf("peak %d %.1f\n", best_bits, best);
    return 0;
}
