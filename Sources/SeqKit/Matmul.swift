// Single-precision matrix multiply: SeqKit's layers call `gemm` / `gemmNT` / `PackedMatrix`,
// which hand the work to the C target CSeqKitKernels (Sources/CSeqKitKernels).
//
// Why C: a package that depends on SeqKit compiles it for the baseline CPU (it cannot pass
// `-target-cpu native`), so the fast kernels must be chosen at run time for the CPU found:
// AVX-512F, AVX2+FMA, NEON or a portable path, each a function with its own target attribute,
// picked by cpuid. Every path computes the same chain, so results are bit-identical:
//
//     C[i,j] = (C[i,j] +) fma(a[i,K−1], b[K−1,j], … fma(a[i,1], b[1,j], fma(a[i,0], b[0,j], 0)))
//
// — K in increasing order, one fused multiply-add per term, no partial sums. The ten-line
// version is `referenceProduct` in Tests/SeqKitTests/GemmTests.swift; the header
// Sources/CSeqKitKernels/include/CSeqKitKernels.h documents the contract and the paths.

import CSeqKitKernels

/// General product `C (+)= A · B` on raw row-major buffers.
///
/// - `A` is m×k with element (i, p) at `a[i * ars + p * acs]`; one of the two strides must be 1
///   (`acs == 1`: rows of A are contiguous; `ars == 1`: A is stored transposed, k×m).
/// - `B` is k×n row-major with leading dimension `ldb`; `C` is m×n with leading dimension `ldc`.
/// - `accumulate == false` overwrites C, `true` adds the product to C (one addition per element).
func gemm(m: Int, n: Int, k: Int,
          a: UnsafePointer<Float>, ars: Int, acs: Int,
          b: UnsafePointer<Float>, ldb: Int,
          c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    check(acs == 1 || ars == 1, "gemm: one stride of A must be 1, got ars \(ars), acs \(acs)")
    let transposedA = acs != 1
    sk_gemm(transposedA ? 1 : 0, 0, m, n, k, a, transposedA ? acs : ars, b, ldb, c, ldc, accumulate ? 1 : 0)
}

/// `C (+)= A · Bᵀ` with A m×k (leading dimension `lda`) and B stored n×k (leading dimension `ldb`).
func gemmNT(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
            b: UnsafePointer<Float>, ldb: Int,
            c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    sk_gemm(0, 1, m, n, k, a, lda, b, ldb, c, ldc, accumulate ? 1 : 0)
}

/// Two weight gradients from one gate-gradient matrix, B packed once for both:
/// `c1 = a1ᵀ · B[k01 ..< k01 + k1, :]` and `c2 = a2ᵀ · B[k02 ..< k02 + k2, :]`, where each `a`
/// is stored k×m row-major (leading dimension `lda`, so its transpose is the m×k operand) and
/// B is row-major with `n` columns (leading dimension `ldb`). C is overwritten (leading
/// dimension n). The same bits as two `gemm` calls. With `columnSums` (n floats), also the
/// column sums of B's rows `0 ..< sumRows`, added while B is packed: the same bits as
/// `columnSums(_:rows:columns:)` (each column from +0, rows in order).
func gemmTransposedASharedB(n: Int, b: UnsafePointer<Float>, ldb: Int,
                            m1: Int, k01: Int, k1: Int, a1: UnsafePointer<Float>, lda1: Int, c1: UnsafeMutablePointer<Float>,
                            m2: Int, k02: Int, k2: Int, a2: UnsafePointer<Float>, lda2: Int, c2: UnsafeMutablePointer<Float>,
                            columnSums: UnsafeMutablePointer<Float>? = nil, sumRows: Int = 0) {
    var products = [
        sk_shared_b_product(trans_a: 1, m: m1, k0: k01, k: k1, a: a1, lda: lda1, c: c1, ldc: n),
        sk_shared_b_product(trans_a: 1, m: m2, k0: k02, k: k2, a: a2, lda: lda2, c: c2, ldc: n),
    ]
    products.withUnsafeMutableBufferPointer { p in
        sk_gemm_shared_b(p.baseAddress!, Int32(p.count), n, b, ldb, columnSums, sumRows)
    }
}

/// `gemmTransposedASharedB` with B already packed (`b`, from ``PackedRows``: its k × n, the
/// products' row ranges inside it): the same bits, without packing B.
func gemmTransposedASharedPackedB(b: OpaquePointer,
                                  m1: Int, k01: Int, k1: Int, a1: UnsafePointer<Float>, lda1: Int, c1: UnsafeMutablePointer<Float>,
                                  m2: Int, k02: Int, k2: Int, a2: UnsafePointer<Float>, lda2: Int, c2: UnsafeMutablePointer<Float>,
                                  ldc: Int, columnSums: UnsafeMutablePointer<Float>? = nil, sumRows: Int = 0) {
    var products = [
        sk_shared_b_product(trans_a: 1, m: m1, k0: k01, k: k1, a: a1, lda: lda1, c: c1, ldc: ldc),
        sk_shared_b_product(trans_a: 1, m: m2, k0: k02, k: k2, a: a2, lda: lda2, c: c2, ldc: ldc),
    ]
    products.withUnsafeMutableBufferPointer { p in
        sk_gemm_shared_b_packed(p.baseAddress!, Int32(p.count), b, columnSums, sumRows)
    }
}

