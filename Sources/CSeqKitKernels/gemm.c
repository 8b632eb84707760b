// The GEMM driver: packing, cache blocking, kernel choice and the split between threads.
// The arithmetic itself happens only in the micro-kernels (micro_kernel.inc); everything here
// moves data, so nothing here can change a result bit.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CSeqKitKernels.h"
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

// MARK: CPU detection

#if defined(__x86_64__)
/// XCR0: which register states the OS saves on a context switch (bit 1 SSE, 2 AVX, 5–7 AVX-512).
static unsigned long long sk_xcr0(void) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

static int sk_cpu_has(int kernel) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    const unsigned long long xcr0 = sk_xcr0();
    if ((xcr0 & 0x6) != 0x6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    const int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    if (kernel == SK_KERNEL_AVX2) return avx2;
    if (kernel == SK_KERNEL_AVX512) return avx2 && avx512f && (xcr0 & 0xE6) == 0xE6;
    return 0;
}
#endif

int sk_kernel_supported(int kernel) {
    switch (kernel) {
    case SK_KERNEL_AUTO:
    case SK_KERNEL_PORTABLE: return 1;
#if defined(__x86_64__)
    case SK_KERNEL_AVX2:
    case SK_KERNEL_AVX512: return sk_cpu_has(kernel);
#endif
#if defined(__aarch64__)
    case SK_KERNEL_NEON: return 1;
#endif
    default: return 0;
    }
}

static int sk_best_kernel(void) {
    if (sk_kernel_supported(SK_KERNEL_AVX512)) return SK_KERNEL_AVX512;
    if (sk_kernel_supported(SK_KERNEL_AVX2)) return SK_KERNEL_AVX2;
    if (sk_kernel_supported(SK_KERNEL_NEON)) return SK_KERNEL_NEON;
    return SK_KERNEL_PORTABLE;
}

static const char *const sk_names[SK_KERNEL_COUNT] = {"auto", "portable", "avx2", "avx512", "neon"};

int sk_kernel_from_name(const char *name) {
    for (int i = 0; i < SK_KERNEL_COUNT; i++)
        if (name && strcmp(name, sk_names[i]) == 0) return i;
    return -1;
}

const char *sk_kernel_name(int kernel) {
    return kernel >= 0 && kernel < SK_KERNEL_COUNT ? sk_names[kernel] : "unknown";
}

// MARK: Settings

static atomic_int sk_global_kernel;   // concrete kernel (never AUTO) once initialized
static atomic_int sk_global_threads;
static pthread_once_t sk_settings_once = PTHREAD_ONCE_INIT;
static _Thread_local int sk_tl_kernel = -1;
static _Thread_local int sk_tl_threads = 0;

static void sk_supported_list(char *out, size_t size) {
    out[0] = 0;
    for (int i = SK_KERNEL_COUNT - 1; i > 0; i--) {
        if (!sk_kernel_supported(i)) continue;
        if (out[0]) strncat(out, ", ", size - strlen(out) - 1);
        strncat(out, sk_names[i], size - strlen(out) - 1);
    }
}

/// Reads SEQKIT_KERNEL and SEQKIT_THREADS once. A bad value stops the program with a message
/// (exit status 2), because silently running another kernel would defeat a forced-path test.
static void sk_settings_init(void) {
    int kernel = SK_KERNEL_AUTO;
    const char *ke = getenv("SEQKIT_KERNEL");
    if (ke && *ke) {
        kernel = sk_kernel_from_name(ke);
        if (kernel < 0 || !sk_kernel_supported(kernel)) {
            char list[64];
            sk_supported_list(list, sizeof list);
            fprintf(stderr, "SeqKit: SEQKIT_KERNEL=%s %s; this CPU supports: auto, %s\n", ke,
                    kernel < 0 ? "is not a kernel name (auto, avx512, avx2, neon, portable)"
                               : "names a kernel this CPU cannot run",
                    list);
            exit(2);
        }
    }
    atomic_store(&sk_global_kernel, kernel == SK_KERNEL_AUTO ? sk_best_kernel() : kernel);

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores >= 2 ? 2 : 1;
    const char *te = getenv("SEQKIT_THREADS");
    if (te && *te) {
        if (strcmp(te, "1") == 0) threads = 1;
        else if (strcmp(te, "2") == 0) threads = 2;
        else {
            fprintf(stderr, "SeqKit: SEQKIT_THREADS=%s must be 1 or 2\n", te);
            exit(2);
        }
    }
    atomic_store(&sk_global_threads, threads);
}

static void sk_settings(void) { pthread_once(&sk_settings_once, sk_settings_init); }

int sk_kernel_in_use(void) {
    sk_settings();
    return sk_tl_kernel >= 0 ? sk_tl_kernel : atomic_load(&sk_global_kernel);
}

int sk_threads_in_use(void) {
    sk_settings();
    return sk_tl_threads > 0 ? sk_tl_threads : atomic_load(&sk_global_threads);
}

int sk_set_kernel(int kernel) {
    sk_settings();
    if (kernel < 0 || kernel >= SK_KERNEL_COUNT || !sk_kernel_supported(kernel)) return -1;
    atomic_store(&sk_global_kernel, kernel == SK_KERNEL_AUTO ? sk_best_kernel() : kernel);
    return 0;
}

