import CSeqKitKernels
import Testing
@testable import SeqKit

/// The LSTM recurrence of Sources/CSeqKitKernels/lstm.c against the equations written plainly
/// in Swift: bit for bit, on every kernel this CPU runs, with 1 and 2 threads. Shapes cover one
/// step, one row, no input features (an empty x_t · W), odd batches (the two threads get unequal
/// halves), hidden sizes that are not a multiple of any vector width, ∂h from above at every step
/// or only the last, and sizes large enough to be split between the threads. With two threads every way of sharing the
/// recurrence runs on every shape (sk_set_lstm_split_override): one thread, by rows, and in lock
/// step (including parts left without rows, column panels or units).
@Suite("LSTM recurrence kernel")
struct LSTMRecurrenceTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        let steps: Int, batch: Int, features: Int, units: Int, everyStep: Bool
        var testDescription: String { "T\(steps) B\(batch) F\(features) H\(units)\(everyStep ? " every step" : "")" }
    }

    static let shapes: [Shape] = [
        Shape(steps: 1, batch: 1, features: 1, units: 1, everyStep: false),
        Shape(steps: 1, batch: 4, features: 3, units: 9, everyStep: true),
        Shape(steps: 3, batch: 5, features: 0, units: 13, everyStep: true),
        Shape(steps: 7, batch: 2, features: 8, units: 16, everyStep: false),
        Shape(steps: 2, batch: 3, features: 0, units: 40, everyStep: false),
        Shape(steps: 4, batch: 9, features: 5, units: 33, everyStep: false),
        // nt·nb·4h·h ≥ 256 k: split between two threads (odd batch: 26 and 25 rows).
        Shape(steps: 6, batch: 51, features: 2, units: 20, everyStep: true),
        Shape(steps: 5, batch: 64, features: 17, units: 24, everyStep: false),
    ]

    /// What the C kernel must compute, as LSTM.swift's comments state it.
    struct Reference {
        var gates: [Float], cells: [Float], tanhCells: [Float], hiddens: [Float]
        var dz: [Float] = [], dhTotal: [Float] = []

        init(_ s: Shape, x: [Float], w: [Float], bias: [Float], u: [Float]) {
            let (nt, nb, nf, h, g4) = (s.steps, s.batch, s.features, s.units, 4 * s.units)
            gates = [Float](repeating: 0, count: nt * nb * g4)
            cells = [Float](repeating: 0, count: nt * nb * h)
            tanhCells = cells; hiddens = cells
            for t in 0..<nt {
                for r in 0..<nb {
                    let row = (t * nb + r) * g4
                    for j in 0..<g4 {
                        var acc: Float = 0
                        for p in 0..<nf { acc = acc.addingProduct(x[(t * nb + r) * nf + p], w[p * g4 + j]) }
                        gates[row + j] = acc + bias[j]
                    }
                    if t > 0 {
                        for j in 0..<g4 {
                            var acc: Float = 0
                            for p in 0..<h { acc = acc.addingProduct(hiddens[((t - 1) * nb + r) * h + p], u[p * g4 + j]) }
                            gates[row + j] = gates[row + j] + acc
                        }
                    }
                    for j in 0..<g4 {
                        let v = gates[row + j]
                        gates[row + j] = (2 * h..<3 * h).contains(j) ? PortableMath.tanh(v) : PortableMath.sigmoid(v)
                    }
                    for j in 0..<h {
                        let at = (t * nb + r) * h
                        let i = gates[row + j], f = gates[row + h + j], g = gates[row + 2 * h + j]
                        cells[at + j] = t > 0 ? f * cells[at - nb * h + j] + i * g : i * g
                        tanhCells[at + j] = PortableMath.tanh(cells[at + j])
                        hiddens[at + j] = gates[row + 3 * h + j] * tanhCells[at + j]
                    }
                }
            }
        }

        mutating func backward(_ s: Shape, above: [Float], u: [Float]) {
            let (nt, nb, h, g4) = (s.steps, s.batch, s.units, 4 * s.units)
            dz = [Float](repeating: 0, count: nt * nb * g4)
            dhTotal = [Float](repeating: 0, count: nt * nb * h)
            var dhNext = [Float](repeating: 0, count: nb * h), dcNext = dhNext
            for t in stride(from: nt - 1, through: 0, by: -1) {
                for r in 0..<nb {
                    let at = (t * nb + r) * h, row = (t * nb + r) * g4
                    for j in 0..<h {
                        let fromAbove: Float = s.everyStep ? above[at + j] : t == nt - 1 ? above[r * h + j] : 0
                        let dh = fromAbove + dhNext[r * h + j]
                        dhTotal[at + j] = dh
                        let i = gates[row + j], f = gates[row + h + j], g = gates[row + 2 * h + j]
                        let o = gates[row + 3 * h + j], tc = tanhCells[at + j]
                        let cp: Float = t > 0 ? cells[at - nb * h + j] : 0
                        let dc = dcNext[r * h + j] + dh * o * (1 - tc * tc)
                        dz[row + j] = dc * g * i * (1 - i)
                        dz[row + h + j] = dc * cp * f * (1 - f)
                        dz[row + 2 * h + j] = dc * i * (1 - g * g)
                        dz[row + 3 * h + j] = dh * tc * o * (1 - o)
                        dcNext[r * h + j] = dc * f
                    }
                }
                if t > 0 {
                    // ∂h_{t−1} = ∂z_t · Uᵀ
                    for r in 0..<nb {
                        for p in 0..<h {
                            var acc: Float = 0
                            for j in 0..<g4 { acc = acc.addingProduct(dz[(t * nb + r) * g4 + j], u[p * g4 + j]) }
                            dhNext[r * h + p] = acc
                        }
                    }
                }
            }
        }
    }

    @Test("forward and backward equal the plain Swift recurrence bit for bit", arguments: shapes)
    func matchesTheEquations(_ s: Shape) throws {
        let (nt, nb, nf, h, g4) = (s.steps, s.batch, s.features, s.units, 4 * s.units)
        var rng = SeededGenerator(seed: UInt64(nt * 10_007 + nb * 101 + nf * 37 + h))
        // Input terms up to ±4 reach the flat parts of σ and tanh; U scaled as an orthogonal
        // matrix's entries would be.
        let x = rng.uniformTensor([nt * nb * nf], -2, 2).scalars
        let w = rng.uniformTensor([nf * g4], -2, 2).scalars.map { $0 / Float(max(nf, 1)).squareRoot() }
        let bias = rng.uniformTensor([g4], -1, 1).scalars
        let u = rng.uniformTensor([h * g4], -1, 1).scalars.map { $0 / Float(h).squareRoot() }
        let above = rng.uniformTensor([(s.everyStep ? nt : 1) * nb * h], -1, 1).scalars
        var expected = Reference(s, x: x, w: w, bias: bias, u: u)
        expected.backward(s, above: above, u: u)

        // With two threads, also each way of sharing the recurrence, whatever the size would choose.
        let runs = GemmTests.configurations.flatMap { c in
            c.1 < 2 ? [(c.0, c.1, Int32(0))] : [0, 1, 2, 3].map { (c.0, c.1, Int32($0)) }
        }
        // What ∂W, ∂U and ∂b need of ∂Z (LSTM.swift's product call), from the reference ∂Z;
        // a random A, so every ∂z element reaches the result.
        let rowsZ = nt * nb, ma = 7
        let a = rng.uniformTensor([rowsZ * ma], -1, 1).scalars
        func weightProducts(_ product: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                                        UnsafeMutablePointer<Float>) -> Void) -> [Float] {
            var c1 = [Float](repeating: .nan, count: ma * g4), c2 = c1, sums = [Float](repeating: .nan, count: g4)
            a.withUnsafeBufferPointer { pa in c1.withUnsafeMutableBufferPointer { p1 in
                c2.withUnsafeMutableBufferPointer { p2 in sums.withUnsafeMutableBufferPointer { ps in
                    product(pa.baseAddress!, p1.baseAddress!, p2.baseAddress!, ps.baseAddress!)
                }}
            }}
            return c1 + c2 + sums
        }

        for (kernel, threads, split) in runs {
            var gates = [Float](repeating: .nan, count: nt * nb * g4)
            var cells = [Float](repeating: .nan, count: nt * nb * h)
            var tanhCells = cells, hiddens = cells, dhTotal = cells
            var dz = [Float](repeating: .nan, count: nt * nb * g4)
            var dzStep = [Float](repeating: .nan, count: nb * g4)
            var fromPacked: [[Float]] = [], fromRows: [Float] = [], dhTotalsPacked: [[Float]] = []
            try SeqKitCompute.withSettings(kernel: kernel, threads: threads) {
                let packedW = try #require(sk_pack_b(0, nf, g4, w, g4))
                let packedU = try #require(sk_pack_b(0, h, g4, u, g4))
                let packedUT = try #require(sk_pack_b(1, g4, h, u, g4))
                let packedDz = PackedRows()
                defer { sk_packed_b_free(packedW); sk_packed_b_free(packedU); sk_packed_b_free(packedUT) }
                #expect(sk_set_lstm_split_override(split) == 0)
                defer { _ = sk_set_lstm_split_override(0) }
                sk_lstm_forward(nt, nb, h, nf, x, packedW, &gates, bias, packedU, &cells, &tanhCells, &hiddens)
                sk_lstm_backward(nt, nb, h, gates, cells, tanhCells, above, s.everyStep ? 1 : 0, packedUT, &dz, nt, &dhTotal, nil)
                // ∂Z packed as it is computed, with one step of it unpacked at a time (a first
                // layer), written with streaming stores and without (the size decides otherwise).
                defer { _ = sk_set_lstm_stream_override(0) }
                for stream: Int32 in [1, 2] {
                    #expect(sk_set_lstm_stream_override(stream) == 0)
                    let zp = packedDz.reserve(k: rowsZ, n: g4)
                    var dhTotalPacked = [Float](repeating: .nan, count: nt * nb * h)
                    sk_lstm_backward(nt, nb, h, gates, cells, tanhCells, above, s.everyStep ? 1 : 0, packedUT, &dzStep, 1,
                                     &dhTotalPacked, zp)
                    dhTotalsPacked.append(dhTotalPacked)
                    fromPacked.append(weightProducts { pa, c1, c2, sums in
                        gemmTransposedASharedPackedB(b: zp, m1: ma, k01: 0, k1: rowsZ, a1: pa, lda1: ma, c1: c1,
                                                     m2: ma, k02: nb, k2: rowsZ - nb, a2: pa, lda2: ma, c2: c2,
                                                     ldc: g4, columnSums: sums, sumRows: rowsZ)
                    })
                }
                fromRows = weightProducts { pa, c1, c2, sums in
                    expected.dz.withUnsafeBufferPointer { pz in
                        gemmTransposedASharedB(n: g4, b: pz.baseAddress!, ldb: g4,
                                               m1: ma, k01: 0, k1: rowsZ, a1: pa, lda1: ma, c1: c1,
                                               m2: ma, k02: nb, k2: rowsZ - nb, a2: pa, lda2: ma, c2: c2,
                                               columnSums: sums, sumRows: rowsZ)
                    }
                }
            }
            let config = "\(kernel) ×\(threads) split \(split) \(s.testDescription)"
            #expect(bitDifference(gates, expected.gates) == nil, "gates, \(config)")
            #expect(bitDifference(cells, expected.cells) == nil, "cells, \(config)")
            #expect(bitDifference(tanhCells, expected.tanhCells) == nil, "tanh(cells), \(config)")
            #expect(bitDifference(hiddens, expected.hiddens) == nil, "hidden states, \(config)")
            #expect(bitDifference(dz, expected.dz) == nil, "∂z, \(config)")
            #expect(bitDifference(dhTotal, expected.dhTotal) == nil, "∂h, \(config)")
            #expect(dhTotalsPacked.count == 2 && fromPacked.count == 2)
            for (mode, (dhPacked, products)) in zip(["streamed", "cached"], zip(dhTotalsPacked, fromPacked)) {
                #expect(bitDifference(dhPacked, expected.dhTotal) == nil, "∂h with ∂Z packed (\(mode)), \(config)")
                #expect(bitDifference(products, fromRows) == nil, "∂W, ∂U, ∂b from the packed ∂Z (\(mode)), \(config)")
            }
            #expect(bitDifference(Array(dzStep), Array(expected.dz[0..<(nb * g4)])) == nil,
                    "the last step buffer holds ∂z_0, \(config)")
        }
    }
}
