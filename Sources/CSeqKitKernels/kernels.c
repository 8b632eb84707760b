// The micro-kernel of micro_kernel.inc, instantiated once per instruction set. Each instance
// carries its own target attribute, so a binary built for the x86-64 baseline still holds the
// AVX2 and AVX-512 versions and the driver picks one at run time.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "CSeqKitKernels.h"
#include "internal.h"

// Portable: 4-lane generic vectors; __builtin_elementwise_fma is a correctly rounded fma, an
// instruction where the target has one and the C library's fmaf elsewhere. 4×8 tiles.
#define SK_ID portable
#define SK_KID SK_KERNEL_PORTABLE
#define SK_W 4
#define SK_NV 2
#define SK_MR 4
#define SK_BUDGET 8
#define SK_TARGET
#include "micro_kernel.inc"

#if defined(__x86_64__)
// AVX2 + FMA3: 16 ymm registers; 6×16 tiles = 12 accumulators + 2 B vectors + 1 broadcast.
#define SK_ID avx2
#define SK_KID SK_KERNEL_AVX2
#define SK_W 8
#define SK_NV 2
#define SK_MR 6
#define SK_BUDGET 12
#define SK_TARGET __attribute__((target("avx2,fma")))
#include "micro_kernel.inc"

// AVX-512F: 32 zmm registers; 6×32 tiles = 12 accumulators (up to 12 for the short tiles).
#define SK_ID avx512
#define SK_KID SK_KERNEL_AVX512
#define SK_W 16
#define SK_NV 2
#define SK_MR 6
#define SK_BUDGET 12
#define SK_TARGET __attribute__((target("avx512f,avx2,fma")))
#include "micro_kernel.inc"
#endif

#if defined(__aarch64__)
// NEON (Advanced SIMD, FMA baseline on aarch64): 32 q registers; 6×16 tiles = 24 accumulators
// + 4 B vectors + 1 broadcast.
#define SK_ID neon
#define SK_KID SK_KERNEL_NEON
#define SK_W 4
#define SK_NV 4
#define SK_MR 6
#define SK_BUDGET 24
#define SK_TARGET
#include "micro_kernel.inc"
#endif

const sk_kernel_desc *sk_desc_compiled(int id) {
    switch (id) {
    case SK_KERNEL_PORTABLE: return &sk_desc_portable;
#if defined(__x86_64__)
    case SK_KERNEL_AVX2: return &sk_desc_avx2;
    case SK_KERNEL_AVX512: return &sk_desc_avx512;
#endif
#if defined(__aarch64__)
    case SK_KERNEL_NEON: return &sk_desc_neon;
#endif
    default: return 0;
    }
}