/// A matrix the C target writes in its packed layout directly (an LSTM's ∂Z, step by step
/// during the backward pass, while each step's rows are in cache), kept from one pass to the
/// next like the layers' other per-pass buffers.
final class PackedRows {
    private var packed: OpaquePointer?

    /// Room for k × n in the layout of the kernel in use (contents unset until written).
    func reserve(k: Int, n: Int) -> OpaquePointer {
        let p = sk_packed_b_reserve(packed, k, n)
        packed = p
        guard let p else { fatalError("PackedRows: out of memory for a packed \(k)×\(n) matrix") }
        return p
    }

    deinit { sk_packed_b_free(packed) }
}

/// A right-hand matrix packed once into the kernel's panel layout, for many products with it:
/// a recurrent layer multiplies by the same U (or Uᵀ) at every time step, and packing it per
/// step would cost as much as the product itself at batch 1.
///
/// Products with a packed matrix give the same bits as `gemm` with the unpacked one.
final class PackedMatrix {
    /// Inner dimension k and columns n of the packed op(B) (k×n).
    let k: Int, n: Int
    /// The C target's `sk_packed_b *`, for kernels that take the packed matrix themselves.
    let packed: OpaquePointer

    /// Packs op(B), k×n: `B(p, j) = b[p * ldb + j]`, or `b[j * ldb + p]` when `transposed`
    /// (B stored n×k).
    init(_ b: UnsafePointer<Float>, ldb: Int, k: Int, n: Int, transposed: Bool = false) {
        guard let p = sk_pack_b(transposed ? 1 : 0, k, n, b, ldb) else {
            fatalError("PackedMatrix: out of memory packing a \(k)×\(n) matrix")
        }
        self.k = k; self.n = n; packed = p
    }

    deinit { sk_packed_b_free(packed) }

    /// `C (+)= A · B` with A m×k, its element (i, p) at `a[i * ars + p * acs]` (one stride 1).
    func multiply(m: Int, a: UnsafePointer<Float>, ars: Int, acs: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        check(acs == 1 || ars == 1, "PackedMatrix.multiply: one stride of A must be 1, got ars \(ars), acs \(acs)")
        let transposedA = acs != 1
        sk_gemm_packed(transposedA ? 1 : 0, m, a, transposedA ? acs : ars, packed, c, ldc, accumulate ? 1 : 0)
    }
}

// MARK: Tensor-level product

/// Matrix product `a · b` of two matrices, optionally transposing either operand first.
///
/// `(m, k) · (k, n) -> (m, n)`; each element is one fused multiply-add chain over k in order
/// (see the top of Matmul.swift), so the result is the same on every CPU and thread count.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    check(a.rank == 2 && b.rank == 2, "matmul: needs matrices, got \(a.shape) × \(b.shape)")
    let m = transposeA ? a.shape[1] : a.shape[0]
    let ka = transposeA ? a.shape[0] : a.shape[1]
    let kb = transposeB ? b.shape[1] : b.shape[0]
    let n = transposeB ? b.shape[0] : b.shape[1]
    check(ka == kb, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
    var out = uninitializedFloats(m * n)   // the product overwrites every element (k = 0: zeros)
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                // (m, k) · (k, n) -> (m, n); the stored shapes give the leading dimensions.
                sk_gemm(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, ka,
                        pa.baseAddress!, a.shape[1], pb.baseAddress!, b.shape[1],
                        pc.baseAddress!, n, 0)
            }
        }
    }
    return Tensor(shape: [m, n], scalars: out)
}

/// `x · w + bias`, the bias added to every row: `(m, k) · (k, n) + (n) -> (m, n)`.
///
/// C starts as the bias rows and the product is accumulated onto it, so each element is
/// `bias[j] + chain` — one addition, the bits of `matmul(x, w).addingRow(bias)` (IEEE addition
/// is commutative) without a second pass over the output.
func matmulAddingRow(_ x: Tensor, _ w: Tensor, _ bias: Tensor) -> Tensor {
    check(x.rank == 2 && w.rank == 2 && x.shape[1] == w.shape[0] && bias.count == w.shape[1],
          "matmulAddingRow: \(x.shape) · \(w.shape) + \(bias.shape) do not fit")
    let m = x.shape[0], k = x.shape[1], n = w.shape[1]
    var out = uninitializedFloats(m * n)
    x.scalars.withUnsafeBufferPointer { pa in
        w.scalars.withUnsafeBufferPointer { pb in
            bias.scalars.withUnsafeBufferPointer { pr in
                out.withUnsafeMutableBufferPointer { pc in
                    let c = pc.baseAddress!, row = pr.baseAddress!
                    for i in 0..<m { for j in 0..<n { c[i * n + j] = row[j] } }   // inline, not a memmove per row
                    sk_gemm(0, 0, m, n, k, pa.baseAddress!, k, pb.baseAddress!, n, pc.baseAddress!, n, 1)
                }
            }
        }
    }
    return Tensor(shape: [m, n], scalars: out)
}
