// Single-precision matrix multiply: a register-blocked kernel over SIMD16<Float> vectors.
//
// Why written by hand: the chapters' models are small (hidden 16–128), where a BLAS call's
// fixed cost and a generic loop's slowness both hurt. The kernel computes a 6×32 tile of C in
// twelve 16-lane accumulators (12 of the 32 AVX-512 registers), streaming one row of B (two
// vector loads) and six broadcast elements of A per step of k. Columns beyond the last full
// 16-lane panel are computed in a zero-padded scratch tile, so no scalar tail loop remains.

@usableFromInline typealias V16 = SIMD16<Float>

/// `acc += a * b`, fused where the target has FMA (arm64 always; x86-64 when built with
/// the default host-CPU build, which defines SEQKIT_FMA). Without hardware FMA, LLVM would lower the
/// fused form to a libm call per lane, so the portable build multiplies then adds.
@inline(__always) @usableFromInline
func fmadd(_ acc: inout V16, _ a: V16, _ b: V16) {
    #if SEQKIT_FMA || arch(arm64)
    acc.addProduct(a, b)
    #else
    acc += a * b
    #endif
}

@inline(__always) @usableFromInline
func load16(_ p: UnsafePointer<Float>) -> V16 {
    UnsafeRawPointer(p).loadUnaligned(as: V16.self)
}

@inline(__always) @usableFromInline
func store16(_ v: V16, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V16.self)
}

@inline(__always)
private func put(_ v: V16, _ p: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
    store16(accumulate ? load16(p) + v : v, p)
}

/// C[6×32] (+)= A[6×k] · B[k×32]; A(i, p) at `a[i * ars + p * acs]`.
@inline(__always)
private func kernel6x32(_ k: Int, _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
                        _ b: UnsafePointer<Float>, _ ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    var c00 = V16(), c01 = V16(), c10 = V16(), c11 = V16(), c20 = V16(), c21 = V16()
    var c30 = V16(), c31 = V16(), c40 = V16(), c41 = V16(), c50 = V16(), c51 = V16()
    var p0 = a, p1 = a + ars, p2 = a + 2 * ars, p3 = a + 3 * ars, p4 = a + 4 * ars, p5 = a + 5 * ars
    var pb = b
    for _ in 0..<k {
        let b0 = load16(pb), b1 = load16(pb + 16)
        var x = V16(repeating: p0.pointee); fmadd(&c00, x, b0); fmadd(&c01, x, b1)
        x = V16(repeating: p1.pointee); fmadd(&c10, x, b0); fmadd(&c11, x, b1)
        x = V16(repeating: p2.pointee); fmadd(&c20, x, b0); fmadd(&c21, x, b1)
        x = V16(repeating: p3.pointee); fmadd(&c30, x, b0); fmadd(&c31, x, b1)
        x = V16(repeating: p4.pointee); fmadd(&c40, x, b0); fmadd(&c41, x, b1)
        x = V16(repeating: p5.pointee); fmadd(&c50, x, b0); fmadd(&c51, x, b1)
        p0 += acs; p1 += acs; p2 += acs; p3 += acs; p4 += acs; p5 += acs
        pb += ldb
    }
    put(c00, c, accumulate); put(c01, c + 16, accumulate)
    put(c10, c + ldc, accumulate); put(c11, c + ldc + 16, accumulate)
    put(c20, c + 2 * ldc, accumulate); put(c21, c + 2 * ldc + 16, accumulate)
    put(c30, c + 3 * ldc, accumulate); put(c31, c + 3 * ldc + 16, accumulate)
    put(c40, c + 4 * ldc, accumulate); put(c41, c + 4 * ldc + 16, accumulate)
    put(c50, c + 5 * ldc, accumulate); put(c51, c + 5 * ldc + 16, accumulate)
}

