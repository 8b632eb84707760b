// A small Double-precision corner for the autoregressive chapter: fitting AR(p) coefficients is
// a least-squares problem whose normal equations square the condition number, so we solve it
// by Householder QR (Golub & Van Loan, "Matrix Computations", §5.2) and offer Cholesky for the
// symmetric positive definite systems (e.g. Yule–Walker) that are well conditioned.

/// A dense row-major matrix of `Double`, for the least-squares fits of the autoregressive chapter.
///
/// Element `(i, j)` is `scalars[i * columns + j]`. Not a ``Tensor``: the model layers work in
/// `Float`, while fitting AR coefficients needs the extra digits (a QR solve loses about
/// log₁₀ κ(A) of the 16). Every sum runs in a fixed index order, so results are the same on
/// every build.
public struct DoubleMatrix: Sendable, CustomStringConvertible {
    /// The number of rows, m.
    public let rows: Int
    /// The number of columns, n.
    public let columns: Int
    /// The `rows · columns` elements in row-major order.
    public var scalars: [Double]

    /// A `rows × columns` matrix holding `scalars` (row-major), or zeros when `scalars` is `nil`.
    ///
    /// `scalars`, if given, must hold exactly `rows · columns` elements.
    public init(rows: Int, columns: Int, scalars: [Double]? = nil) {
        check(rows >= 0 && columns >= 0, "DoubleMatrix: negative size \(rows)×\(columns)")
        if let s = scalars {
            check(s.count == rows * columns,
                          "DoubleMatrix: \(rows)×\(columns) needs \(rows * columns) elements, got \(s.count)")
        }
        self.rows = rows
        self.columns = columns
        self.scalars = scalars ?? [Double](repeating: 0, count: rows * columns)
    }

    /// A `(rowArrays.count, columns)` matrix from its rows; every row must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let c = rowArrays.first?.count ?? 0
        for (i, r) in rowArrays.enumerated() {
            check(r.count == c, "DoubleMatrix: row \(i) has \(r.count) elements, row 0 has \(c)")
        }
        self.init(rows: rowArrays.count, columns: c, scalars: rowArrays.flatMap { $0 })
    }

    /// The element in row `i`, column `j`: `scalars[i * columns + j]`.
    ///
    /// Unchecked beyond the array bounds (an out-of-range `j` reads the next row): it sits in
    /// the inner loops of QR and Cholesky.
    public subscript(i: Int, j: Int) -> Double {
        get { scalars[i * columns + j] }
        set { scalars[i * columns + j] = newValue }
    }

    /// The transpose, `(m, n) -> (n, m)` with `result[j, i] == self[i, j]`.
    public var transposed: DoubleMatrix {
        var t = DoubleMatrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The matrix product, `(m, k) · (k, n) -> (m, n)`, `cᵢⱼ = Σₚ aᵢₚ bₚⱼ`.
    ///
    /// Each `cᵢⱼ` sums over p in increasing order (no fused multiply-add is requested).
    public static func * (a: DoubleMatrix, b: DoubleMatrix) -> DoubleMatrix {
        check(a.columns == b.rows,
                      "DoubleMatrix *: inner dimensions differ: \(a.rows)×\(a.columns) × \(b.rows)×\(b.columns)")
        var c = DoubleMatrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for p in 0..<a.columns {
                let x = a[i, p]
                for j in 0..<b.columns { c.scalars[i * b.columns + j] += x * b.scalars[p * b.columns + j] }
            }
        }
        return c
    }

    /// The matrix–vector product, `(m, n) · (n) -> (m)`, `yᵢ = Σⱼ aᵢⱼ xⱼ` summed in increasing j.
    public static func * (a: DoubleMatrix, x: [Double]) -> [Double] {
        check(a.columns == x.count, "DoubleMatrix * vector: \(a.rows)×\(a.columns) × \(x.count)")
        return (0..<a.rows).map { i in (0..<a.columns).reduce(0) { $0 + a[i, $1] * x[$1] } }
    }

    /// One line per row, elements separated by spaces, in Swift's shortest round-trip text.
    public var description: String {
        (0..<rows).map { i in (0..<columns).map { "\(self[i, $0])" }.joined(separator: " ") }.joined(separator: "\n")
    }

    /// The thin Householder QR of an m×n matrix with m ≥ n: Q (m×n, orthonormal columns) and
    /// R (n×n, upper triangular) with self = Q·R.
    ///
    /// Each reflector Hₖ = I − 2vvᵀ maps column k below the diagonal onto ∓‖x‖e₁, the sign
    /// chosen against x₀ so nothing cancels (Golub & Van Loan §5.2). R's diagonal may be
    /// negative; a zero column gives a zero reflector and Rₖₖ = 0 (rank deficient).
    public func thinQR() -> (q: DoubleMatrix, r: DoubleMatrix) {
        let m = rows, n = columns
        check(m >= n, "thinQR: needs rows ≥ columns, got \(m)×\(n)")
        // The work runs on the transpose, column j of A in at[j·m ..< (j+1)·m]: every loop below
        // walks down a column, and a row-major walk would stride by n (a 2048×512 orthogonal
        // initialisation took 9 s). The arithmetic, in its order, is the textbook one.
        var at = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { at[j * m + i] = scalars[i * n + j] } }
        var vs = [Double](repeating: 0, count: m * n)      // reflector k in vs[k·m + k ..< (k+1)·m]
        var qt = [Double](repeating: 0, count: m * n)      // Qᵀ, column j of Q in qt[j·m ..< (j+1)·m]
        at.withUnsafeMutableBufferPointer { a in
        vs.withUnsafeMutableBufferPointer { vb in
        qt.withUnsafeMutableBufferPointer { q in
            for k in 0..<n {
                // Reflector v that maps column k below the diagonal onto ±‖x‖ e₁; the sign is
                // chosen opposite to x₀ so no cancellation occurs.
                let x = a.baseAddress! + k * m, v = vb.baseAddress! + k * m
                var norm = 0.0
                for i in k..<m { norm += x[i] * x[i] }
                norm = norm.squareRoot()
                if norm == 0 { continue }                   // a zero reflector
                for i in k..<m { v[i] = x[i] }
                v[k] += v[k] >= 0 ? norm : -norm
                var vnorm = 0.0
                for i in k..<m { vnorm += v[i] * v[i] }
                vnorm = vnorm.squareRoot()
                for i in k..<m { v[i] /= vnorm }
                for j in k..<n {
                    let c = a.baseAddress! + j * m
                    var d = 0.0
                    for i in k..<m { d += v[i] * c[i] }
                    for i in k..<m { c[i] -= 2 * v[i] * d }
                }
            }
            // Q = H₀ H₁ … Hₙ₋₁ applied to the first n columns of the identity.
            for i in 0..<n { q[i * m + i] = 1 }
            for k in stride(from: n - 1, through: 0, by: -1) {
                let v = vb.baseAddress! + k * m
                for j in 0..<n {
                    let c = q.baseAddress! + j * m
                    var d = 0.0
                    for i in k..<m { d += v[i] * c[i] }
                    for i in k..<m { c[i] -= 2 * v[i] * d }
                }
            }
        }}}
        var r = DoubleMatrix(rows: n, columns: n)
        for i in 0..<n { for j in i..<n { r[i, j] = at[j * m + i] } }
        var q = DoubleMatrix(rows: m, columns: n)
        for i in 0..<m { for j in 0..<n { q[i, j] = qt[j * m + i] } }
        return (q, r)
    }

    /// The Cholesky factor: lower-triangular L with self = L·Lᵀ, or `nil` when the matrix is
    /// not (numerically) positive definite.
    ///
    /// Lⱼⱼ = √(aⱼⱼ − Σₖ<ⱼ Lⱼₖ²), Lᵢⱼ = (aᵢⱼ − Σₖ<ⱼ Lᵢₖ Lⱼₖ) / Lⱼⱼ for i > j. Needs a square
    /// matrix; only the lower triangle is read, so the matrix is assumed symmetric.
    public func cholesky() -> DoubleMatrix? {
        check(rows == columns, "cholesky: needs a square matrix, got \(rows)×\(columns)")
        let n = rows
        var l = DoubleMatrix(rows: n, columns: n)
        for j in 0..<n {
            var d = self[j, j]
            for k in 0..<j { d -= l[j, k] * l[j, k] }
            if !(d > 0) { return nil }
            let ljj = d.squareRoot()
            l[j, j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = self[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = s / ljj
            }
        }
        return l
    }
}

