import Foundation
import Testing
import WorkbookCore

/// Chapter 4's scaled dot-product attention (SeqKit's `scaledDotProductAttention` and its
/// backward pass, as the chapter prints them) against PyTorch.
///
/// `References/attention_reference.py` computed the weights, output and gradients in float64
/// with `torch.nn.functional.scaled_dot_product_attention`, from the same closed-form inputs as the
/// chapter's snippet under "Checking against PyTorch", and wrote `attention_reference.json`.
/// `ChapterOutputTests` guarantees that the chapter's output block is what the code prints today
/// (within the block's `tolerance=1e-6`, which allows for another summation order, e.g. with FMA),
/// so comparing the block with the JSON compares the library with PyTorch, without Python.
@Suite struct TransformersReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let chapterPath = "chapters/04-transformers.md"

    /// The chapter prints 7 decimals (rounding: 5e-8) of float32 results (≈1e-7 relative error on
    /// values below 2); PyTorch's float64 answer is exact to ~1e-15. Measured gap: 8.5e-8.
    static let tolerance = 1e-6

    struct Reference: Decodable {
        let versions: [String: String]
        let shape: [String: Int]
        /// case ("causal=false") → quantity ("output", "dQ", …) → rows.
        let cases: [String: [String: [[Double]]]]
    }

    @Test func attentionForwardAndBackwardMatchPyTorch() throws {
        let chapter = try Chapter(contentsOf: Self.root.appendingPathComponent(Self.chapterPath), displayPath: Self.chapterPath)
        let block = try #require(chapter.snippets.compactMap(\.expectedOutput).first { $0.text.hasPrefix("causal=false weights") },
                                 "\(Self.chapterPath) has no output block starting with \"causal=false weights\"")
        let printed = try Self.matrices(in: block.text)

        let json = try Data(contentsOf: Self.root.appendingPathComponent("Tests/ChapterTests/References/attention_reference.json"))
        let reference = try JSONDecoder().decode(Reference.self, from: json)
        #expect(reference.versions["torch"] != nil, "the reference must record the PyTorch version")

        var compared = 0
        for (caseName, quantities) in reference.cases.sorted(by: { $0.key < $1.key }) {
            for (quantity, expected) in quantities.sorted(by: { $0.key < $1.key }) {
                let label = "\(caseName) \(quantity)"
                let actual = try #require(printed[label], "the chapter does not print \"\(label)\"")
                try #require(actual.count == expected.count && zip(actual, expected).allSatisfy { $0.count == $1.count },
                             "\(label): chapter prints \(actual.map(\.count)) values per row, PyTorch has \(expected.map(\.count))")
                for (i, (row, expectedRow)) in zip(actual, expected).enumerated() {
                    for (j, (a, e)) in zip(row, expectedRow).enumerated() {
                        #expect(abs(a - e) <= Self.tolerance,
                                "\(label)[\(i)][\(j)]: chapter \(a), PyTorch \(e), difference \(abs(a - e)) > \(Self.tolerance)")
                        compared += 1
                    }
                }
            }
        }
        // T = 4, d = 3, dv = 2: weights 4×4, output 4×2, dQ 4×3, dK 4×3, dV 4×2, with and without the mask.
        #expect(compared == 2 * (16 + 8 + 12 + 12 + 8))
        #expect(Set(printed.keys) == Set(reference.cases.flatMap { c in c.value.keys.map { "\(c.key) \($0)" } }),
                "the chapter prints matrices the reference does not check, or the other way round")
    }

    /// Parses blocks of the form
    ///
    ///     causal=false output
    ///        0.4386067   0.9116239
    ///        …
    ///
    /// into label → rows.
    static func matrices(in text: String) throws -> [String: [[Double]]] {
        var result: [String: [[Double]]] = [:]
        var label: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == " " {
                let current = try #require(label, "numbers before the first label: \(line)")
                let numbers = try line.split(separator: " ").map { try #require(Double($0), "not a number: \($0) in \(line)") }
                result[current, default: []].append(numbers)
            } else {
                label = String(line)
            }
        }
        return result
    }
}
