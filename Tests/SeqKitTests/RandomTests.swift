import Testing
@testable import SeqKit

@Suite("Random numbers and initializers")
struct RandomTests {
    @Test func sameSeedSameStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xa = (0..<100).map { _ in a.next() }, xb = (0..<100).map { _ in b.next() }
        let xc = (0..<100).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test func uniformAndNormalMoments() {
        var g = SeededGenerator(seed: 1)
        let n = 200_000
        let u = (0..<n).map { _ in Double(g.uniformFloat()) }
        let z = (0..<n).map { _ in Double(g.normal()) }
        let mu = u.reduce(0, +) / Double(n), vu = u.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(n)
        let mz = z.reduce(0, +) / Double(n), vz = z.reduce(0) { $0 + ($1 - mz) * ($1 - mz) } / Double(n)
        // Standard errors at n = 200k: mean ±0.0007 (uniform), ±0.0023 (normal); 4 sigma allowed.
        #expect(abs(mu - 0.5) < 0.003 && abs(vu - 1.0 / 12) < 0.001)
        #expect(abs(mz) < 0.01 && abs(vz - 1) < 0.013)
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func intBelowIsInRangeAndShuffleIsAPermutation() {
        var g = SeededGenerator(seed: 9)
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(g.int(below: 7)) })
        var a = Array(0..<50)
        g.shuffle(&a)
        #expect(a.sorted() == Array(0..<50) && a != Array(0..<50))
    }

    @Test("orthogonal", arguments: [(8, 8), (4, 16), (16, 4)])
    func orthogonal(rows: Int, columns: Int) {
        var g = SeededGenerator(seed: 3)
        let w = Initializer.orthogonal.make([rows, columns], using: &g)
        // The narrow side is orthonormal: W Wᵀ = I (wide) or Wᵀ W = I (tall).
        let gram = rows <= columns ? matmul(w, w, transposeB: true) : matmul(w, w, transposeA: true)
        let n = min(rows, columns)
        var eye = Tensor(zeros: [n, n])
        for i in 0..<n { eye[i, i] = 1 }
        expectClose(gram, eye, atol: 1e-6, rtol: 0, "orthogonal \(rows)×\(columns)")
    }

    @Test func glorotLimitAndForgetBias() {
        var g = SeededGenerator(seed: 3)
        let w = Initializer.glorotUniform.make([10, 30], using: &g)
        let limit = (6.0 / 40.0).squareRoot()
        #expect(w.scalars.allSatisfy { abs(Double($0)) <= limit })
        #expect(w.maxAbs() > Float(0.9 * limit))
        let lstm = LSTM(3)
        _ = lstm.build(inputShape: [5, 2], using: &g)
        #expect(lstm.bias.value.scalars == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        let plain = LSTM(3, unitForgetBias: false)
        _ = plain.build(inputShape: [5, 2], using: &g)
        #expect(plain.bias.value.scalars == [Float](repeating: 0, count: 12))
    }
}