/// Solves A x = b for a symmetric positive definite A: A = L Lᵀ by
/// ``DoubleMatrix/cholesky()``, then L y = b forward and Lᵀ x = y backward.
///
/// `A` is n×n and `b` has n entries. Stops with a message if A is not positive definite. For
/// well-conditioned systems such as Yule–Walker; use ``leastSquares(_:_:)`` for a regression.
public func solveSPD(_ a: DoubleMatrix, _ b: [Double]) -> [Double] {
    check(a.rows == b.count, "solveSPD: A is \(a.rows)×\(a.columns) but b has \(b.count) entries")
    let factor = a.cholesky()
    check(factor != nil, "solveSPD: A (\(a.rows)×\(a.columns)) is not positive definite")
    let l = factor!
    let n = b.count
    var y = b
    for i in 0..<n {
        for k in 0..<i { y[i] -= l[i, k] * y[k] }
        y[i] /= l[i, i]
    }
    var x = y
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<max(n, i + 1) { x[i] -= l[k, i] * x[k] }
        x[i] /= l[i, i]
    }
    return x
}

/// The least-squares solution of min ‖A x − b‖₂ for a full-column-rank A (m ≥ n) by QR:
/// x = R⁻¹ Qᵀ b.
///
/// `A` is m×n and `b` has m entries; the result has n. Stable where the normal equations
/// AᵀA x = Aᵀb lose half the digits (they square the condition number). Stops with a message
/// when a diagonal entry of R is exactly 0 (rank deficient); a nearly dependent column gives
/// large, inaccurate coefficients instead.
public func leastSquares(_ a: DoubleMatrix, _ b: [Double]) -> [Double] {
    check(a.rows == b.count, "leastSquares: A is \(a.rows)×\(a.columns) but b has \(b.count) entries")
    let (q, r) = a.thinQR()
    let n = a.columns
    var qtb = [Double](repeating: 0, count: n)
    for j in 0..<n { for i in 0..<a.rows { qtb[j] += q[i, j] * b[i] } }
    var x = qtb
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<max(n, i + 1) { x[i] -= r[i, k] * x[k] }
        check(r[i, i] != 0, "leastSquares: A is rank deficient (column \(i))")
        x[i] /= r[i, i]
    }
    return x
}