int sk_set_threads(int threads) {
    sk_settings();
    if (threads != 1 && threads != 2) return -1;
    atomic_store(&sk_global_threads, threads);
    return 0;
}

int sk_set_thread_override(int kernel, int threads) {
    sk_settings();
    if (kernel != -1 && (kernel < 0 || kernel >= SK_KERNEL_COUNT || !sk_kernel_supported(kernel))) return -1;
    if (threads != 0 && threads != 1 && threads != 2) return -1;
    sk_tl_kernel = kernel == SK_KERNEL_AUTO ? sk_best_kernel() : kernel;
    sk_tl_threads = threads;
    return 0;
}

typedef struct {
    void (*fn)(void *, int);
    void *arg;
    int kernel;
} sk_halves;

/// One part of sk_run_halves: the caller's kernel, one thread, on whichever thread runs it.
static void sk_halves_part(void *p, int part) {
    const sk_halves *hv = p;
    const int kernel = sk_tl_kernel, threads = sk_tl_threads;
    sk_tl_kernel = hv->kernel;
    sk_tl_threads = 1;
    hv->fn(hv->arg, part);
    sk_tl_kernel = kernel;
    sk_tl_threads = threads;
}

int sk_run_halves(void (*fn)(void *arg, int part), void *arg) {
    if (sk_threads_in_use() < 2) return 0;
    sk_halves hv = {fn, arg, sk_kernel_in_use()};
    return sk_run_pair(sk_halves_part, &hv);
}

// MARK: Scratch

/// A growable, 64-byte-aligned buffer per thread, kept between products (an LSTM step's
/// product is 10–100 µs; allocating its packing buffers each time would be a large share).
typedef struct { float *p; size_t cap; } sk_buffer;
static _Thread_local sk_buffer sk_scratch_a, sk_scratch_b, sk_scratch_c;
static pthread_key_t sk_scratch_key;
static pthread_once_t sk_scratch_once = PTHREAD_ONCE_INIT;

static void sk_scratch_free(void *unused) {
    (void)unused;
    free(sk_scratch_a.p); free(sk_scratch_b.p); free(sk_scratch_c.p);
    sk_scratch_a = (sk_buffer){0, 0}; sk_scratch_b = (sk_buffer){0, 0}; sk_scratch_c = (sk_buffer){0, 0};
}
static void sk_scratch_key_init(void) { pthread_key_create(&sk_scratch_key, sk_scratch_free); }

static float *sk_reserve(sk_buffer *buf, size_t count) {
    if (count <= buf->cap) return buf->p;
    pthread_once(&sk_scratch_once, sk_scratch_key_init);
    pthread_setspecific(sk_scratch_key, (void *)1);  // so the destructor runs at thread exit
    free(buf->p);
    size_t cap = count + count / 4 + 1024;
    void *p = 0;
    if (posix_memalign(&p, 64, cap * sizeof(float)) != 0) {
        fprintf(stderr, "SeqKit: out of memory for a %zu-float GEMM buffer\n", cap);
        abort();
    }
    buf->p = p; buf->cap = cap;
    return buf->p;
}

// MARK: Packing (data movement only)

/// Four floats, for moving 4 × 4 blocks (shuffles only: no arithmetic).
typedef float sk_f4 __attribute__((ext_vector_type(4)));

/// Copies one full panel row (NR floats). A constant-size copy per panel width, so the
/// compiler moves it with a few vector loads and stores instead of calling memcpy for 32–128
/// bytes (the call was 15 % of an LSTM training step at H = 128).
static inline void sk_copy_panel_row(float *restrict dst, const float *restrict src, long nr) {
    switch (nr) {
    case 8: __builtin_memcpy_inline(dst, src, 8 * sizeof(float)); return;
    case 16: __builtin_memcpy_inline(dst, src, 16 * sizeof(float)); return;
    case 32: __builtin_memcpy_inline(dst, src, 32 * sizeof(float)); return;
    default: memcpy(dst, src, (size_t)nr * sizeof(float)); return;
    }
}

/// One panel row: the w ≤ NR floats at src, then zeros up to NR.
static inline void sk_pack_panel_row(float *restrict row, const float *restrict src, long w, long nr) {
    if (w == nr) {
        sk_copy_panel_row(row, src, nr);
    } else {
        memcpy(row, src, (size_t)w * sizeof(float));
        for (long j = w; j < nr; j++) row[j] = 0;
    }
}

/// sums[j] += b[p·ldb + j] for p = p0 … p1 − 1 in order and j ∈ [j0, j1): one addition each.
static void sk_add_rows(float *restrict sums, const float *restrict b, long ldb, long p0, long p1, long j0, long j1) {
    for (long p = p0; p < p1; p++) {
        const float *restrict row = b + p * ldb;
        for (long j = j0; j < j1; j++) sums[j] = sums[j] + row[j];
    }
}

