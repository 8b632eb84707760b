import Foundation
import SeqKit
import Testing
import WorkbookCore

/// Chapter 2's tanh RNN against PyTorch: the forward pass and the gradients that the chapter
/// prints (its hand-written BPTT, in Double), and SeqKit's `SimpleRNN` (Float) on the same
/// closed-form weights, both compared with `References/rnn_reference.json`, written by
/// `References/rnn_reference.py` (PyTorch, float64).
///
/// Error measure, per tensor: max |actual − reference| / max |reference|.
@Suite struct RNNReferenceTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()

    struct Reference: Decodable {
        var versions: [String: String]
        var dtype: String
        var h: [[Double]]
        var y: [Double]
        var loss: Double
        var dWx: [[Double]]
        var dWh: [[Double]]
        var db: [Double]
        var dV: [[Double]]
        var dc: [Double]
    }

    static func reference() throws -> Reference {
        let data = try Data(contentsOf: here.appendingPathComponent("References/rnn_reference.json"))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    static func transposed(_ m: [[Double]]) -> [[Double]] {
        guard let first = m.first else { return [] }
        return first.indices.map { j in m.map { $0[j] } }
    }

    static func relativeError(_ actual: [Double], _ expected: [Double]) -> Double {
        precondition(actual.count == expected.count, "relativeError: \(actual.count) vs \(expected.count) values")
        let scale = expected.map(abs).max() ?? 0
        let error = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        return error / scale
    }

    /// Numbers printed by the chapter, by label: every token that is not a number starts a new
    /// label, and the numbers after it (on that line and on continuation lines) belong to it.
    static func printedValues() throws -> [String: [Double]] {
        let url = root.appendingPathComponent("chapters/02-rnn.md")
        let chapter = try Chapter(contentsOf: url, displayPath: "chapters/02-rnn.md")
        let outputs = chapter.snippets.compactMap { $0.expectedOutput?.text }
            .filter { $0.contains("h_1 ") || $0.contains("dL/dU") }
        #expect(outputs.count == 2, "expected the forward-pass and the gradient outputs, found \(outputs.count)")
        var values: [String: [Double]] = [:]
        var label = ""
        for token in outputs.joined(separator: "\n").split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if let number = Double(token) {
                values[label, default: []].append(number)
            } else {
                label = String(token)
            }
        }
        return values
    }

    @Test func chapterForwardAndGradientsMatchPyTorch() throws {
        let ref = try Self.reference()
        let printed = try Self.printedValues()
        let h = (1...5).flatMap { printed["h_\($0)"] ?? [] }
        let y = (1...5).flatMap { printed["y_\($0)"] ?? [] }
        let pairs: [(String, [Double]?, [Double])] = [
            ("h", h, ref.h.flatMap { $0 }),
            ("y", y, ref.y),
            ("loss", printed["loss"], [ref.loss]),
            // The chapter uses row vectors (x W + h U): its W and U are PyTorch's
            // weight_ih and weight_hh transposed, and so are their gradients.
            ("dL/dW", printed["dL/dW"], Self.transposed(ref.dWx).flatMap { $0 }),
            ("dL/dU", printed["dL/dU"], Self.transposed(ref.dWh).flatMap { $0 }),
            ("dL/db", printed["dL/db"], ref.db),
            ("dL/dV", printed["dL/dV"], ref.dV.flatMap { $0 }),
            ("dL/dc", printed["dL/dc"], ref.dc),
        ]
        for (name, actual, expected) in pairs {
            let actual = try #require(actual, "the chapter prints no \(name)")
            try #require(actual.count == expected.count, "\(name): chapter prints \(actual.count) values, PyTorch has \(expected.count)")
            // The chapter prints 10 decimals of Double results.
            let error = Self.relativeError(actual, expected)
            #expect(error <= 1e-8, "\(name): relative error \(error) against PyTorch \(ref.versions["torch"] ?? "?")")
        }
    }

    @Test func seqKitSimpleRNNMatchesPyTorch() throws {
        let ref = try Self.reference()
        let (units, features, steps) = (3, 2, 5)
        // The chapter's closed-form weights; SeqKit stores W as (features, units) and U as
        // (units, units) acting on row vectors: kernel = Wxᵀ, recurrent kernel = Whᵀ.
        let wx = (0..<units).map { i in (0..<features).map { j in 0.5 * sin(Double(2 * i + j + 1)) } }
        let wh = (0..<units).map { i in (0..<units).map { j in 0.4 * cos(Double(3 * i + j + 1)) } }
        let b = (0..<units).map { i in 0.1 * sin(Double(i + 1)) }
        let v = (0..<units).map { j in 0.6 * cos(Double(j + 1)) }
        let c = 0.05
        let x = (0..<steps).flatMap { t in (0..<features).map { j in Float(sin(0.9 * Double(t + 1) + 1.3 * Double(j))) } }
        let target = (0..<steps).map { t in 0.5 * cos(0.6 * Double(t + 1)) }

        let rnn = SimpleRNN(units, returnSequences: true)
        var rng = SeededGenerator(seed: 0)
        _ = rnn.build(inputShape: [steps, features], using: &rng)
        rnn.kernel.value = Tensor(shape: [features, units],
                                  scalars: (0..<features).flatMap { j in (0..<units).map { i in Float(wx[i][j]) } })
        rnn.recurrentKernel.value = Tensor(shape: [units, units],
                                           scalars: (0..<units).flatMap { j in (0..<units).map { i in Float(wh[i][j]) } })
        rnn.bias.value = Tensor(b.map { Float($0) })

        let h = rnn.forward(Tensor(shape: [1, steps, features], scalars: x)).scalars.map(Double.init)   // (1, T, H)
        let hError = Self.relativeError(h, ref.h.flatMap { $0 })
        #expect(hError <= 1e-5, "SimpleRNN hidden states: relative error \(hError)")

        // Read-out and loss as in the chapter: dL/dh_t = (V·h_t + c − y*_t) · V.
        var dh: [Float] = []
        for t in 0..<steps {
            let y = zip(v, h[(t * units)..<((t + 1) * units)]).reduce(c) { $0 + $1.0 * $1.1 }
            dh += v.map { Float((y - target[t]) * $0) }
        }
        _ = rnn.backward(Tensor(shape: [1, steps, units], scalars: dh))
        let transposedWx = (0..<features).flatMap { j in (0..<units).map { i in ref.dWx[i][j] } }
        let transposedWh = (0..<units).flatMap { j in (0..<units).map { i in ref.dWh[i][j] } }
        let checks: [(String, Tensor, [Double])] = [
            ("kernel (dWxᵀ)", rnn.kernel.gradient, transposedWx),
            ("recurrent kernel (dWhᵀ)", rnn.recurrentKernel.gradient, transposedWh),
            ("bias (db)", rnn.bias.gradient, ref.db),
        ]
        for (name, gradient, expected) in checks {
            let error = Self.relativeError(gradient.scalars.map(Double.init), expected)
            #expect(error <= 1e-5, "SimpleRNN gradient of \(name): relative error \(error)")
        }
    }
}
