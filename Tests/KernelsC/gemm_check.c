// Stand-alone check of CSeqKitKernels: every kernel this CPU runs × 1 and 2 threads × all
// transposes × accumulate or not × awkward sizes, against the canonical chain written plainly
// (fmaf in increasing k from +0). Equality is bit for bit: that is the contract of
// CSeqKitKernels.h. Built and run by run-aarch64.sh under qemu for the NEON path, which the
// x86-64 machines cannot run natively; `swift test` covers the x86 paths (GemmTests.swift).
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CSeqKitKernels.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float next_uniform(unsigned *state) {
    *state = *state * 1664525u + 1013904223u;
    return (float)(*state >> 8) / 16777216.0f * 2.0f - 1.0f;
}

static void reference(int ta, int tb, long m, long n, long k, const float *a, long lda,
                      const float *b, long ldb, float *c, long ldc, int accumulate) {
    for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) {
            float acc = 0;
            for (long p = 0; p < k; p++)
                acc = fmaf(ta ? a[p * lda + i] : a[i * lda + p], tb ? b[j * ldb + p] : b[p * ldb + j], acc);
            c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc : acc;
        }
}

int main(void) {
    const long sizes[] = {1, 5, 17, 31, 33, 64, 100};
    const int count = sizeof sizes / sizeof sizes[0];
    int cases = 0, failures = 0;
    for (int kernel = 1; kernel < SK_KERNEL_COUNT; kernel++) {
        if (!sk_kernel_supported(kernel)) continue;
        printf("kernel %s\n", sk_kernel_name(kernel));
        for (int threads = 1; threads <= 2; threads++)
        for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++)
        for (int accumulate = 0; accumulate < 2; accumulate++)
        for (int x = 0; x < count; x++)
        for (int y = 0; y < count; y++)
        for (int z = 0; z < count; z += 2) {
            const long m = sizes[x], n = sizes[y], k = sizes[z];
            const long lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
            const long na = (ta ? k : m) * lda, nb = (tb ? n : k) * ldb, nc = m * ldc;
            float *a = malloc(sizeof(float) * na), *b = malloc(sizeof(float) * nb);
            float *want = malloc(sizeof(float) * nc), *got = malloc(sizeof(float) * nc);
            unsigned state = (unsigned)(m * 7 + n * 13 + k);
            for (long i = 0; i < na; i++) a[i] = next_uniform(&state);
            for (long i = 0; i < nb; i++) b[i] = next_uniform(&state);
            for (long i = 0; i < nc; i++) want[i] = got[i] = next_uniform(&state);
            reference(ta, tb, m, n, k, a, lda, b, ldb, want, ldc, accumulate);
            sk_gemm_with(kernel, threads, ta, tb, m, n, k, a, lda, b, ldb, got, ldc, accumulate);
            cases++;
            if (memcmp(want, got, sizeof(float) * nc) != 0) {
                failures++;
                printf("MISMATCH %s threads=%d ta=%d tb=%d accumulate=%d m=%ld n=%ld k=%ld\n",
                       sk_kernel_name(kernel), threads, ta, tb, accumulate, m, n, k);
            }
            free(a); free(b); free(want); free(got);
        }
    }
    printf("%d passed, %d failed\n", cases - failures, failures);
    return failures != 0;
}