/// Packs op(B) column panels [q0, q1) into `dst`: panel q at dst + (q − q0)·k·NR, element
/// (p, j) of the panel at p·NR + j, columns past n zero. With `sums` (only for a row-major B),
/// each row p = 0 … k−1 read is also added to sums over the panels' columns, in that order.
static void sk_pack_b_panels_summing(const sk_kernel_desc *d, int trans_b, long k, long n,
                                     const float *b, long ldb, long q0, long q1, float *dst, float *sums) {
    const long nr = d->nr;
    if (!trans_b) {
        // Row by row of B, so the source is read contiguously (a 4H-wide row is 4–8 KB apart
        // from the next; walking down a column of panels would hit the same cache sets).
        for (long p = 0; p < k; p++) {
            const float *src = b + p * ldb;
            for (long q = q0; q < q1; q++) {
                const long j0 = q * nr, w = n - j0 < nr ? n - j0 : nr;
                sk_pack_panel_row(dst + (q - q0) * k * nr + p * nr, src + j0, w, nr);
            }
            if (sums) sk_add_rows(sums, src, 0, 0, 1, q0 * nr, q1 * nr < n ? q1 * nr : n);
        }
        return;
    }
    // Bᵀ stored: column j of op(B) is a contiguous row of b. Moved as 4 × 4 blocks (four
    // rows of b, four floats each, transposed in registers) in strips of 64 values of p, so
    // the strip's 64 × NR destination stays in L1; one float at a time with stride NR this was
    // 12 % of an LSTM training step (∂x of 3,200 rows packs all of ∂Z this way).
    for (long q = q0; q < q1; q++) {
        float *panel = dst + (q - q0) * k * nr;
        const long j0 = q * nr, w = n - j0 < nr ? n - j0 : nr;
        for (long p0 = 0; p0 < k; p0 += 64) {
            const long p1 = p0 + 64 < k ? p0 + 64 : k;
            long j = 0;
            for (; j + 4 <= w; j += 4) {
                const float *s0 = b + (j0 + j) * ldb, *s1 = s0 + ldb, *s2 = s1 + ldb, *s3 = s2 + ldb;
                long p = p0;
                for (; p + 4 <= p1; p += 4) {
                    sk_f4 r0, r1, r2, r3;
                    __builtin_memcpy(&r0, s0 + p, sizeof r0); __builtin_memcpy(&r1, s1 + p, sizeof r1);
                    __builtin_memcpy(&r2, s2 + p, sizeof r2); __builtin_memcpy(&r3, s3 + p, sizeof r3);
                    const sk_f4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);
                    const sk_f4 t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
                    const sk_f4 t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
                    const sk_f4 t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
                    const sk_f4 c0 = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
                    const sk_f4 c1 = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
                    const sk_f4 c2 = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
                    const sk_f4 c3 = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
                    __builtin_memcpy(panel + (p + 0) * nr + j, &c0, sizeof c0);
                    __builtin_memcpy(panel + (p + 1) * nr + j, &c1, sizeof c1);
                    __builtin_memcpy(panel + (p + 2) * nr + j, &c2, sizeof c2);
                    __builtin_memcpy(panel + (p + 3) * nr + j, &c3, sizeof c3);
                }
                for (; p < p1; p++) {
                    float *row = panel + p * nr + j;
                    row[0] = s0[p]; row[1] = s1[p]; row[2] = s2[p]; row[3] = s3[p];
                }
            }
            for (; j < w; j++) {
                const float *src = b + (j0 + j) * ldb;
                for (long p = p0; p < p1; p++) panel[p * nr + j] = src[p];
            }
            for (j = w; j < nr; j++)
                for (long p = p0; p < p1; p++) panel[p * nr + j] = 0;
        }
    }
}

static void sk_pack_b_panels(const sk_kernel_desc *d, int trans_b, long k, long n,
                             const float *b, long ldb, long q0, long q1, float *dst) {
    sk_pack_b_panels_summing(d, trans_b, k, n, b, ldb, q0, q1, dst, 0);
}

void sk_pack_rows(const sk_kernel_desc *d, long n, const float *src, long lds, long rows, long r0, long q0,
                  long q1, float *dst, long dst_k, int streaming) {
    const long nr = d->nr;
#if !defined(__x86_64__)
    streaming = 0;
#endif
    // Panel by panel: each panel's rows are one contiguous piece of dst.
    for (long q = q0; q < q1; q++) {
        const long j0 = q * nr, w = n - j0 < nr ? n - j0 : nr;
        float *panel = dst + (q * dst_k + r0) * nr;
        for (long i = 0; i < rows; i++) {
            float *row = panel + i * nr;
            if (streaming && w == nr && nr % 4 == 0) {
                const float *from = src + i * lds + j0;
                for (long j = 0; j < nr; j += 4) {
                    sk_f4 v;
                    __builtin_memcpy(&v, from + j, sizeof v);
                    __builtin_nontemporal_store(v, (sk_f4 *)(row + j));
                }
            } else {
                sk_pack_panel_row(row, src + i * lds + j0, w, nr);
            }
        }
    }
}