/// C[6×16] (+)= A[6×k] · B[k×16].
@inline(__always)
private func kernel6x16(_ k: Int, _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
                        _ b: UnsafePointer<Float>, _ ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    var c0 = V16(), c1 = V16(), c2 = V16(), c3 = V16(), c4 = V16(), c5 = V16()
    var p0 = a, p1 = a + ars, p2 = a + 2 * ars, p3 = a + 3 * ars, p4 = a + 4 * ars, p5 = a + 5 * ars
    var pb = b
    for _ in 0..<k {
        let b0 = load16(pb)
        fmadd(&c0, V16(repeating: p0.pointee), b0)
        fmadd(&c1, V16(repeating: p1.pointee), b0)
        fmadd(&c2, V16(repeating: p2.pointee), b0)
        fmadd(&c3, V16(repeating: p3.pointee), b0)
        fmadd(&c4, V16(repeating: p4.pointee), b0)
        fmadd(&c5, V16(repeating: p5.pointee), b0)
        p0 += acs; p1 += acs; p2 += acs; p3 += acs; p4 += acs; p5 += acs
        pb += ldb
    }
    put(c0, c, accumulate); put(c1, c + ldc, accumulate); put(c2, c + 2 * ldc, accumulate)
    put(c3, c + 3 * ldc, accumulate); put(c4, c + 4 * ldc, accumulate); put(c5, c + 5 * ldc, accumulate)
}

/// C[4×32] (+)= A[4×k] · B[k×32]: the remainder rows of batches like 32 or 64 (= 6·q + 4·r),
/// so no row falls to the latency-bound single-row kernel.
@inline(__always)
private func kernel4x32(_ k: Int, _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
                        _ b: UnsafePointer<Float>, _ ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    var c00 = V16(), c01 = V16(), c10 = V16(), c11 = V16(), c20 = V16(), c21 = V16(), c30 = V16(), c31 = V16()
    var p0 = a, p1 = a + ars, p2 = a + 2 * ars, p3 = a + 3 * ars
    var pb = b
    for _ in 0..<k {
        let b0 = load16(pb), b1 = load16(pb + 16)
        var x = V16(repeating: p0.pointee); fmadd(&c00, x, b0); fmadd(&c01, x, b1)
        x = V16(repeating: p1.pointee); fmadd(&c10, x, b0); fmadd(&c11, x, b1)
        x = V16(repeating: p2.pointee); fmadd(&c20, x, b0); fmadd(&c21, x, b1)
        x = V16(repeating: p3.pointee); fmadd(&c30, x, b0); fmadd(&c31, x, b1)
        p0 += acs; p1 += acs; p2 += acs; p3 += acs
        pb += ldb
    }
    put(c00, c, accumulate); put(c01, c + 16, accumulate)
    put(c10, c + ldc, accumulate); put(c11, c + ldc + 16, accumulate)
    put(c20, c + 2 * ldc, accumulate); put(c21, c + 2 * ldc + 16, accumulate)
    put(c30, c + 3 * ldc, accumulate); put(c31, c + 3 * ldc + 16, accumulate)
}

/// C[4×16] (+)= A[4×k] · B[k×16].
@inline(__always)
private func kernel4x16(_ k: Int, _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int,
                        _ b: UnsafePointer<Float>, _ ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    var c0 = V16(), c1 = V16(), c2 = V16(), c3 = V16()
    var p0 = a, p1 = a + ars, p2 = a + 2 * ars, p3 = a + 3 * ars
    var pb = b
    for _ in 0..<k {
        let b0 = load16(pb)
        fmadd(&c0, V16(repeating: p0.pointee), b0)
        fmadd(&c1, V16(repeating: p1.pointee), b0)
        fmadd(&c2, V16(repeating: p2.pointee), b0)
        fmadd(&c3, V16(repeating: p3.pointee), b0)
        p0 += acs; p1 += acs; p2 += acs; p3 += acs
        pb += ldb
    }
    put(c0, c, accumulate); put(c1, c + ldc, accumulate); put(c2, c + 2 * ldc, accumulate); put(c3, c + 3 * ldc, accumulate)
}

/// C[1×32] (+)= A[1×k] · B[k×32]. One accumulator per lane, k in order — the same summation
/// order as the 6-row kernel, so a sample's result does not depend on its position in a batch
/// (predict with any batch size gives bit-identical outputs).
@inline(__always)
private func kernel1x32(_ k: Int, _ a: UnsafePointer<Float>, _ acs: Int,
                        _ b: UnsafePointer<Float>, _ ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
    var s0 = V16(), s1 = V16()
    var p = a, pb = b
    for _ in 0..<k {
        let x = V16(repeating: p.pointee)
        fmadd(&s0, x, load16(pb)); fmadd(&s1, x, load16(pb + 16))
        p += acs; pb += ldb
    }
    put(s0, c, accumulate); put(s1, c + 16, accumulate)
}

