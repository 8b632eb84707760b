// CSeqKitKernels: SeqKit's single-precision matrix multiply (GEMM), chosen at run time for the
// CPU found, bit-identical on every path and every thread count.
//
// THE CANONICAL ARITHMETIC (the contract every path keeps)
//
//   For each output element, with op(X) = X or Xᵀ:
//
//     acc = +0.0f
//     for k = 0, 1, …, K−1 (increasing):   acc = fmaf(op(A)[i,k], op(B)[k,j], acc)
//     C[i,j] = acc                (accumulate == 0)
//     C[i,j] = C_old[i,j] + acc   (accumulate != 0; one IEEE single-precision addition)
//
//   Every fmaf is a correctly rounded fused multiply-add (one rounding), round-to-nearest-even.
//   K is never split into partial sums that are added later, lanes are never summed
//   horizontally, and no path reassociates. So the result does not depend on the vector width,
//   the register tile, the packing, the thread count or the CPU: AVX-512F, AVX2+FMA, NEON and
//   the portable path give the same bits. The ten-line version of this is the Swift reference
//   in Tests/SeqKitTests/GemmTests.swift (`Float.addingProduct` in the same order).
//
// PATHS
//
//   avx512    x86-64 with AVX-512F (and the OS saving zmm state): 6×32 tiles of 16-lane vectors.
//   avx2      x86-64 with AVX2 + FMA3 (and the OS saving ymm state): 6×16 tiles of 8-lane vectors.
//   neon      aarch64 (FMA is baseline there): 6×16 tiles of 4-lane vectors.
//   portable  any CPU: 4×8 tiles of 4-lane generic vectors whose fma is the C library's fmaf
//             where the target has no FMA instruction. Correctly rounded everywhere, so the same
//             bits; slow on x86 CPUs without FMA (before about 2013), which is accepted.
//
//   Detection uses cpuid and xgetbv (<cpuid.h>), so it also works in a binary built for the
//   x86-64 baseline, which is what a package depending on SeqKit compiles.
//
// CONTROLS
//
//   SEQKIT_KERNEL=auto|avx512|avx2|neon|portable  (environment, read once at first use; a
//       kernel this CPU lacks or an unknown name prints a message and exits with status 2)
//   SEQKIT_THREADS=1|2  (default 2 when the machine has at least 2 cores, else 1)
//   The functions below set the same things at run time, globally or for the calling thread.
//
// THREADS
//
//   With 2 threads, a product of at least ~100 k multiply-adds is cut into about 8 pieces of
//   whole column panels (or row panels when it has one column panel), which the caller and one
//   persistent worker thread take from a shared counter. Each C element is still computed by
//   one thread as one chain, so the result does not change. If the worker is busy with another
//   caller's product, the product runs on one thread.
//
//   The LSTM recurrence (sk_lstm_forward, sk_lstm_backward) splits differently: each row of the
//   batch depends only on its own earlier steps, so the caller takes rows 0 … ⌈nb/2⌉−1 and the
//   worker the rest, and each runs every step for its rows with single-threaded products; they
//   meet once per pass (sk_run_pair in worker.c), not once per step. Every element is computed
//   by one thread in the same order as with one thread, so again no bit changes. The split is
//   made for nt·nb·4h·h ≥ 256 k multiply-adds. With 1–3 rows (a step's product of at least
//   32 k multiply-adds) the threads share every step instead: its product by column panels, its
//   cell update by units, meeting twice per step. Same bits either way.
//
//   Other work made of independent sequences (attention over a batch, the GRU's recurrence in
//   Swift) is split by sequence through sk_run_halves: each thread takes half of them, with
//   single-threaded products, so again each element is computed as with one thread.

#ifndef CSEQKITKERNELS_H
#define CSEQKITKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel identifiers. `SK_KERNEL_AUTO` means "the best one this CPU supports".
enum {
    SK_KERNEL_AUTO = 0,
    SK_KERNEL_PORTABLE = 1,
    SK_KERNEL_AVX2 = 2,
    SK_KERNEL_AVX512 = 3,
    SK_KERNEL_NEON = 4,
    SK_KERNEL_COUNT = 5
};

/// 1 when `kernel` can run on this CPU (SK_KERNEL_AUTO always can), else 0.
int sk_kernel_supported(int kernel);

/// The kernel `name` ("auto", "avx512", "avx2", "neon", "portable") or -1 when unknown.
int sk_kernel_from_name(const char *name);