/// acc[j] = acc[j] + panel[p·NR + j] for p = 0 … rows − 1 in order, j < NR, NR a constant
/// after inlining (so acc stays in registers).
static inline __attribute__((always_inline)) void sk_sum_panel(float *restrict sums, const float *restrict panel,
                                                               long nr, long rows, long w) {
    float acc[32];
    for (long j = 0; j < nr; j++) acc[j] = 0.0f;
    for (long p = 0; p < rows; p++)
        for (long j = 0; j < nr; j++) acc[j] = acc[j] + panel[p * nr + j];
    for (long j = 0; j < w; j++) sums[j] = acc[j];
}

/// sums[j] = +0, then + B(p, j) for p = 0 … rows − 1 in order (one addition each), for the
/// columns of panels [q0, q1) of a packed B: sk_add_rows' chain, read from the panels.
static void sk_sum_panels(const sk_packed_b *b, long q0, long q1, long rows, float *sums) {
    const long nr = b->d->nr, k = b->k, n = b->n;
    for (long q = q0; q < q1; q++) {
        const float *panel = b->data + q * k * nr;
        const long j0 = q * nr, w = n - j0 < nr ? n - j0 : nr;
        switch (nr) {
        case 8: sk_sum_panel(sums + j0, panel, 8, rows, w); break;
        case 16: sk_sum_panel(sums + j0, panel, 16, rows, w); break;
        case 32: sk_sum_panel(sums + j0, panel, 32, rows, w); break;
        default:
            for (long j = 0; j < w; j++) sums[j0 + j] = 0.0f;
            for (long p = 0; p < rows; p++)
                for (long j = 0; j < w; j++) sums[j0 + j] = sums[j0 + j] + panel[p * nr + j];
        }
    }
}

/// Packs rows [i0, i1) of op(A) into panels of MR rows: panel s at dst + s·k·MR, element
/// (r, p) at p·MR + r. Rows of a short last panel past i1 are left unset and never read.
static void sk_pack_a(const sk_kernel_desc *d, int trans_a, long k, const float *a, long lda,
                      long i0, long i1, float *dst) {
    const long mr = d->mr;
    if (trans_a) {
        // Aᵀ stored: row p of b holds element p of every A row. Walked row by row of the
        // source (contiguous), each row scattered to all panels; panel by panel it read one
        // 24-byte piece from each of k rows 4–8 KB apart, every row once per panel (8 % of an
        // LSTM training step, packing the hidden states for ∂U).
        const long full = (i1 - i0) / mr, tail = (i1 - i0) - full * mr;
        for (long p = 0; p < k; p++) {
            const float *src = a + p * lda + i0;
            float *out = dst + p * mr;
            if (mr == 6) {
                for (long s = 0; s < full; s++) __builtin_memcpy_inline(out + s * k * mr, src + s * mr, 6 * sizeof(float));
            } else if (mr == 4) {
                for (long s = 0; s < full; s++) __builtin_memcpy_inline(out + s * k * mr, src + s * mr, 4 * sizeof(float));
            } else {
                for (long s = 0; s < full; s++) memcpy(out + s * k * mr, src + s * mr, (size_t)mr * sizeof(float));
            }
            if (tail) memcpy(out + full * k * mr, src + full * mr, (size_t)tail * sizeof(float));
        }
        return;
    }
    for (long i = i0; i < i1; i += mr) {
        float *panel = dst + ((i - i0) / mr) * k * mr;
        const long h = i1 - i < mr ? i1 - i : mr;
        for (long r = 0; r < h; r++) {
            const float *src = a + (i + r) * lda;
            for (long p = 0; p < k; p++) panel[p * mr + r] = src[p];
        }
    }
}

// MARK: Blocked product

/// B panels per cache block: the block (k × panels × NR floats) stays in about half of a
/// 1 MiB L2 while every row panel of A streams past it. Data movement only.
static long sk_panels_per_block(const sk_kernel_desc *d, long k) {
    long per = (long)(128 * 1024) / (k * d->nr);  // floats: 512 KiB
    return per < 1 ? 1 : per;
}

/// B panels packed in one pass: at least a cache block, and up to 16 MiB at once. Packing reads
/// B row by row, so a pass over one panel reads 128 bytes of each row 2–8 KB apart and waits on
/// every row; a pass over many reads long contiguous pieces (∂U's ∂Z with k = 3,200: one panel
/// per cache block made its packing 7 % of an LSTM training step). Data movement only.
static long sk_panels_per_pack(const sk_kernel_desc *d, long k, long block) {
    long per = (long)(4 * 1024 * 1024) / (k * d->nr);
    return per > block ? per : block;
}

/// Runs row panels × panels [qb, qe) of B, whose panel q is at bp + (q − bbase)·pstride.
static void sk_tiles(const sk_job *job, sk_apanels ap, long i0, long i1, const float *bp, long bbase,
                     long pstride, long bks, long qb, long qe) {
    const sk_kernel_desc *d = job->d;
    const long k = job->k, nr = d->nr, mr = d->mr;
    const long panels_a = (i1 - i0 + mr - 1) / mr;
    for (long s = 0; s < panels_a; s++) {
        const long i = i0 + s * mr;
        const int h = (int)(i1 - i < mr ? i1 - i : mr);
        const int gmax = d->gmax[h];
        const float *apanel = ap.p + s * ap.panel;
        for (long q = qb; q < qe; q += gmax) {
            const int g = (int)(qe - q < gmax ? qe - q : gmax);
            d->block(h, g, k, apanel, ap.rs, ap.ks, bp + (q - bbase) * pstride, pstride, bks,
                     job->c + i * job->ldc + q * nr, job->ldc, job->n - q * nr, job->accumulate);
        }
    }
}