/// C[1×16] (+)= A[1×k] · B[k×16], summation order as above.
@inline(__always)
private func kernel1x16(_ k: Int, _ a: UnsafePointer<Float>, _ acs: Int,
                        _ b: UnsafePointer<Float>, _ ldb: Int,
                        _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
    var s = V16()
    var p = a, pb = b
    for _ in 0..<k {
        fmadd(&s, V16(repeating: p.pointee), load16(pb))
        p += acs; pb += ldb
    }
    put(s, c, accumulate)
}

/// Row blocks of one 16- or 32-column panel: 6-row blocks, then 4-row blocks, then single
/// rows. When m mod 6 is 2 or 3, one 6-block fewer leaves 8 or 9 rows = two 4-blocks (+ 1).
@inline(__always)
private func panel(width: Int, m: Int, k: Int, a: UnsafePointer<Float>, ars: Int, acs: Int,
                   b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
                   accumulate: Bool) {
    var sixes = m / 6
    if (m % 6 == 2 || m % 6 == 3) && sixes > 0 { sixes -= 1 }
    var i = 0
    if width == 32 {
        for _ in 0..<sixes {
            kernel6x32(k, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, accumulate); i += 6
        }
        while i + 4 <= m { kernel4x32(k, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, accumulate); i += 4 }
        while i < m { kernel1x32(k, a + i * ars, acs, b, ldb, c + i * ldc, accumulate); i += 1 }
    } else {
        for _ in 0..<sixes {
            kernel6x16(k, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, accumulate); i += 6
        }
        while i + 4 <= m { kernel4x16(k, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc, accumulate); i += 4 }
        while i < m { kernel1x16(k, a + i * ars, acs, b, ldb, c + i * ldc, accumulate); i += 1 }
    }
}

/// General product `C (+)= A · B` on raw row-major buffers.
///
/// - `A` is m×k with element (i, p) at `a[i * ars + p * acs]`, so a transposed operand is
///   just a pair of swapped strides (`ars = 1, acs = lda`).
/// - `B` is k×n row-major with leading dimension `ldb`; `C` is m×n with leading dimension `ldc`.
/// - `accumulate == false` overwrites C, `true` adds to it.
/// - Long inner dimensions are cut into blocks of `kBlock`, so the 32-column slice of B that a
///   panel streams (kBlock × 32 floats = 16 KiB) stays in L1 while every row block reuses it;
///   each block adds into C. (The weight gradients of a recurrent layer have k = time × batch,
///   thousands long: unblocked, their B slices came from L3 once per row block.)
@usableFromInline
func gemm(m: Int, n: Int, k: Int,
          a: UnsafePointer<Float>, ars: Int, acs: Int,
          b: UnsafePointer<Float>, ldb: Int,
          c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    let kBlock = 128
    if k > 2 * kBlock {
        var k0 = 0
        while k0 < k {
            let kb = min(kBlock, k - k0)
            gemmUnblocked(m: m, n: n, k: kb, a: a + k0 * acs, ars: ars, acs: acs, b: b + k0 * ldb, ldb: ldb,
                          c: c, ldc: ldc, accumulate: accumulate || k0 > 0)
            k0 += kb
        }
    } else {
        gemmUnblocked(m: m, n: n, k: k, a: a, ars: ars, acs: acs, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
    }
}

/// One pass of panels over the whole of k (see `gemm`).
private func gemmUnblocked(m: Int, n: Int, k: Int,
                           a: UnsafePointer<Float>, ars: Int, acs: Int,
                           b: UnsafePointer<Float>, ldb: Int,
                           c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    var j = 0
    while j + 32 <= n {
        panel(width: 32, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb,
              c: c + j, ldc: ldc, accumulate: accumulate)
        j += 32
    }
    if j + 16 <= n {
        panel(width: 16, m: m, k: k, a: a, ars: ars, acs: acs, b: b + j, ldb: ldb,
              c: c + j, ldc: ldc, accumulate: accumulate)
        j += 16
    }
    let rest = n - j
    if rest > 0 {
        // Last < 16 columns: copy them into a zero-padded k×16 panel, compute a full-width
        // tile into scratch, and keep only the valid columns.
        let pb = UnsafeMutablePointer<Float>.allocate(capacity: k * 16)
        let pc = UnsafeMutablePointer<Float>.allocate(capacity: m * 16)
        defer { pb.deallocate(); pc.deallocate() }
        for p in 0..<k {
            for q in 0..<16 { pb[p * 16 + q] = q < rest ? b[p * ldb + j + q] : 0 }
        }
        panel(width: 16, m: m, k: k, a: a, ars: ars, acs: acs, b: pb, ldb: 16,
              c: pc, ldc: 16, accumulate: false)
        for i in 0..<m {
            for q in 0..<rest {
                if accumulate { c[i * ldc + j + q] += pc[i * 16 + q] } else { c[i * ldc + j + q] = pc[i * 16 + q] }
            }
        }
    }
}

/// `C (+)= A · Bᵀ` with B stored n×k row-major: B is transposed into scratch once, which costs
/// k·n moves against m·n·k multiply-adds.
@usableFromInline
func gemmNT(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
            b: UnsafePointer<Float>, ldb: Int,
            c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
    if n <= 4 {
        // Few output columns (e.g. ∂x with 1–4 input features): row-by-row dot products of two
        // contiguous vectors beat a 16-wide tile that would be mostly padding.
        for i in 0..<m {
            for j in 0..<n {
                let d = dot(a + i * lda, b + j * ldb, k)
                if accumulate { c[i * ldc + j] += d } else { c[i * ldc + j] = d }
            }
        }
        return
    }
    let bt = UnsafeMutablePointer<Float>.allocate(capacity: max(k * n, 1))
    defer { bt.deallocate() }
    transpose(rows: n, columns: k, b, ldb, bt, n)
    gemm(m: m, n: n, k: k, a: a, ars: lda, acs: 1, b: bt, ldb: n, c: c, ldc: ldc, accumulate: accumulate)
}

/// Σ x[i]·y[i] over `count` contiguous floats: 16 lane sums, then the lanes in a fixed order.
@inline(__always)
private func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc = V16()
    var i = 0
    while i + 16 <= count { fmadd(&acc, load16(x + i), load16(y + i)); i += 16 }
    var s = acc.sum()
    while i < count { s += x[i] * y[i]; i += 1 }
    return s
}

