// An LSTM layer's recurrence, forward and backward, for SeqKit's LSTM (Sources/SeqKit/LSTM.swift
// holds the equations). Each time step is a product with the packed recurrent kernel and an
// elementwise part; both live here so that
//   - the elementwise part runs on the vector instructions found at run time (lstm_cells.inc),
//     also in a binary built for the baseline CPU, and
//   - two threads can share the layer without meeting once per step: the rows of a batch are
//     independent sequences, so each thread runs every step for its half of the rows.
// Neither changes a bit: each product element is the canonical chain of CSeqKitKernels.h
// whatever rows are computed with it, and every elementwise value is computed on its own.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CSeqKitKernels.h"
#include "internal.h"
#include "CPortableMath.h"

#include <stdio.h>
#include <stdlib.h>

#define SK_ID portable
#define SK_TARGET
#include "lstm_cells.inc"

#if defined(__x86_64__)
#define SK_ID avx2
#define SK_TARGET __attribute__((target("avx2,fma")))
#include "lstm_cells.inc"

#define SK_ID avx512
#define SK_TARGET __attribute__((target("avx512f,avx2,fma")))
#include "lstm_cells.inc"
#endif

typedef void (*sk_cells_forward_fn)(long, long, float *, const float *, float *, float *, float *);
typedef void (*sk_cells_backward_fn)(long, long, const float *, const float *, long, const float *,
                                     const float *, const float *, float *, float *, float *);

static sk_cells_forward_fn sk_cells_forward(int kernel) {
#if defined(__x86_64__)
    if (kernel == SK_KERNEL_AVX512) return sk_lstm_cells_forward_avx512;
    if (kernel == SK_KERNEL_AVX2) return sk_lstm_cells_forward_avx2;
#endif
    (void)kernel;
    return sk_lstm_cells_forward_portable;
}

static sk_cells_backward_fn sk_cells_backward(int kernel) {
#if defined(__x86_64__)
    if (kernel == SK_KERNEL_AVX512) return sk_lstm_cells_backward_avx512;
    if (kernel == SK_KERNEL_AVX2) return sk_lstm_cells_backward_avx2;
#endif
    (void)kernel;
    return sk_lstm_cells_backward_portable;
}

static float *sk_zeroed(size_t count) {
    float *p = calloc(count ? count : 1, sizeof(float));
    if (!p) {
        fprintf(stderr, "SeqKit: out of memory for %zu floats of LSTM state\n", count);
        abort();
    }
    return p;
}

/// Rows [r0, r1) of the batch for part `part` of `parts`.
static void sk_part_rows(long nb, int part, int parts, long *r0, long *r1) {
    const long half = (nb + 1) / 2;
    *r0 = parts == 1 || part == 0 ? 0 : half;
    *r1 = parts == 1 || part == 1 ? nb : half;
}

/// Whether a recurrence of this size is split between two threads: the threads meet once per
/// call, so a few hundred microseconds of work is enough (below that, waking the worker costs
/// more than it saves).
static int sk_split(long nt, long nb, long h) {
    return sk_threads_in_use() >= 2 && nb >= 2 && nt * nb * 4 * h * h >= 256L * 1024;
}

typedef struct {
    long nt, nb, h;
    float *z;
    const float *bias;
    const sk_packed_b *u;
    float *cells, *tanh_cells, *hiddens;
    sk_cells_forward_fn cells_forward;
    int parts;
} sk_lstm_forward_task;