/// A transposed A, packed: panel s at dst + s·k·MR, element (r, p) at p·MR + r.
static sk_apanels sk_packed_apanels(const float *dst, long k, long mr) {
    return (sk_apanels){dst, 1, mr, k * mr};
}

sk_apanels sk_job_pack_a(const sk_job *job, long i0, long i1) {
    const long k = job->k, mr = job->d->mr;
    if (!job->trans_a) {
        // A row-major A is read in place: a tile's MR rows are MR contiguous streams of k
        // floats, and the kernel broadcasts one element at a time, so a copy would only
        // transpose them (a scalar copy that cost about a fifth of a small product).
        return (sk_apanels){job->a + i0 * job->lda, job->lda, 1, mr * job->lda};
    }
    const long panels_a = (i1 - i0 + mr - 1) / mr;
    float *ap = sk_reserve(&sk_scratch_a, (size_t)(panels_a * k * mr));
    sk_pack_a(job->d, job->trans_a, k, job->a, job->lda, i0, i1, ap);
    return sk_packed_apanels(ap, k, mr);
}

void sk_job_run(const sk_job *job, long i0, long i1, long q0, long q1) {
    if (i0 >= i1 || q0 >= q1) return;
    sk_job_run_packed_a(job, i0, i1, q0, q1, sk_job_pack_a(job, i0, i1));
}

void sk_job_run_packed_a(const sk_job *job, long i0, long i1, long q0, long q1, sk_apanels ap) {
    const sk_kernel_desc *d = job->d;
    const long k = job->k, nr = d->nr, mr = d->mr;
    if (i0 >= i1 || q0 >= q1) return;
    const long rows = i1 - i0;

    if (job->packed) {
        const long block = sk_panels_per_block(d, k);
        for (long qb = q0; qb < q1; qb += block)
            sk_tiles(job, ap, i0, i1, job->packed, 0, k * nr, nr, qb, qb + block < q1 ? qb + block : q1);
        return;
    }
    if (!job->trans_b && rows <= mr) {
        // One row panel: every B element is used once, so packing B would cost as much as the
        // product. Full panels are read in place; a partial last panel is packed (zero-padded).
        const long full = job->n / nr < q1 ? job->n / nr : q1;
        if (q0 < full) sk_tiles(job, ap, i0, i1, job->b, 0, nr, job->ldb, q0, full);
        if (full < q1) {
            float *buf = sk_reserve(&sk_scratch_b, (size_t)((q1 - full) * k * nr));
            sk_pack_b_panels(d, 0, k, job->n, job->b, job->ldb, full, q1, buf);
            sk_tiles(job, ap, i0, i1, buf, full, k * nr, nr, full, q1);
        }
        return;
    }
    const long block = sk_panels_per_block(d, k), pack = sk_panels_per_pack(d, k, block);
    float *buf = sk_reserve(&sk_scratch_b, (size_t)((pack < q1 - q0 ? pack : q1 - q0) * k * nr));
    for (long pb = q0; pb < q1; pb += pack) {
        const long pe = pb + pack < q1 ? pb + pack : q1;
        sk_pack_b_panels(d, job->trans_b, k, job->n, job->b, job->ldb, pb, pe, buf);
        for (long qb = pb; qb < pe; qb += block)
            sk_tiles(job, ap, i0, i1, buf, pb, k * nr, nr, qb, qb + block < pe ? qb + block : pe);
    }
}

/// Products below this many multiply-adds stay on one thread: the hand-off to the worker
/// (about 1 µs when it is spinning) and the duplicated packing would cost more than they save.
#define SK_PARALLEL_MIN_FMAS (96L * 1024)

static void sk_run(const sk_job *job, int threads) {
    const sk_kernel_desc *d = job->d;
    if (job->m == 0 || job->n == 0) return;
    if (job->k == 0) {
        if (!job->accumulate)
            for (long i = 0; i < job->m; i++) memset(job->c + i * job->ldc, 0, (size_t)job->n * sizeof(float));
        return;
    }
    if (!job->packed && job->n * 4 <= d->nr && job->m > d->mr && job->m > job->n) {
        // Few columns (∂x of a layer with 1–4 input features): a tile would be mostly padding.
        // Compute Cᵀ = op(B)ᵀ · op(A)ᵀ instead, whose rows are long. The same chains: fma(a, b,
        // acc) and fma(b, a, acc) are the same operation, so not one bit changes. `m > n` makes
        // the swapped product one that is never swapped back: with 32-column panels (AVX-512)
        // an 8 × 8 product met the first two conditions both ways and recursed until the stack
        // ran out.
        const long m = job->m, n = job->n;
        float *t = sk_reserve(&sk_scratch_c, (size_t)(m * n));
        sk_job swapped = {d, !job->trans_b, !job->trans_a, 0, n, m, job->k,
                          job->b, job->ldb, job->a, job->lda, 0, t, m};
        sk_run(&swapped, threads);
        for (long i = 0; i < m; i++) {
            float *row = job->c + i * job->ldc;
            for (long j = 0; j < n; j++) row[j] = job->accumulate ? row[j] + t[j * m + i] : t[j * m + i];
        }
        return;
    }
    const long panels = (job->n + d->nr - 1) / d->nr;
    const long fmas = job->m * job->n * job->k;
    if (threads >= 2 && fmas >= SK_PARALLEL_MIN_FMAS) {
        // About 8 pieces of at least ~32 k multiply-adds each, whole panels only.
        long pieces = fmas / (32L * 1024);
        pieces = pieces < 8 ? pieces : 8;
        const long row_panels = (job->m + d->mr - 1) / d->mr;
        const int by_rows = panels < 2;
        const long units = by_rows ? row_panels : panels;
        if (pieces >= 2 && units >= 2) {
            const long unit = (units + pieces - 1) / (pieces < units ? pieces : units);
            if (sk_run_shared(job, by_rows, unit, (units + unit - 1) / unit)) return;
        }
    }
    sk_job_run(job, 0, job->m, 0, panels);
}