/// dst (columns×rows, leading dimension ldd) = srcᵀ, src rows×columns with leading dimension lds.
@usableFromInline
func transpose(rows: Int, columns: Int, _ src: UnsafePointer<Float>, _ lds: Int,
               _ dst: UnsafeMutablePointer<Float>, _ ldd: Int) {
    // 8×8 blocks keep both sides of the copy inside a few cache lines.
    var i0 = 0
    while i0 < rows {
        let i1 = min(i0 + 8, rows)
        var j0 = 0
        while j0 < columns {
            let j1 = min(j0 + 8, columns)
            for i in i0..<i1 { for j in j0..<j1 { dst[j * ldd + i] = src[i * lds + j] } }
            j0 = j1
        }
        i0 = i1
    }
}

// MARK: Tensor-level product

/// Matrix product `a · b` of two matrices, optionally transposing either operand first.
///
/// `(m, k) · (k, n) -> (m, n)`. Tensors of higher rank are treated as matrices whose rows are
/// their first axis (`columns` = product of the rest), which is what a Dense layer applied to a
/// batch needs.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    check(a.rank == 2 && b.rank == 2, "matmul: needs matrices, got \(a.shape) × \(b.shape)")
    let m = transposeA ? a.shape[1] : a.shape[0]
    let ka = transposeA ? a.shape[0] : a.shape[1]
    let kb = transposeB ? b.shape[1] : b.shape[0]
    let n = transposeB ? b.shape[0] : b.shape[1]
    check(ka == kb, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
    var out = [Float](repeating: 0, count: m * n)
    a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                let lda = a.shape[1]
                if transposeB {
                    if transposeA {
                        // (aᵀ)(bᵀ): transpose a explicitly, the rare case.
                        let at = a.transposed
                        at.scalars.withUnsafeBufferPointer { pat in
                            gemmNT(m: m, n: n, k: ka, a: pat.baseAddress!, lda: m == 0 ? 1 : ka,
                                   b: pb.baseAddress!, ldb: b.shape[1], c: pc.baseAddress!, ldc: n, accumulate: false)
                        }
                    } else {
                        gemmNT(m: m, n: n, k: ka, a: pa.baseAddress!, lda: lda,
                               b: pb.baseAddress!, ldb: b.shape[1], c: pc.baseAddress!, ldc: n, accumulate: false)
                    }
                } else {
                    gemm(m: m, n: n, k: ka, a: pa.baseAddress!,
                         ars: transposeA ? 1 : lda, acs: transposeA ? lda : 1,
                         b: pb.baseAddress!, ldb: n, c: pc.baseAddress!, ldc: n, accumulate: false)
                }
            }
        }
    }
    return Tensor(shape: [m, n], scalars: out)
}
