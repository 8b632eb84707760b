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

#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define SK_ID portable
#define SK_TARGET
#define SK_BLOCK 16
#include "lstm_cells.inc"

#if defined(__x86_64__)
#define SK_ID avx2
#define SK_TARGET __attribute__((target("avx2,fma")))
#define SK_BLOCK 32
#include "lstm_cells.inc"

#define SK_ID avx512
#define SK_TARGET __attribute__((target("avx512f,avx2,fma")))
#define SK_BLOCK 64
#include "lstm_cells.inc"
#endif

typedef void (*sk_cells_forward_fn)(long, long, long, long, int, float *, const float *, float *, float *,
                                    float *);
typedef void (*sk_gate_columns_fn)(long, long, long, long, float *);
typedef void (*sk_cells_backward_fn)(long, long, long, long, const float *, const float *, long, const float *,
                                     const float *, long, const float *, float *, float *, float *);

typedef struct {
    sk_cells_forward_fn forward;
    sk_gate_columns_fn gate_columns;
    sk_cells_backward_fn backward;
} sk_cells_fns;

static sk_cells_fns sk_cells(int kernel) {
#if defined(__x86_64__)
    if (kernel == SK_KERNEL_AVX512)
        return (sk_cells_fns){sk_lstm_cells_forward_avx512, sk_lstm_gate_columns_avx512, sk_lstm_cells_backward_avx512};
    if (kernel == SK_KERNEL_AVX2)
        return (sk_cells_fns){sk_lstm_cells_forward_avx2, sk_lstm_gate_columns_avx2, sk_lstm_cells_backward_avx2};
#endif
    (void)kernel;
    return (sk_cells_fns){sk_lstm_cells_forward_portable, sk_lstm_gate_columns_portable, sk_lstm_cells_backward_portable};
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

static _Thread_local int sk_lstm_stream_override;

int sk_set_lstm_stream_override(int stream) {
    if (stream < 0 || stream > 2) return -1;
    sk_lstm_stream_override = stream;
    return 0;
}

/// How two threads share a recurrence.
enum {
    SK_ONE = 1,       ///< one thread
    SK_BY_ROWS,       ///< each thread runs every step for half of the rows; they meet once per call
    SK_IN_LOCKSTEP,   ///< every step is shared: its product by column panels, its cells by units;
                      ///< the threads meet twice per step (batches of 1–3 rows)
};

static _Thread_local int sk_lstm_split_override;

int sk_set_lstm_split_override(int split) {
    if (split < 0 || split > SK_IN_LOCKSTEP) return -1;
    sk_lstm_split_override = split;
    return 0;
}

/// The split for a recurrence of this size. By rows, the threads meet once per call, so a few
/// hundred microseconds of work is enough to gain (below that, waking the worker costs more
/// than it saves); but with 1–3 rows there is little or nothing to split, and each thread would
/// read all of U at every step for one row. There the threads share every step in lock step,
/// once a step's product is large enough to pay for two meetings (nb·4h² ≥ 32 k multiply-adds).
/// Measured on a 2-core AMD EPYC (Zen 4) VM (wall ms, 2 threads, F1 T100, medians of 5): lock step
/// against one thread or rows, B1 H48 0.22/0.17, H64 0.29/0.28, H96 0.49/0.53, H128 0.73/0.98,
/// B2 H256 3.4/5.9, H512 15.3/17.4; from B4 on no gain (B4 H512 21.6/21.4, B8 H128 3.1/2.9,
/// B32 H512 156/144).
static int sk_split(long nt, long nb, long h) {
    if (sk_threads_in_use() < 2) return SK_ONE;
    if (sk_lstm_split_override) return sk_lstm_split_override;
    if (nt * nb * 4 * h * h < 256L * 1024) return SK_ONE;
    if (nb <= 3 && nb * 4 * h * h >= 32L * 1024) return SK_IN_LOCKSTEP;
    return nb >= 2 ? SK_BY_ROWS : SK_ONE;
}

/// Where two threads in lock step wait for each other: each counts the meetings it reached.
typedef struct {
    _Alignas(64) atomic_long reached[2];
    char pad[64 - 2 * sizeof(atomic_long)];
} sk_meeting;

/// Waits until the other part has reached meeting number `*count + 1` too. Everything written
/// before the meeting by either thread is visible to both after it.
static void sk_meet(sk_meeting *m, int part, long *count) {
    const long mine = ++*count;
    atomic_store(&m->reached[part], mine);
    unsigned spins = 0;
    while (atomic_load(&m->reached[1 - part]) < mine) {
        sk_pause();
        if (++spins > 4096) { sched_yield(); spins = 0; }  // the other thread lost its core
    }
}

/// Column panels [q0, q1) of a product's `panels`, for part `part` of two.
static void sk_part_panels(long panels, int part, long *q0, long *q1) {
    const long half = (panels + 1) / 2;
    *q0 = part == 0 ? 0 : half;
    *q1 = part == 0 ? half : panels;
}

/// Rows [0, m) of C = A · B for column panels [q0, q1) of the packed B (k > 0), on this thread.
static void sk_packed_panels_here(long m, const float *a, long lda, const sk_packed_b *b, float *c, long ldc,
                                  long q0, long q1) {
    if (q0 >= q1) return;
    sk_job job = {b->d, 0, 0, 0, m, b->n, b->k, a, lda, 0, 0, b->data, c, ldc};
    sk_job_run(&job, 0, m, q0, q1);
}

typedef struct {
    long nt, nb, h, nf;
    const float *x;
    const sk_packed_b *w;
    float *z;
    const float *bias;
    const sk_packed_b *u;
    float *cells, *tanh_cells, *hiddens;
    sk_cells_fns fns;
    int split;
    sk_meeting *meeting;
} sk_lstm_forward_task;

static void sk_lstm_forward_part(void *arg, int part) {
    const sk_lstm_forward_task *t = arg;
    const long nb = t->nb, h = t->h, g4 = 4 * h;
    if (t->split == SK_IN_LOCKSTEP) {
        // Per step: x_t · W, bias, product and gate activations for this part's column panels of
        // z_t (all rows); meet; the cell update for this part's half of the units (all rows); meet.
        const long nr = t->u->d->nr, panels = (g4 + nr - 1) / nr;
        long q0, q1, met = 0;
        sk_part_panels(panels, part, &q0, &q1);
        const long c0 = q0 * nr < g4 ? q0 * nr : g4, c1 = q1 * nr < g4 ? q1 * nr : g4;
        const long u0 = part == 0 ? 0 : (h + 1) / 2, u1 = part == 0 ? (h + 1) / 2 : h;
        for (long s = 0; s < t->nt; s++) {
            float *zt = t->z + s * nb * g4;
            sk_gemm_packed_pair_here(nb, t->x + s * nb * t->nf, t->nf, t->w, t->bias,
                                     s > 0 ? t->hiddens + (s - 1) * nb * h : 0, h, t->u, zt, g4, q0, q1);
            t->fns.gate_columns(nb, h, c0, c1, zt);
            sk_meet(t->meeting, part, &met);
            const long at = s * nb * h;
            t->fns.forward(nb, h, u0, u1, 0, zt, s > 0 ? t->cells + at - nb * h : 0, t->cells + at,
                             t->tanh_cells + at, t->hiddens + at);
            sk_meet(t->meeting, part, &met);
        }
        return;
    }
    long r0, r1;
    sk_part_rows(nb, part, t->split == SK_BY_ROWS ? 2 : 1, &r0, &r1);
    if (r0 >= r1) return;
    const long rows = r1 - r0, panels = (g4 + t->u->d->nr - 1) / t->u->d->nr;
    for (long s = 0; s < t->nt; s++) {
        float *zt = t->z + (s * nb + r0) * g4;
        // z_t = (x_t · W + b) + h_{t−1} · U: the input term, the bias, then the recurrent term,
        // one row panel of z_t at a time (sk_gemm_packed_pair_here), so the bias and the
        // recurrent term find the panel in L1. x_t · W is computed here, step by step: computed
        // for all steps at once before the recurrence (a 6.5 MB array of 8-term products written
        // out, then read back step by step), it took 5.3 % of an F8 H128 T50 B64 training step
        // for 2 % of its multiply-adds; per step that step was 1.03–1.08× faster.
        sk_gemm_packed_pair_here(rows, t->x + (s * nb + r0) * t->nf, t->nf, t->w, t->bias,
                                 s > 0 ? t->hiddens + ((s - 1) * nb + r0) * h : 0, h, t->u, zt, g4, 0, panels);
        const float *c_prev = s > 0 ? t->cells + ((s - 1) * nb + r0) * h : 0;
        const long at = (s * nb + r0) * h;
        t->fns.forward(rows, h, 0, h, 1, zt, c_prev, t->cells + at, t->tanh_cells + at, t->hiddens + at);
    }
}

/// Runs a task's two parts: by rows through sk_run_pair (which may run both on this thread),
/// in lock step only once the worker has taken its part. When the worker cannot take part,
/// `*split` (the task's own field) becomes SK_ONE and this thread runs the task as one part.
static void sk_run_parts(void (*fn)(void *, int), void *arg, int *split) {
    if (*split == SK_BY_ROWS && sk_run_pair(fn, arg)) return;
    if (*split == SK_IN_LOCKSTEP && sk_run_lockstep(fn, arg)) return;
    *split = SK_ONE;
    fn(arg, 0);
}

void sk_lstm_forward(long nt, long nb, long h, long nf, const float *x, const sk_packed_b *w, float *z,
                     const float *bias, const sk_packed_b *u, float *cells, float *tanh_cells, float *hiddens) {
    if (nt <= 0 || nb <= 0 || h <= 0) return;
    sk_meeting meeting;
    atomic_init(&meeting.reached[0], 0);
    atomic_init(&meeting.reached[1], 0);
    sk_lstm_forward_task task = {nt, nb, h, nf, x, w, z, bias, u, cells, tanh_cells, hiddens,
                                 sk_cells(sk_kernel_in_use()), sk_split(nt, nb, h), &meeting};
    sk_run_parts(sk_lstm_forward_part, &task, &task.split);
}

typedef struct {
    long nt, nb, h;
    const float *gates, *cells, *tanh_cells, *above;
    int above_every_step;
    const sk_packed_b *ut;
    float *dz, *dh_total, *dh_next, *dc_next;
    const float *zero;
    sk_packed_b *dz_packed;
    long dz_steps;    ///< steps dz holds: nt, or 1 (one step's rows at a time, with dz_packed)
    int stream;       ///< 1/0: stream the packed ∂Z or not; −1: by its size
    sk_cells_fns fns;
    int split;
    sk_meeting *meeting;
} sk_lstm_backward_task;

static void sk_lstm_backward_part(void *arg, int part) {
    const sk_lstm_backward_task *t = arg;
    const long nb = t->nb, h = t->h, g4 = 4 * h;
    const int lockstep = t->split == SK_IN_LOCKSTEP;
    // In lock step: per step, the cells of this part's half of the units (all rows); meet; this
    // part's column panels of ∂h_{t−1} = ∂z_t · Uᵀ (all rows); meet. By rows: this part's rows.
    // With dz_packed, the step's ∂z rows are packed as soon as they are written (by rows: this
    // part's rows; in lock step, after the first meeting: this part's half of the panels).
    long r0 = 0, r1 = nb, u0 = 0, u1 = h, q0 = 0, q1 = 0, met = 0;
    sk_packed_b *zp = t->dz_packed;
    const long zpanels = zp ? (g4 + zp->d->nr - 1) / zp->d->nr : 0;
    // A packed ∂Z of several MiB is read back only after the whole pass, by then out of L2:
    // streamed past the caches, its stores do not each wait for a line to be read in first.
    // Measured on Zen 4 against stores through the cache (paired medians of 16): F8 H128 T50
    // B64 (6.5 MB) 1.03×, F1 H128 T100 B128 (26 MB) 1.03×; streamed whatever its size, a
    // batch-1 step's 13 KB was 0.91× (it would have stayed in cache), hence the threshold.
    // t->stream is the caller's choice (the test override) or -1 for this rule.
    const int stream = zp && (t->stream >= 0 ? t->stream
                              : (double)zp->k * (double)zpanels * (double)zp->d->nr * sizeof(float) >= 2.0 * 1024 * 1024);
    long zq0 = 0, zq1 = zpanels;
    if (lockstep) {
        const long nr = t->ut->d->nr;
        sk_part_panels((h + nr - 1) / nr, part, &q0, &q1);
        sk_part_panels(zpanels, part, &zq0, &zq1);
        u0 = part == 0 ? 0 : (h + 1) / 2;
        u1 = part == 0 ? (h + 1) / 2 : h;
    } else {
        sk_part_rows(nb, part, t->split == SK_BY_ROWS ? 2 : 1, &r0, &r1);
        if (r0 >= r1) return;
    }
    const long rows = r1 - r0;
    for (long s = t->nt - 1; s >= 0; s--) {
        const long r = s * nb + r0;
        float *dzt = t->dz + (t->dz_steps == 1 ? 0 : s) * nb * g4;   // the step's ∂z rows
        const int from_above = t->above_every_step || s == t->nt - 1;
        const float *above = t->above_every_step ? t->above + r * h
                           : from_above ? t->above + r0 * h : t->zero;
        const float *c_prev = s > 0 ? t->cells + (r - nb) * h : t->zero;
        t->fns.backward(rows, h, u0, u1, t->gates + r * g4, c_prev, s > 0 ? h : 0, t->tanh_cells + r * h,
                          above, from_above ? h : 0, t->dh_next + r0 * h, t->dc_next + r0 * h, dzt + r0 * g4,
                          t->dh_total + r * h);
        if (zp && !lockstep) sk_pack_rows(zp->d, g4, dzt + r0 * g4, g4, rows, r, 0, zpanels, zp->data, zp->k, stream);
        if (lockstep) sk_meet(t->meeting, part, &met);
        if (zp && lockstep) sk_pack_rows(zp->d, g4, dzt, g4, nb, s * nb, zq0, zq1, zp->data, zp->k, stream);
        if (s == 0) break;
        // ∂h_{t−1} = ∂z_t · Uᵀ: (rows, 4H) x (4H, H) -> (rows, H)
        if (lockstep) {
            sk_packed_panels_here(nb, dzt, g4, t->ut, t->dh_next, h, q0, q1);
            sk_meet(t->meeting, part, &met);
        } else {
            sk_gemm_packed_here(0, rows, dzt + r0 * g4, g4, t->ut, t->dh_next + r0 * h, h, 0);
        }
    }
#if defined(__x86_64__)
    if (stream) __builtin_ia32_sfence();
#endif
}

void sk_lstm_backward(long nt, long nb, long h, const float *gates, const float *cells,
                      const float *tanh_cells, const float *above, int above_every_step,
                      const sk_packed_b *ut, float *dz, long dz_steps, float *dh_total, sk_packed_b *dz_packed) {
    if (nt <= 0 || nb <= 0 || h <= 0) return;
    if (dz_packed && (dz_packed->k != nt * nb || dz_packed->n != 4 * h)) {
        fprintf(stderr, "SeqKit: sk_lstm_backward: dz_packed is %ld × %ld, not %ld × %ld\n", dz_packed->k,
                dz_packed->n, nt * nb, 4 * h);
        abort();
    }
    if (dz_steps != nt && !(dz_steps == 1 && dz_packed)) {
        fprintf(stderr, "SeqKit: sk_lstm_backward: dz holds %ld steps, not %ld (or 1 with dz_packed)\n",
                dz_steps, nt);
        abort();
    }
    float *dh_next = sk_zeroed((size_t)(nb * h)), *dc_next = sk_zeroed((size_t)(nb * h));
    float *zero = sk_zeroed((size_t)h);
    sk_meeting meeting;
    atomic_init(&meeting.reached[0], 0);
    atomic_init(&meeting.reached[1], 0);
    sk_lstm_backward_task task = {nt, nb, h, gates, cells, tanh_cells, above, above_every_step, ut,
                                  dz, dh_total, dh_next, dc_next, zero, dz_packed, dz_steps,
                                  sk_lstm_stream_override == 0 ? -1 : sk_lstm_stream_override == 1,
                                  sk_cells(sk_kernel_in_use()), sk_split(nt, nb, h), &meeting};
    sk_run_parts(sk_lstm_backward_part, &task, &task.split);
    free(dh_next); free(dc_next); free(zero);
}