// MARK: Public entry points

static const sk_kernel_desc *sk_current_desc(void) { return sk_desc_compiled(sk_kernel_in_use()); }

void sk_gemm(int trans_a, int trans_b, long m, long n, long k, const float *a, long lda,
             const float *b, long ldb, float *c, long ldc, int accumulate) {
    sk_job job = {sk_current_desc(), trans_a, trans_b, accumulate, m, n, k, a, lda, b, ldb, 0, c, ldc};
    sk_run(&job, sk_threads_in_use());
}

void sk_gemm_with(int kernel, int threads, int trans_a, int trans_b, long m, long n, long k,
                  const float *a, long lda, const float *b, long ldb, float *c, long ldc, int accumulate) {
    const sk_kernel_desc *d = kernel > 0 && sk_kernel_supported(kernel) ? sk_desc_compiled(kernel) : 0;
    if (!d || (threads != 1 && threads != 2)) {
        fprintf(stderr, "SeqKit: sk_gemm_with: kernel %s / %d threads cannot run here\n", sk_kernel_name(kernel), threads);
        exit(2);
    }
    sk_job job = {d, trans_a, trans_b, accumulate, m, n, k, a, lda, b, ldb, 0, c, ldc};
    sk_run(&job, threads);
}


sk_packed_b *sk_pack_b(int trans_b, long k, long n, const float *b, long ldb) {
    sk_packed_b *packed = malloc(sizeof *packed);
    if (!packed) return 0;
    packed->d = sk_current_desc();
    packed->k = k; packed->n = n;
    const long panels = (n + packed->d->nr - 1) / packed->d->nr;
    size_t count = (size_t)(panels * k * packed->d->nr);
    void *p = 0;
    if (posix_memalign(&p, 64, (count ? count : 1) * sizeof(float)) != 0) { free(packed); return 0; }
    packed->data = p;
    packed->cap = count ? count : 1;
    sk_pack_b_panels(packed->d, trans_b, k, n, b, ldb, 0, panels, packed->data);
    return packed;
}

void sk_packed_b_free(sk_packed_b *packed) {
    if (!packed) return;
    free(packed->data);
    free(packed);
}

void sk_gemm_packed(int trans_a, long m, const float *a, long lda, const sk_packed_b *b,
                    float *c, long ldc, int accumulate) {
    sk_job job = {b->d, trans_a, 0, accumulate, m, b->n, b->k, a, lda, 0, 0, b->data, c, ldc};
    sk_run(&job, sk_threads_in_use());
}

void sk_gemm_packed_here(int trans_a, long m, const float *a, long lda, const sk_packed_b *b,
                         float *c, long ldc, int accumulate) {
    sk_job job = {b->d, trans_a, 0, accumulate, m, b->n, b->k, a, lda, 0, 0, b->data, c, ldc};
    sk_run(&job, 1);
}

void sk_gemm_packed_pair_here(long m, const float *a1, long lda1, const sk_packed_b *b1, const float *bias,
                              const float *a2, long lda2, const sk_packed_b *b2, float *c, long ldc,
                              long q0, long q1) {
    const sk_kernel_desc *d = b1->d;
    const long nr = d->nr, mr = d->mr, n = b1->n;
    if (m <= 0 || q0 >= q1) return;
    const sk_job first = {d, 0, 0, 0, m, n, b1->k, a1, lda1, 0, 0, b1->data, c, ldc};
    const sk_job second = {d, 0, 0, 1, m, n, a2 ? b2->k : 0, a2, lda2, 0, 0, a2 ? b2->data : 0, c, ldc};
    const long block = sk_panels_per_block(d, first.k + second.k > 0 ? first.k + second.k : 1);
    for (long qb = q0; qb < q1; qb += block) {
        const long qe = qb + block < q1 ? qb + block : q1;
        const long j0 = qb * nr, j1 = qe * nr < n ? qe * nr : n;
        for (long i = 0; i < m; i += mr) {
            // Row panel by row panel (its 6 × 4H values stay in L1): A1·B1 stored, the bias
            // added, A2·B2 added. Tile by tile, the bias pass's scalar stores were read back at
            // once by the second product's vector loads, which stalled on each (0.92× slower).
            const long i1 = i + mr < m ? i + mr : m;
            sk_tiles(&first, sk_job_pack_a(&first, i, i1), i, i1, first.packed, 0, first.k * nr, nr, qb, qe);
            for (long r = i; r < i1; r++) {
                float *row = c + r * ldc;
                for (long j = j0; j < j1; j++) row[j] = row[j] + bias[j];
            }
            if (a2) sk_tiles(&second, sk_job_pack_a(&second, i, i1), i, i1, second.packed, 0, second.k * nr, nr, qb, qe);
        }
    }
}