/// Short lowercase name of `kernel` ("avx2", …), or "unknown".
const char *sk_kernel_name(int kernel);

/// The concrete kernel (never AUTO) that a product started now on this thread would use.
int sk_kernel_in_use(void);

/// Sets the process-wide kernel (AUTO = best supported). Returns 0, or -1 (and changes nothing)
/// when this CPU lacks it.
int sk_set_kernel(int kernel);

/// The thread count (1 or 2) that a product started now on this thread would use.
int sk_threads_in_use(void);

/// Sets the process-wide thread count. Returns 0, or -1 (and changes nothing) unless 1 or 2.
int sk_set_threads(int threads);

/// Runs fn(arg, 0) on the calling thread and fn(arg, 1) on SeqKit's worker thread at the same
/// time, and returns 1 when both are done; each part runs its products on its own thread alone,
/// with the caller's kernel. Returns 0 without running anything when this thread's thread count
/// is 1 or the worker is busy with another caller (the caller then does all the work itself).
/// For work made of independent pieces (the sequences of a batch): the parts must write
/// disjoint memory, and each result element is then computed as with one thread.
int sk_run_halves(void (*fn)(void *arg, int part), void *arg);

/// Overrides kernel and thread count for the calling thread only (kernel -1 / threads 0: no
/// override). Returns 0, or -1 (and changes nothing) for an unsupported kernel or bad count.
int sk_set_thread_override(int kernel, int threads);

/// C (+)= op(A) · op(B) with the canonical arithmetic above; row-major, Float32.
///
/// op(A) is m×k: A(i,p) = a[i*lda + p], or a[p*lda + i] when trans_a (A stored k×m).
/// op(B) is k×n: B(p,j) = b[p*ldb + j], or b[j*ldb + p] when trans_b (B stored n×k).
/// C is m×n with leading dimension ldc. accumulate != 0 adds the product to C.
/// With k == 0 the product is zero (C is zeroed, or left as it is when accumulating).
void sk_gemm(int trans_a, int trans_b, long m, long n, long k,
             const float *a, long lda, const float *b, long ldb,
             float *c, long ldc, int accumulate);

/// An op(B) packed once into the panel layout of one kernel, for repeated products with the
/// same right-hand matrix (a recurrent layer's U at every time step).
typedef struct sk_packed_b sk_packed_b;

/// Packs op(B) (k×n, as in sk_gemm) for the kernel in use on this thread. NULL if out of memory.
sk_packed_b *sk_pack_b(int trans_b, long k, long n, const float *b, long ldb);

/// Frees a packed matrix (NULL is allowed).
void sk_packed_b_free(sk_packed_b *packed);

/// C (+)= op(A) · B for a packed B (k and n as packed). Runs on the kernel B was packed for,
/// with this thread's thread count; same arithmetic and bits as sk_gemm.
void sk_gemm_packed(int trans_a, long m, const float *a, long lda,
                    const sk_packed_b *b, float *c, long ldc, int accumulate);

/// One product of sk_gemm_shared_b: C = op(A) · B[k0 ..< k0 + k, :], op(A) m×k as in sk_gemm
/// (A(i,p) = a[i*lda + p], or a[p*lda + i] when trans_a), C m×n with leading dimension ldc
/// (overwritten).
typedef struct {
    int trans_a;
    long m, k0, k;
    const float *a; long lda;
    float *c; long ldc;
} sk_shared_b_product;

/// Several products with row ranges of the same row-major B (n columns, leading dimension ldb),
/// with B packed once for all of them: a recurrent layer's weight gradients ∂W = Xᵀ·∂Z and
/// ∂U = Hᵀ·∂Z share the gate gradients ∂Z. Each C gets exactly the bits of its own sk_gemm.
/// When `sums` is not NULL it gets B's column sums over rows [0, sum_rows) (the bias gradient
/// ∂b = Σ_r ∂Z[r, :]), added while B is packed: sums[j] from +0, then + B[p, j] for
/// p = 0, 1, …, sum_rows − 1 in order, one addition each (SeqKit's columnSums).
void sk_gemm_shared_b(const sk_shared_b_product *products, int count, long n,
                      const float *b, long ldb, float *sums, long sum_rows);

/// A k × n matrix in the packed layout of the kernel in use, its contents unset: for a B that
/// is written in packed form directly (an LSTM's ∂Z, by sk_lstm_backward, step by step). Reuses
/// `old` (which may be NULL) if it was reserved for the same kernel and holds enough floats,
/// else frees it. NULL when out of memory (`old` freed).
sk_packed_b *sk_packed_b_reserve(sk_packed_b *old, long k, long n);

