// Internal interface between the driver (gemm.c), the micro-kernels (kernels.c) and the
// worker thread (worker.c). Not part of the public header.
#ifndef CSEQKITKERNELS_INTERNAL_H
#define CSEQKITKERNELS_INTERNAL_H

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CSeqKitKernels.h"

#include <stddef.h>

/// Computes C[mr rows × g panels] (+)= A · Bpanels for one register tile:
/// A element (r, p) is at ap[r*ars + p*acs] (a packed panel: ars = 1, acs = MR; rows of a
/// row-major A read in place: ars = lda, acs = 1). B element (p, j)
/// of panel q is at bp[q*pstride + p*bks + j] (packed: pstride = k*NR, bks = NR; read in place
/// from a row-major B: pstride = NR, bks = ldb). Columns of panel q beyond `ncols - q*NR` are
/// computed (from zero padding) but not stored.
typedef void (*sk_block_fn)(int mr, int g, long k, const float *ap, long ars, long acs, const float *bp,
                            long pstride, long bks, float *c, long ldc, long ncols, int accumulate);

/// One kernel: its tile shape and its register-tile function.
typedef struct {
    int id;          ///< SK_KERNEL_*
    int mr;          ///< rows per A panel (tile height)
    int nr;          ///< columns per B panel
    int gmax[9];     ///< gmax[r]: B panels a tile of r rows covers at once (more columns for
                     ///< short tiles keeps enough independent accumulators in flight)
    sk_block_fn block;
} sk_kernel_desc;

/// The descriptor of `id` if it is compiled into this binary (whether or not the CPU runs it).
const sk_kernel_desc *sk_desc_compiled(int id);

/// One product, as the driver splits it between threads.
typedef struct {
    const sk_kernel_desc *d;
    int trans_a, trans_b, accumulate;
    long m, n, k;
    const float *a; long lda;
    const float *b; long ldb;     ///< unpacked op(B), used when `packed` is NULL
    const float *packed;          ///< all panels of op(B) packed for `d`, or NULL
    float *c; long ldc;
} sk_job;

/// Where the row panels of op(A) are for the micro-kernel: panel s starts at p + s*panel, its
/// element (r, p) at rs*r + ks*p from there.
typedef struct {
    const float *p;
    long rs, ks, panel;
} sk_apanels;

/// Computes rows [i0, i1) × column panels [q0, q1) of the job on the calling thread.
void sk_job_run(const sk_job *job, long i0, long i1, long q0, long q1);

/// Rows [i0, i1) of the job's op(A) as the micro-kernel reads them: a row-major A (trans_a == 0)
/// in place, a transposed one packed into the calling thread's scratch buffer (valid until its
/// next sk_job_pack_a or sk_job_run).
sk_apanels sk_job_pack_a(const sk_job *job, long i0, long i1);

/// sk_job_run with rows [i0, i1) of op(A) from sk_job_pack_a(job, i0, i1).
void sk_job_run_packed_a(const sk_job *job, long i0, long i1, long q0, long q1, sk_apanels ap);

/// Computes the whole job with the worker thread's help: the job is cut into `chunks` equal
/// pieces of `unit` column panels (by_rows == 0) or `unit` row panels (by_rows != 0), which the
/// caller and the worker take one at a time from a shared counter, so a worker that is slow to
/// wake or descheduled costs at most the piece it holds. Returns 0 without running anything if
/// the worker is busy with another caller's product.
int sk_run_shared(const sk_job *job, int by_rows, long unit, long chunks);

/// A packed op(B) (the public header's opaque sk_packed_b): all its panels for kernel d.
struct sk_packed_b {
    const sk_kernel_desc *d;
    long k, n;
    float *data;
    size_t cap;   ///< floats allocated at data (at least panels·k·NR)
};

/// Copies `rows` rows of a row-major matrix (n columns, row i at src + i·lds) into rows
/// [r0, r0 + rows) of `dst`, packed for d with `dst_k` rows: column panels [q0, q1) only, panel q
/// at dst + q·dst_k·NR, element (i, j) of it at i·NR + j, columns past n zero. Data movement only.
/// `streaming` (honoured on x86-64): full panel rows are written with non-temporal stores, for a
/// dst far larger than the caches that is read only much later; the caller then issues an
/// sfence before another thread reads dst.
void sk_pack_rows(const sk_kernel_desc *d, long n, const float *src, long lds, long rows, long r0, long q0,
                  long q1, float *dst, long dst_k, int streaming);

/// sk_gemm_packed on the calling thread only (for work that is already split between threads).
void sk_gemm_packed_here(int trans_a, long m, const float *a, long lda, const sk_packed_b *b,
                         float *c, long ldc, int accumulate);

/// C = (A1 · B1 + bias) + A2 · B2 for column panels [q0, q1) of two products with the same n,
/// B1 and B2 packed for the same kernel, A1 and A2 row-major (m rows), on the calling thread:
/// one row panel of C at a time, C = acc1, then C = C + bias[j], then C = C + acc2 (one
/// addition each), so the panel is still in L1 for the bias and the second product. a2 NULL:
/// only the first part. The same bits as sk_gemm of A1·B1, a pass adding the bias, and sk_gemm
/// of A2·B2 accumulating: an LSTM step's z_t = (x_t · W + b) + h_{t−1} · U.
void sk_gemm_packed_pair_here(long m, const float *a1, long lda1, const sk_packed_b *b1, const float *bias,
                              const float *a2, long lda2, const sk_packed_b *b2, float *c, long ldc,
                              long q0, long q1);

/// Like sk_run_pair, but the two parts may wait for each other (in lock step), so fn(arg, 0)
/// starts only once the worker has taken fn(arg, 1). Returns 0 without running anything if the
/// worker is busy, could not be started or does not take its part within 2 ms.
int sk_run_lockstep(void (*fn)(void *arg, int part), void *arg);

/// A spinning thread's hint to the CPU.
static inline void sk_pause(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/// Runs fn(arg, 0) on the calling thread and fn(arg, 1) on the worker thread, and returns when
/// both are done. If the worker has not started its part by the time the caller's is done, the
/// caller runs it too. Returns 0 without running anything if the worker is busy with another
/// caller's job or could not be started.
int sk_run_pair(void (*fn)(void *arg, int part), void *arg);

#endif