/// What the parts of a shared-B call share: the products on the packing, their packed A panels,
/// and B's rows [kmin, kmin + kk).
typedef struct {
    const sk_kernel_desc *d;
    const sk_shared_b_product *products;
    const int *shared;
    int nshared;
    const sk_apanels *ap;
    long n, kmin, kk;
    const float *b;
    long ldb;
    float *sums;      ///< column sums of B's rows [0, sum_rows), or NULL
    long sum_rows;
    const sk_packed_b *packed;   ///< B packed already (b unused), or NULL
} sk_shared_b_task;

/// Column panels [q0, q1) of every shared product: B packed block by block, once, and each
/// product run on its rows of the block.
static void sk_shared_b_panels(const sk_shared_b_task *t, long q0, long q1) {
    const sk_kernel_desc *d = t->d;
    const long nr = d->nr, kk = t->kk;
    if (q0 >= q1) return;
    const long block = sk_panels_per_block(d, kk);
    if (t->packed) {
        // Block by block: the column sums first, which brings the block's panels into cache
        // for the products.
        const sk_packed_b *b = t->packed;
        for (long qb = q0; qb < q1; qb += block) {
            const long qe = qb + block < q1 ? qb + block : q1;
            if (t->sums) sk_sum_panels(b, qb, qe, t->sum_rows, t->sums);
            for (int s = 0; s < t->nshared; s++) {
                const sk_shared_b_product *p = &t->products[t->shared[s]];
                const sk_job job = {d, p->trans_a, 0, 0, p->m, t->n, p->k, p->a, p->lda, 0, 0, 0, p->c, p->ldc};
                sk_tiles(&job, t->ap[s], 0, p->m, b->data + p->k0 * nr, 0, b->k * nr, nr, qb, qe);
            }
        }
        return;
    }
    const long pack = sk_panels_per_pack(d, kk, block);
    float *buf = sk_reserve(&sk_scratch_b, (size_t)((pack < q1 - q0 ? pack : q1 - q0) * kk * nr));
    for (long pb = q0; pb < q1; pb += pack) {
        const long pe = pb + pack < q1 ? pb + pack : q1;
        // The column sums of these panels: rows before the packed ones, the packed rows as they
        // are read, the rows after them; so each column is summed over p = 0, 1, … in order.
        // (Where fewer rows are summed than packed, the packing sums none and they are summed
        // after it instead.)
        const long j0 = pb * nr, j1 = pe * nr < t->n ? pe * nr : t->n, kend = t->kmin + kk;
        const long before = t->kmin < t->sum_rows ? t->kmin : t->sum_rows;
        const int while_packing = t->sums && kend <= t->sum_rows;
        if (t->sums) {
            for (long j = j0; j < j1; j++) t->sums[j] = 0.0f;
            sk_add_rows(t->sums, t->b, t->ldb, 0, before, j0, j1);
        }
        sk_pack_b_panels_summing(d, 0, kk, t->n, t->b + t->kmin * t->ldb, t->ldb, pb, pe, buf,
                                 while_packing ? t->sums : 0);
        if (t->sums) sk_add_rows(t->sums, t->b, t->ldb, while_packing ? kend : before, t->sum_rows, j0, j1);
        for (long qb = pb; qb < pe; qb += block) {
            const long qe = qb + block < pe ? qb + block : pe;
            for (int s = 0; s < t->nshared; s++) {
                const sk_shared_b_product *p = &t->products[t->shared[s]];
                const sk_job job = {d, p->trans_a, 0, 0, p->m, t->n, p->k, p->a, p->lda, 0, 0, 0, p->c, p->ldc};
                sk_tiles(&job, t->ap[s], 0, p->m, buf + (p->k0 - t->kmin) * nr, pb, kk * nr, nr, qb, qe);
            }
        }
    }
}

/// Part `part` of two: half of the column panels each.
static void sk_shared_b_part(void *arg, int part) {
    const sk_shared_b_task *t = arg;
    const long panels = (t->n + t->d->nr - 1) / t->d->nr, half = (panels + 1) / 2;
    sk_shared_b_panels(t, part == 0 ? 0 : half, part == 0 ? half : panels);
}