/// sk_gemm_shared_b with B packed already (b->k rows, b->n columns; every product's rows
/// [k0, k0 + k) must lie inside): the same bits for every C and for the sums (over rows
/// [0, min(sum_rows, b->k))). At most 16 products with k > 0. Runs on the kernel B was
/// packed for.
void sk_gemm_shared_b_packed(const sk_shared_b_product *products, int count, const sk_packed_b *b,
                             float *sums, long sum_rows);

/// Same as sk_gemm with an explicit kernel (not AUTO; must be supported) and thread count:
/// for tests, which must not change process-wide state while other tests run.
void sk_gemm_with(int kernel, int threads, int trans_a, int trans_b, long m, long n, long k,
                  const float *a, long lda, const float *b, long ldb,
                  float *c, long ldc, int accumulate);

/// The forward recurrence of an LSTM layer (Sources/SeqKit/LSTM.swift): for t = 0 … nt−1 and
/// each of nb rows, z_t = x_t · W with W packed (nf × 4h), z_t += bias, then (t > 0)
/// z_t += h_{t−1} · U with U packed (h × 4h), then the gates i, f, o = σ, g = tanh in place in
/// z_t, c_t = f·c_{t−1} + i·g (i·g at t = 0), tanh(c_t), h_t = o·tanh(c_t). x is (nt, nb, nf);
/// z (nt, nb, 4h) is written; cells, tanh_cells and hiddens are (nt, nb, h). With 2 threads the
/// rows are split between them (same bits).
void sk_lstm_forward(long nt, long nb, long h, long nf, const float *x, const sk_packed_b *w, float *z,
                     const float *bias, const sk_packed_b *u, float *cells, float *tanh_cells, float *hiddens);

/// For tests: how the calling thread's LSTM recurrences are shared when 2 threads are in use —
/// 0 chosen by size (the default), 1 one thread, 2 by rows, 3 in lock step (see lstm.c).
/// Every choice gives the same bits. Returns 0, or -1 (and changes nothing) for another value.
int sk_set_lstm_split_override(int split);

/// For tests: whether the calling thread's LSTM backward passes write the packed ∂Z with
/// streaming (non-temporal) stores — 0 chosen by size (the default), 1 always, 2 never. Every
/// choice gives the same bits. Returns 0, or -1 (and changes nothing) for another value.
int sk_set_lstm_stream_override(int stream);

/// Backpropagation through time of sk_lstm_forward's recurrence: from the gate activations,
/// cells and tanh(cells) it kept, and ∂loss/∂h from above (`above`: (nt, nb, h) when
/// above_every_step, else (nb, h) for the last step only), writes ∂z (nt, nb, 4h) and the total
/// ∂loss/∂h_t (nt, nb, h). ut is Uᵀ packed (4h × h). Same row split and bits as the forward.
/// dz_packed, unless NULL, gets ∂z as well, packed (from sk_packed_b_reserve(…, nt·nb, 4h)),
/// each step's rows while they are in cache, for sk_gemm_shared_b_packed. dz_steps is nt, or,
/// with dz_packed, 1: then dz is (nb, 4h) and holds one step's ∂z at a time (the last: t = 0).
void sk_lstm_backward(long nt, long nb, long h, const float *gates, const float *cells,
                      const float *tanh_cells, const float *above, int above_every_step,
                      const sk_packed_b *ut, float *dz, long dz_steps, float *dh_total,
                      sk_packed_b *dz_packed);

/// Adam's step for n parameters (Keras' form; Sources/CSeqKitKernels/optimizers.c explains the
/// flush): g' = flush(g); m = flush(m + (1−β₁)(g' − m)); v = flush(v + (1−β₂)(g'·g' − v));
/// w = w − α·m/(√v + ε), where flush(x) is +0 for |x| < 2⁻⁶⁰ and x otherwise.
void sk_adam_step(long n, float *w, const float *g, float *m, float *v, float alpha,
                  float one_minus_beta1, float one_minus_beta2, float epsilon);

/// SGD's step for n parameters (Keras' form): velocity = flush(μ·velocity − η·g); w = w + velocity.
void sk_sgd_step(long n, float *w, const float *g, float *velocity, float momentum,
                 float learning_rate);

#ifdef __cplusplus
}
#endif

#endif
