import Foundation
import Testing
@testable import SeqKit

/// `inHalves` splits a batch between the two threads; attention uses it for the sequences of a
/// batch. The split must cover every index once and change no bit.
@Suite("Work split in halves between two threads")
struct HalvesTests {
    /// Every index of 0 ..< count is handed to exactly one call, in one of the two layouts
    /// (halves on two parts, or everything on part 0), whatever the thread count.
    @Test(arguments: [(1, 0.0), (2, 1e9), (5, 1e9), (64, 1e9), (64, 1.0)])
    func coversEveryIndexOnce(count: Int, multiplyAdds: Double) throws {
        for threads in [1, 2] {
            let seen = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            defer { seen.deallocate() }
            seen.initialize(repeating: 0, count: count)
            let parts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
            defer { parts.deallocate() }
            parts.initialize(repeating: -1, count: 2)
            try SeqKitCompute.withSettings(kernel: .auto, threads: threads) {
                inHalves(count, multiplyAdds: multiplyAdds) { range, part in
                    parts[part] = range.count
                    for i in range { seen[i] += 1 }
                }
            }
            #expect((0..<count).allSatisfy { seen[$0] == 1 }, "count \(count), \(threads) thread(s)")
            let half = (count + 1) / 2
            let layouts = [[count, -1], [half, count - half]]
            #expect(layouts.contains([parts[0], parts[1]]),
                    "count \(count), \(threads) thread(s): parts got \(parts[0]), \(parts[1])")
            if threads == 1 || count < 2 || multiplyAdds < 256 * 1024 {
                #expect(parts[0] == count && parts[1] == -1, "one call expected, \(threads) thread(s)")
            }
        }
    }

    /// A GRU's forward and backward passes give the same bits with one thread and with two (each
    /// running every step for half of the rows), on every kernel, for an odd and an even batch,
    /// with and without `returnSequences`. Sizes are above the split threshold.
    @Test(arguments: [(5, false), (6, true)])
    func gruIsTheSameOnTwoThreads(batch: Int, returnSequences: Bool) throws {
        var g = SeededGenerator(seed: 43)
        let t = 12, f = 3, h = 40
        let x = g.normalTensor([batch, t, f])
        let dOut = g.normalTensor(returnSequences ? [batch, t, h] : [batch, h])
        #expect(Double(t * batch * 3 * h * h) >= 256 * 1024)
        // As below: a call may find the worker busy and run alone, so three calls.
        let reference = try expectSameBitsOnEveryKernel(calls: 3) {
            let gru = GRU(h, returnSequences: returnSequences)
            var rng = SeededGenerator(seed: 44)
            _ = gru.build(inputShape: [t, f], using: &rng)
            let y = gru.forward(x)
            let dx = gru.backward(dOut)
            return [y.scalars, dx.scalars] + gru.parameters.map { $0.gradient.scalars }
        }
        #expect(reference[0].allSatisfy { $0.isFinite } && reference[2].contains { $0 != 0 })
    }

    /// Attention forward and backward give the same bits with one thread and with two (each
    /// taking half of the sequences, with its own ∂S scratch), on every kernel, for an odd and an
    /// even batch, with and without the causal mask. Sizes are above the split threshold.
    @Test(arguments: [(5, false), (6, true)])
    func attentionIsTheSameOnTwoThreads(batch: Int, causal: Bool) throws {
        var g = SeededGenerator(seed: 41)
        let t = 48, d = 24, dv = 20
        let q = g.normalTensor([batch, t, d]), k = g.normalTensor([batch, t, d])
        let v = g.normalTensor([batch, t, dv]), dO = g.normalTensor([batch, t, dv])
        #expect(Double(batch * t * t * (d + dv)) >= 256 * 1024)
        // Several calls: the worker may be busy with another test's product now and then (then a
        // call runs on this thread alone); most calls split.
        let reference = try expectSameBitsOnEveryKernel(calls: 4) {
            let r = scaledDotProductAttention(query: q, key: k, value: v, causal: causal)
            let grads = scaledDotProductAttentionBackward(query: q, key: k, value: v, weights: r.weights,
                                                          outputGradient: dO)
            return [r.output.scalars, r.weights.scalars, grads.query.scalars, grads.key.scalars,
                    grads.value.scalars]
        }
        #expect(reference[2].allSatisfy { $0.isFinite })
    }

    /// Runs `pass` `calls` times with the portable kernel on one thread (the reference) and then
    /// with every kernel on 1 and 2 threads, and expects every array of every call to have the
    /// reference's bits. Returns the reference's arrays of the first call.
    private func expectSameBitsOnEveryKernel(calls: Int, _ pass: () -> [[Float]]) throws -> [[Float]] {
        func run(_ kernel: SeqKitCompute.Kernel, _ threads: Int) throws -> [[[Float]]] {
            try SeqKitCompute.withSettings(kernel: kernel, threads: threads) { (0..<calls).map { _ in pass() } }
        }
        let reference = try run(.portable, 1)
        for kernel in SeqKitCompute.supportedKernels {
            for threads in [1, 2] {
                for (call, (got, expected)) in zip(try run(kernel, threads), reference).enumerated() {
                    for (i, (x, y)) in zip(got, expected).enumerated() {
                        #expect(sameBits(x, y), "\(kernel) ×\(threads), array \(i) of call \(call): \(bitDifference(x, y) ?? "")")
                    }
                }
            }
        }
        return reference[0]
    }
}