/// sk_gemm_shared_b (packed == NULL: B row-major at b) and sk_gemm_shared_b_packed.
static void sk_shared_b_run(const sk_kernel_desc *d, const sk_shared_b_product *products, int count, long n,
                            const float *b, long ldb, const sk_packed_b *packed, float *sums, long sum_rows) {
    const long nr = d->nr, mr = d->mr;
    if (n == 0) return;
    if (sum_rows < 0) sum_rows = 0;
    // Which products share the packing: at least two row panels (one reads B in place, see
    // sk_job_run) and k > 0. The others run as separate sk_gemm calls. With two threads the
    // shared products are split by column panels, each thread packing its half of B once for
    // all of them: split product by product as sk_gemm splits it, B was packed once per product
    // in pieces of two panels (with ∂W and ∂U of an LSTM at F8 H128 T50 B64, packing took 12 %
    // of the training step's CPU time, against 0.5 % with one thread). Either way the same bits.
    // With B packed already, every product with k > 0 runs on it (one row panel too), and those
    // with k = 0 get C = 0, as sk_gemm gives them.
    int shared[16], nshared = 0;
    long kmin = 0, kmax = 0;
    const int packs = packed || !(n * 4 <= nr);
    for (int i = 0; i < count; i++) {
        const sk_shared_b_product *p = &products[i];
        if (packs && nshared < 16 && (packed || p->m > mr) && p->k > 0) {
            if (nshared == 0 || p->k0 < kmin) kmin = p->k0;
            if (nshared == 0 || p->k0 + p->k > kmax) kmax = p->k0 + p->k;
            shared[nshared++] = i;
        } else if (!packed) {
            sk_gemm(p->trans_a, 0, p->m, n, p->k, p->a, p->lda, b + p->k0 * ldb, ldb, p->c, p->ldc, 0);
        } else if (p->k <= 0) {
            for (long r = 0; r < p->m; r++)
                for (long j = 0; j < n; j++) p->c[r * p->ldc + j] = 0.0f;
        } else {
            fprintf(stderr, "SeqKit: sk_gemm_shared_b_packed: more than 16 products\n");
            abort();
        }
    }
    if (nshared == 0) {
        if (sums && packed) {
            sk_sum_panels(packed, 0, (n + nr - 1) / nr, sum_rows, sums);
        } else if (sums) {
            for (long j = 0; j < n; j++) sums[j] = 0.0f;
            sk_add_rows(sums, b, ldb, 0, sum_rows, 0, n);
        }
        return;
    }
    // Every A packed once, into one scratch buffer (read by both threads).
    sk_apanels ap[16];
    long total = 0;
    for (int s = 0; s < nshared; s++) {
        const sk_shared_b_product *p = &products[shared[s]];
        total += (p->m + mr - 1) / mr * p->k * mr;
    }
    float *abuf = sk_reserve(&sk_scratch_a, (size_t)total);
    long fmas = 0;
    for (int s = 0; s < nshared; s++) {
        const sk_shared_b_product *p = &products[shared[s]];
        sk_pack_a(d, p->trans_a, p->k, p->a, p->lda, 0, p->m, abuf);
        ap[s] = sk_packed_apanels(abuf, p->k, mr);
        abuf += (p->m + mr - 1) / mr * p->k * mr;
        fmas += p->m * n * p->k;
    }
    const sk_shared_b_task task = {d, products, shared, nshared, ap, n, kmin, kmax - kmin, b, ldb, sums, sum_rows,
                                   packed};
    const long panels = (n + nr - 1) / nr;
    if (sk_threads_in_use() >= 2 && panels >= 2 && fmas >= SK_PARALLEL_MIN_FMAS
        && sk_run_pair(sk_shared_b_part, (void *)&task)) return;
    sk_shared_b_panels(&task, 0, panels);
}

void sk_gemm_shared_b(const sk_shared_b_product *products, int count, long n, const float *b, long ldb,
                      float *sums, long sum_rows) {
    sk_shared_b_run(sk_current_desc(), products, count, n, b, ldb, 0, sums, sum_rows);
}

void sk_gemm_shared_b_packed(const sk_shared_b_product *products, int count, const sk_packed_b *b,
                             float *sums, long sum_rows) {
    for (int i = 0; i < count; i++) {
        const sk_shared_b_product *p = &products[i];
        if (p->k > 0 && (p->k0 < 0 || p->k0 + p->k > b->k)) {
            fprintf(stderr, "SeqKit: sk_gemm_shared_b_packed: rows [%ld, %ld) outside the %ld packed rows\n",
                    p->k0, p->k0 + p->k, b->k);
            abort();
        }
    }
    sk_shared_b_run(b->d, products, count, b->n, 0, 0, b, sums, sum_rows < b->k ? sum_rows : b->k);
}

sk_packed_b *sk_packed_b_reserve(sk_packed_b *old, long k, long n) {
    const sk_kernel_desc *d = sk_current_desc();
    const long panels = (n + d->nr - 1) / d->nr;
    const size_t count = (size_t)(panels * k * d->nr);
    if (old && old->d == d && old->cap >= count) {
        old->k = k; old->n = n;
        return old;
    }
    sk_packed_b_free(old);
    sk_packed_b *packed = malloc(sizeof *packed);
    if (!packed) return 0;
    const size_t cap = count ? count : 1;
    void *p = 0;
    if (posix_memalign(&p, 64, cap * sizeof(float)) != 0) { free(packed); return 0; }
    *packed = (sk_packed_b){d, k, n, p, cap};
    return packed;
}
