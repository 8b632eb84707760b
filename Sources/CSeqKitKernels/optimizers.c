// The optimizers' elementwise updates (Sources/SeqKit/Optimizers.swift calls these).
//
// Why C: the loops run on every parameter after every batch. Here they vectorise with no
// aliasing doubt (restrict) and no libm call (the square root is the IEEE operation, correctly
// rounded on every CPU), in a dependent package's build as in this repository's. Each element is
// computed alone with the operations in the order written, contraction off, so the vector width
// changes no bit.
//
// Why the flush: an optimizer's state decays geometrically while a gradient is zero (an unused
// embedding row, a unit that no longer fires, a model that fits its batch exactly). In IEEE
// arithmetic it then becomes subnormal and stays there: for m = k·2⁻¹⁴⁹ with k ≤ 4, m + 0.1·(0 − m)
// rounds back to m, so m never reaches zero. Every later step then computes with subnormals,
// which many x86 CPUs handle in microcode at about a hundred cycles an operation (measured on an
// Intel Xeon: a batch-1 LSTM training step 4× slower, three quarters of its time in Adam).
// Setting the CPU's flush-to-zero mode would change every other computation of the process too,
// so the rule is in the arithmetic instead, the same on every CPU: a gradient, momentum or
// moment smaller than 2⁻⁶⁰ (≈ 8.7e-19) in magnitude counts as zero. With every nonzero input at
// least 2⁻⁶⁰, the products and differences of the updates stay normal except after a rare exact
// cancellation. An update that small moves no weight larger than about 1e-10 by a bit.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CSeqKitKernels.h"

/// x, or +0 when |x| < 2⁻⁶⁰.
static inline float sk_flush(float x) {
    return __builtin_fabsf(x) < 0x1p-60f ? 0.0f : x;
}

void sk_adam_step(long n, float *restrict w, const float *restrict g, float *restrict m,
                  float *restrict v, float alpha, float one_minus_beta1, float one_minus_beta2,
                  float epsilon) {
    for (long i = 0; i < n; i++) {
        const float gi = sk_flush(g[i]);
        const float mi = sk_flush(m[i] + one_minus_beta1 * (gi - m[i]));
        const float vi = sk_flush(v[i] + one_minus_beta2 * (gi * gi - v[i]));
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] - alpha * mi / (__builtin_elementwise_sqrt(vi) + epsilon);
    }
}

void sk_sgd_step(long n, float *restrict w, const float *restrict g, float *restrict velocity,
                 float momentum, float learning_rate) {
    for (long i = 0; i < n; i++) {
        const float vi = sk_flush(momentum * velocity[i] - learning_rate * g[i]);
        velocity[i] = vi;
        w[i] = w[i] + vi;
    }
}
