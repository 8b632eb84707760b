import Foundation
import SeqKit
import Testing
import WorkbookCore

/// Chapter 3 against independent references: PyTorch's `nn.LSTM` (outputs and gradients for fixed
/// weights) and Keras 3's parameter counts, both written by the committed scripts in
/// `References/` (run once by hand; no Python needed here).
///
/// The chapter's numbers are read from its output blocks, which `ChapterOutputTests` guarantees
/// equal what the chapter prints today; the library's numbers are computed here.
@Suite struct LSTMReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")

    /// The PyTorch reference: F = 2 features, H = 3 units, T = 4 steps, gate order i, f, g, o.
    struct TorchReference: Decodable {
        let versions: [String: String]
        let h: [[Double]]        // (T, H)
        let c_last: [Double]     // (H)
        let loss: Double
        let dW: [[Double]]       // (F, 4H)
        let dU: [[Double]]       // (H, 4H)
        let db: [Double]         // (4H)
        let dx: [[Double]]       // (T, F)
    }

    struct KerasCounts: Decodable {
        let versions: [String: String]
        let models: [String: [Int]]
    }

    static func load<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: references.appendingPathComponent(file)))
    }

    /// The verified output block of the first snippet whose output contains `marker`.
    static func output(containing marker: String) throws -> String {
        let chapter = try Chapter(contentsOf: root.appendingPathComponent("chapters/03-lstm.md"), displayPath: "chapters/03-lstm.md")
        let text = chapter.snippets.compactMap { $0.expectedOutput?.text }.first { $0.contains(marker) }
        return try #require(text, "no output block of chapters/03-lstm.md contains \"\(marker)\"")
    }

    /// Lines of `text` whose first word is `label`, as the numbers after it.
    static func numbers(after label: String, in text: String) -> [Double] {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first.map(String.init) == label {
                return words.dropFirst().compactMap { Double($0) }
            }
        }
        return []
    }

    static func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) numbers, reference has \(expected.count)", sourceLocation: sourceLocation)
        for (k, (a, e)) in zip(actual, expected).enumerated() {
            #expect(abs(a - e) <= tolerance * max(1, abs(e)),
                    "\(what)[\(k)]: \(a), PyTorch \(e) (tolerance \(tolerance))", sourceLocation: sourceLocation)
        }
    }

    // The closed-form weights and inputs of the chapter and of lstm_reference.py.
    static let (F, H, T) = (2, 3, 4)
    static func W(_ a: Int, _ k: Int) -> Double { 0.6 * sin(Double(3 * a + k + 1)) }
    static func U(_ j: Int, _ k: Int) -> Double { 0.5 * cos(Double(j + 2 * k + 1)) }
    static func b(_ k: Int) -> Double { 0.2 * cos(Double(3 * k)) }
    static func x(_ t: Int, _ a: Int) -> Double { sin(Double(t + 2 * a + 1)) }
    static func r(_ t: Int, _ j: Int) -> Double { cos(Double(t + 3 * j + 1)) }

    @Test func referenceWasWrittenByPyTorch() throws {
        let reference = try Self.load(TorchReference.self, "lstm_reference.json")
        #expect(reference.versions["torch"] != nil, "lstm_reference.json does not record the PyTorch version")
    }

    /// The chapter prints its hand-written forward pass with 7 decimals.
    @Test func chapterForwardMatchesPyTorch() throws {
        let reference = try Self.load(TorchReference.self, "lstm_reference.json")
        let text = try Self.output(containing: "loss L =")
        for t in 0..<Self.T {
            Self.expectClose(Self.numbers(after: "h_\(t + 1)", in: text), reference.h[t], tolerance: 1e-6, "h_\(t + 1)")
        }
        Self.expectClose(Self.numbers(after: "c_\(Self.T)", in: text), reference.c_last, tolerance: 1e-6, "c_\(Self.T)")
        let lossLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("loss L =") })
        Self.expectClose([Double(lossLine.split(separator: " ").last!)!], [reference.loss], tolerance: 1e-6, "loss")
    }

    /// The chapter prints its hand-written gradients as a table: one row per gate unit with
    /// ∂L/∂W[x0,k], ∂L/∂W[x1,k], ∂L/∂U[h0,k], ∂L/∂U[h1,k], ∂L/∂U[h2,k], ∂L/∂b[k], then ∂L/∂x_t.
    @Test func chapterBackwardMatchesPyTorch() throws {
        let reference = try Self.load(TorchReference.self, "lstm_reference.json")
        let text = try Self.output(containing: "gate unit")
        var rowsSeen = 0
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 8, let gate = ["i", "f", "g", "o"].firstIndex(of: words[0]), let unit = Int(words[1]) else { continue }
            let k = gate * Self.H + unit
            let expected = [reference.dW[0][k], reference.dW[1][k], reference.dU[0][k], reference.dU[1][k], reference.dU[2][k], reference.db[k]]
            Self.expectClose(words.dropFirst(2).compactMap { Double($0) }, expected, tolerance: 1e-6, "gradient row \(words[0]) \(unit)")
            rowsSeen += 1
        }
        #expect(rowsSeen == 4 * Self.H, "the gradient table has \(rowsSeen) rows, expected \(4 * Self.H)")
        for t in 0..<Self.T {
            Self.expectClose(Self.numbers(after: "dx_\(t + 1)", in: text), reference.dx[t], tolerance: 1e-6, "dx_\(t + 1)")
        }
    }

    /// SeqKit's LSTM layer (Float) with the same weights, against PyTorch (float64).
    @Test func libraryLSTMMatchesPyTorch() throws {
        let reference = try Self.load(TorchReference.self, "lstm_reference.json")
        let (F, H, T) = (Self.F, Self.H, Self.T)
        let layer = LSTM(H, returnSequences: true, unitForgetBias: false)
        var rng = SeededGenerator(seed: 0)
        _ = layer.build(inputShape: [T, F], using: &rng)
        layer.kernel.value = Tensor((0..<F).map { a in (0..<(4 * H)).map { Float(Self.W(a, $0)) } })
        layer.recurrentKernel.value = Tensor((0..<H).map { j in (0..<(4 * H)).map { Float(Self.U(j, $0)) } })
        layer.bias.value = Tensor((0..<(4 * H)).map { Float(Self.b($0)) })
        let input = Tensor(shape: [1, T, F], scalars: (0..<T).flatMap { t in (0..<F).map { Float(Self.x(t, $0)) } })
        let output = layer.forward(input)
        let dx = layer.backward(Tensor(shape: [1, T, H], scalars: (0..<T).flatMap { t in (0..<H).map { Float(Self.r(t, $0)) } }))

        func doubles(_ t: Tensor) -> [Double] { t.scalars.map(Double.init) }
        let tolerance = 1e-6   // single precision (a few ulp of values below 1) against double
        Self.expectClose(doubles(output), reference.h.flatMap { $0 }, tolerance: tolerance, "library h")
        Self.expectClose(doubles(layer.lastCellStates).suffix(H), reference.c_last, tolerance: tolerance, "library c_T")
        Self.expectClose(doubles(layer.kernel.gradient), reference.dW.flatMap { $0 }, tolerance: tolerance, "library dW")
        Self.expectClose(doubles(layer.recurrentKernel.gradient), reference.dU.flatMap { $0 }, tolerance: tolerance, "library dU")
        Self.expectClose(doubles(layer.bias.gradient), reference.db, tolerance: tolerance, "library db")
        Self.expectClose(doubles(dx), reference.dx.flatMap { $0 }, tolerance: tolerance, "library dx")
    }

    /// The Keras example's summary in the chapter: LSTM(64) on 1 feature, Dense(1).
    @Test func kerasExampleCountsMatchKeras() throws {
        let keras = try Self.load(KerasCounts.self, "keras_counts.json")
        #expect(keras.versions["keras"] != nil, "keras_counts.json does not record the Keras version")
        let text = try Self.output(containing: "(None, 64)")
        // Rows of the table: "│ lstm (LSTM) │ (None, 64) │ 16,896 │"
        let counts = text.split(separator: "\n").filter { $0.hasPrefix("│") }.map { row in
            Int(row.split(separator: "│").last!.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ""))
        }
        #expect(counts == keras.models["keras_example"]!.map { Optional($0) }, "summary counts \(counts), Keras \(keras.models["keras_example"]!)")
    }

    /// The GRU version of the example: GRU(64) on 1 feature, Dense(1).
    @Test func kerasExampleGRUCountsMatchKeras() throws {
        let keras = try Self.load(KerasCounts.self, "keras_counts.json")
        let text = try Self.output(containing: "gru (GRU)")
        let counts = text.split(separator: "\n").filter { $0.hasPrefix("│") }.map { row in
            Int(row.split(separator: "│").last!.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ""))
        }
        #expect(counts == keras.models["keras_example_gru"]!.map { Optional($0) }, "summary counts \(counts), Keras \(keras.models["keras_example_gru"]!)")
    }

    /// The rematch line "parameters: RNN 1120 + 33, LSTM 1216 + 17, LSTM f=3 1216 + 17, GRU 1188 + 19":
    /// each contender's per-layer counts (the numbers of "a + b" at the end of its entry).
    @Test func rematchCountsMatchKeras() throws {
        let keras = try Self.load(KerasCounts.self, "keras_counts.json")
        let text = try Self.output(containing: "parameters: RNN")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("parameters: ") })
        var found: [String: [Int]] = [:]
        for entry in line.dropFirst("parameters: ".count).components(separatedBy: ", ") {
            let words = entry.split(separator: " ").map(String.init)
            // "<name words> <a> + <b>"
            guard words.count >= 4, words[words.count - 2] == "+",
                  let a = Int(words[words.count - 3]), let b = Int(words[words.count - 1]) else {
                Issue.record("unreadable entry \"\(entry)\" in \"\(line)\""); continue
            }
            found[words.dropLast(3).joined(separator: " ")] = [a, b]
        }
        let expected: [String: [Int]] = ["RNN": keras.models["rematch_rnn"]!, "LSTM": keras.models["rematch_lstm"]!,
                                         "LSTM f=3": keras.models["rematch_lstm"]!, "GRU": keras.models["rematch_gru"]!]
        #expect(found == expected, "chapter \(found), Keras \(expected)")
    }
}