static void sk_lstm_forward_part(void *arg, int part) {
    const sk_lstm_forward_task *t = arg;
    const long nb = t->nb, h = t->h, g4 = 4 * h;
    long r0, r1;
    sk_part_rows(nb, part, t->parts, &r0, &r1);
    if (r0 >= r1) return;
    const long rows = r1 - r0;
    for (long s = 0; s < t->nt; s++) {
        float *zt = t->z + (s * nb + r0) * g4;
        // z_t = (x_t · W + b) + h_{t−1} · U: the bias first, then the recurrent term.
        for (long r = 0; r < rows; r++)
            for (long j = 0; j < g4; j++) zt[r * g4 + j] = zt[r * g4 + j] + t->bias[j];
        if (s > 0)
            sk_gemm_packed_here(0, rows, t->hiddens + ((s - 1) * nb + r0) * h, h, t->u, zt, g4, 1);
        const float *c_prev = s > 0 ? t->cells + ((s - 1) * nb + r0) * h : 0;
        const long at = (s * nb + r0) * h;
        t->cells_forward(rows, h, zt, c_prev, t->cells + at, t->tanh_cells + at, t->hiddens + at);
    }
}

void sk_lstm_forward(long nt, long nb, long h, float *z, const float *bias, const sk_packed_b *u,
                     float *cells, float *tanh_cells, float *hiddens) {
    if (nt <= 0 || nb <= 0 || h <= 0) return;
    sk_lstm_forward_task task = {nt, nb, h, z, bias, u, cells, tanh_cells, hiddens,
                                 sk_cells_forward(sk_kernel_in_use()), sk_split(nt, nb, h) ? 2 : 1};
    if (task.parts == 2 && sk_run_pair(sk_lstm_forward_part, &task)) return;
    for (int part = 0; part < task.parts; part++) sk_lstm_forward_part(&task, part);
}

typedef struct {
    long nt, nb, h;
    const float *gates, *cells, *tanh_cells, *above;
    int above_every_step;
    const sk_packed_b *ut;
    float *dz, *dh_total, *dh_next, *dc_next;
    const float *zero;
    sk_cells_backward_fn cells_backward;
    int parts;
} sk_lstm_backward_task;

static void sk_lstm_backward_part(void *arg, int part) {
    const sk_lstm_backward_task *t = arg;
    const long nb = t->nb, h = t->h, g4 = 4 * h;
    long r0, r1;
    sk_part_rows(nb, part, t->parts, &r0, &r1);
    if (r0 >= r1) return;
    const long rows = r1 - r0;
    for (long s = t->nt - 1; s >= 0; s--) {
        const long r = s * nb + r0;
        const float *above = t->above_every_step ? t->above + r * h
                           : s == t->nt - 1 ? t->above + r0 * h : 0;
        const float *c_prev = s > 0 ? t->cells + (r - nb) * h : t->zero;
        t->cells_backward(rows, h, t->gates + r * g4, c_prev, s > 0 ? h : 0, t->tanh_cells + r * h, above,
                          t->dh_next + r0 * h, t->dc_next + r0 * h, t->dz + r * g4, t->dh_total + r * h);
        // ∂h_{t−1} = ∂z_t · Uᵀ: (rows, 4H) x (4H, H) -> (rows, H)
        if (s > 0) sk_gemm_packed_here(0, rows, t->dz + r * g4, g4, t->ut, t->dh_next + r0 * h, h, 0);
    }
}

void sk_lstm_backward(long nt, long nb, long h, const float *gates, const float *cells,
                      const float *tanh_cells, const float *above, int above_every_step,
                      const sk_packed_b *ut, float *dz, float *dh_total) {
    if (nt <= 0 || nb <= 0 || h <= 0) return;
    float *dh_next = sk_zeroed((size_t)(nb * h)), *dc_next = sk_zeroed((size_t)(nb * h));
    float *zero = sk_zeroed((size_t)h);
    sk_lstm_backward_task task = {nt, nb, h, gates, cells, tanh_cells, above, above_every_step, ut,
                                  dz, dh_total, dh_next, dc_next, zero,
                                  sk_cells_backward(sk_kernel_in_use()), sk_split(nt, nb, h) ? 2 : 1};
    if (!(task.parts == 2 && sk_run_pair(sk_lstm_backward_part, &task)))
        for (int part = 0; part < task.parts; part++) sk_lstm_backward_part(&task, part);
    free(dh_next); free(dc_next); free(zero);
}
