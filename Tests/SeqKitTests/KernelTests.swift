import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SeqKit

@Suite("Kernels")
struct KernelTests {
    /// Textbook triple loop in Double: the reference for the blocked kernel.
    func naive(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> Tensor {
        let x = ta ? a.transposed : a, y = tb ? b.transposed : b
        let m = x.shape[0], k = x.shape[1], n = y.shape[1]
        var out = Tensor(zeros: [m, n])
        for i in 0..<m { for j in 0..<n {
            var s = 0.0
            for p in 0..<k { s += Double(x[i, p]) * Double(y[p, j]) }
            out[i, j] = Float(s)
        } }
        return out
    }

    // Sizes cover every kernel path: 6-row blocks and single rows, 32- and 16-wide panels,
    // 4-row blocks (m mod 6 = 2, 3, 4, 5), the padded tail (< 16 columns), k = 1 and odd k.
    @Test("matmul matches the triple loop", arguments: [(1, 1, 1), (7, 33, 5), (13, 49, 17), (6, 32, 64), (1, 80, 3), (64, 1, 100), (37, 70, 1),
                                                  (8, 48, 9), (9, 20, 30), (32, 64, 16), (11, 100, 7), (4, 16, 3)])
    func matmulShapes(m: Int, n: Int, k: Int) {
        var rng = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = rng.normalTensor(ta ? [k, m] : [m, k]), b = rng.normalTensor(tb ? [n, k] : [k, n])
            // Float accumulation over k terms of size ~1: error ~ √k·6e-8·√k.
            expectClose(matmul(a, b, transposeA: ta, transposeB: tb), naive(a, b, ta, tb),
                        atol: 1e-5 * Float(k), rtol: 1e-5, "matmul \(m)×\(k)×\(n) ta=\(ta) tb=\(tb)")
        }
    }

    @Test func activationsMatchLibm() {
        // Dense grid over the range where the functions are not saturated, plus extremes.
        let xs = stride(from: -20.0, through: 20.0, by: 0.01).map { Float($0) } + [-100, -88, 88, 100, 0]
        let sig = Activation.sigmoid(Tensor(xs)).scalars, th = Activation.tanh(Tensor(xs)).scalars
        for (i, x) in xs.enumerated() {
            let s = 1 / (1 + exp(-Double(x))), t = tanh(Double(x))
            // 2e-7 absolute ≈ 3 ulp of numbers near 1: the documented accuracy of vexp-based forms.
            #expect(abs(Double(sig[i]) - s) <= 2e-7 + 4e-7 * s, "sigmoid(\(x)) = \(sig[i]), libm \(s)")
            #expect(abs(Double(th[i]) - t) <= 2e-7, "tanh(\(x)) = \(th[i]), libm \(t)")
        }
    }

    @Test func softmaxRowsSumToOne() {
        var rng = SeededGenerator(seed: 5)
        let s = softmaxRows(rng.normalTensor([4, 37]) * 30)
        for r in 0..<4 {
            let sum = (0..<37).reduce(0.0) { $0 + Double(s[r, $1]) }
            #expect(abs(sum - 1) < 1e-5)
        }
    }

    @Test func positionalEncodingFormula() {
        let pe = sinusoidalPositionalEncoding(length: 50, dModel: 8)
        #expect(pe.shape == [50, 8])
        // PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same angle).
        let angle = 7.0 / pow(10000.0, 4.0 / 8.0)
        #expect(pe[7, 4] == Float(sin(angle)))
        #expect(pe[7, 5] == Float(cos(angle)))
        #expect(pe[0, 1] == 1 && pe[0, 0] == 0)
    }
}
