import Testing
@testable import SeqKit

@Suite("Linear algebra (Double)")
struct LinearAlgebraTests {
    @Test func leastSquaresRecoversAnExactFit() {
        // y = 2 − 3x + 0.5x² exactly on 20 points: the residual is 0, the fit must return the
        // coefficients to rounding error.
        let xs = (0..<20).map { Double($0) / 4 }
        let a = DoubleMatrix(xs.map { [1, $0, $0 * $0] })
        let y = xs.map { 2 - 3 * $0 + 0.5 * $0 * $0 }
        let c = leastSquares(a, y)
        #expect(abs(c[0] - 2) < 1e-12 && abs(c[1] + 3) < 1e-12 && abs(c[2] - 0.5) < 1e-12)
    }

    @Test func leastSquaresSatisfiesNormalEquations() {
        var g = SeededGenerator(seed: 4)
        let a = DoubleMatrix(rows: 30, columns: 4, scalars: (0..<120).map { _ in g.normalDouble() })
        let b = (0..<30).map { _ in g.normalDouble() }
        let x = leastSquares(a, b)
        let residual = zip(a * x, b).map { $0 - $1 }
        let normal = a.transposed * residual          // Aᵀ(Ax − b) = 0 at the minimum
        #expect(normal.allSatisfy { abs($0) < 1e-12 }, "Aᵀr = \(normal)")
    }

    @Test func qrReconstructs() {
        var g = SeededGenerator(seed: 5)
        let a = DoubleMatrix(rows: 6, columns: 3, scalars: (0..<18).map { _ in g.normalDouble() })
        let (q, r) = a.thinQR()
        let qr = q * r
        #expect(zip(qr.scalars, a.scalars).allSatisfy { abs($0 - $1) < 1e-13 })
        let qtq = q.transposed * q
        for i in 0..<3 { for j in 0..<3 { #expect(abs(qtq[i, j] - (i == j ? 1 : 0)) < 1e-13) } }
        for i in 0..<3 { for j in 0..<i { #expect(r[i, j] == 0) } }
    }

    @Test func choleskySolve() {
        let a = DoubleMatrix([[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]])
        let x = solveSPD(a, [1, 2, 3])
        let ax = a * x
        #expect(zip(ax, [1.0, 2, 3]).allSatisfy { abs($0 - $1) < 1e-14 })
        #expect(DoubleMatrix([[1, 2], [2, 1]]).cholesky() == nil)   // indefinite
    }
}
