// A small Double-precision corner for the autoregressive chapter: fitting AR(p) coefficients is
// a least-squares problem whose normal equations square the condition number, so we solve it
// by Householder QR (Golub & Van Loan, "Matrix Computations", §5.2) and offer Cholesky for the
// symmetric positive definite systems (e.g. Yule–Walker) that are well conditioned.

/// A dense row-major matrix of `Double`.
public struct DoubleMatrix: Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    public var scalars: [Double]

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

    /// A matrix from its rows.
    public init(_ rowArrays: [[Double]]) {
        let c = rowArrays.first?.count ?? 0
        for (i, r) in rowArrays.enumerated() {
            check(r.count == c, "DoubleMatrix: row \(i) has \(r.count) elements, row 0 has \(c)")
        }
        self.init(rows: rowArrays.count, columns: c, scalars: rowArrays.flatMap { $0 })
    }

    public subscript(i: Int, j: Int) -> Double {
        get { scalars[i * columns + j] }
        set { scalars[i * columns + j] = newValue }
    }

    public var transposed: DoubleMatrix {
        var t = DoubleMatrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// Matrix product; `(m, k) · (k, n) -> (m, n)`.
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

    /// Matrix–vector product.
    public static func * (a: DoubleMatrix, x: [Double]) -> [Double] {
        check(a.columns == x.count, "DoubleMatrix * vector: \(a.rows)×\(a.columns) × \(x.count)")
        return (0..<a.rows).map { i in (0..<a.columns).reduce(0) { $0 + a[i, $1] * x[$1] } }
    }

    public var description: String {
        (0..<rows).map { i in (0..<columns).map { "\(self[i, $0])" }.joined(separator: " ") }.joined(separator: "\n")
    }

    /// Householder QR of an m×n matrix with m ≥ n: returns Q (m×n, orthonormal columns) and
    /// R (n×n, upper triangular) with self = Q·R.
    public func thinQR() -> (q: DoubleMatrix, r: DoubleMatrix) {
        let m = rows, n = columns
        check(m >= n, "thinQR: needs rows ≥ columns, got \(m)×\(n)")
        var a = self
        var vs: [[Double]] = []
        for k in 0..<n {
            // Reflector v that maps column k below the diagonal onto ±‖x‖ e₁; the sign is chosen
            // opposite to x₀ so no cancellation occurs.
            var x = (k..<m).map { a[$0, k] }
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm == 0 { vs.append([Double](repeating: 0, count: m - k)); continue }
            x[0] += x[0] >= 0 ? norm : -norm
            let vnorm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let v = x.map { $0 / vnorm }
            for j in k..<n {
                var d = 0.0
                for i in k..<m { d += v[i - k] * a[i, j] }
                for i in k..<m { a[i, j] -= 2 * v[i - k] * d }
            }
            vs.append(v)
        }
        var r = DoubleMatrix(rows: n, columns: n)
        for i in 0..<n { for j in i..<n { r[i, j] = a[i, j] } }
        // Q = H₀ H₁ … Hₙ₋₁ applied to the first n columns of the identity.
        var q = DoubleMatrix(rows: m, columns: n)
        for i in 0..<n { q[i, i] = 1 }
        for k in stride(from: n - 1, through: 0, by: -1) {
            let v = vs[k]
            for j in 0..<n {
                var d = 0.0
                for i in k..<m { d += v[i - k] * q[i, j] }
                for i in k..<m { q[i, j] -= 2 * v[i - k] * d }
            }
        }
        return (q, r)
    }

    /// Lower-triangular L with self = L·Lᵀ, or nil when the matrix is not (numerically)
    /// positive definite.
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

/// Solves A x = b for a symmetric positive definite A by Cholesky (A = L Lᵀ, then two triangular
/// solves). Stops with a message if A is not positive definite.
public func solveSPD(_ a: DoubleMatrix, _ b: [Double]) -> [Double] {
    check(a.rows == b.count, "solveSPD: A is \(a.rows)×\(a.columns) but b has \(b.count) entries")
    guard let l = a.cholesky() else { preconditionFailure("solveSPD: matrix is not positive definite") }
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

/// Least-squares solution of min ‖A x − b‖₂ for a full-column-rank A (m ≥ n) by QR:
/// x = R⁻¹ Qᵀ b. Stable where the normal equations AᵀA x = Aᵀb lose half the digits.
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
