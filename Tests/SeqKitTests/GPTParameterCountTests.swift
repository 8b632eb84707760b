import Testing
@testable import SeqKit

/// Chapter 5's two models, built in SeqKit, against the same models built in PyTorch and
/// Keras (References/gpt_parameter_counts.py writes the counts, with versions).
@Suite("Chapter 5's parameter counts against PyTorch and Keras")
struct GPTParameterCountTests {
    func reference() throws -> [String: Any] { try loadReference("gpt_parameter_counts.json") }

    func config(_ ref: [String: Any], _ key: String) throws -> Int {
        let c = try #require(ref["config"] as? [String: Int])
        return try #require(c[key], "config \(key)")
    }

    @Test func tinyGPT() throws {
        let ref = try reference()
        let (v, t, d) = (try config(ref, "V"), try config(ref, "T"), try config(ref, "d"))
        let (h, f, l) = (try config(ref, "heads"), try config(ref, "f"), try config(ref, "L"))
        let model = Sequential(seed: 1) {
            Embedding(vocabularySize: v, dimension: d, inputLength: t)
            PositionEmbedding(maxLength: t)
            for _ in 0..<l { TransformerBlock(heads: h, keyDim: d / h, hidden: f) }
            LayerNorm()
            Dense(v)
        }
        let gpt = try #require(ref["gpt"] as? [String: Int])
        let counts = model.layers.map(\.parameterCount)
        #expect(counts == [gpt["tokens"]!, gpt["positions"]!] + Array(repeating: gpt["block"]!, count: l)
                + [gpt["final_norm"]!, gpt["head"]!])
        #expect(counts.reduce(0, +) == gpt["total"])
        let post = TransformerBlock(heads: h, keyDim: d / h, hidden: f, activation: .relu, placement: .postNorm)
        var rng = SeededGenerator(seed: 0)
        _ = post.build(inputShape: [t, d], using: &rng)
        #expect(post.parameterCount == ref["post_norm_relu_block"] as? Int)
    }

    @Test func charLSTM() throws {
        let ref = try reference()
        let (v, t) = (try config(ref, "V"), try config(ref, "T"))
        let (e, h) = (try config(ref, "E"), try config(ref, "H"))
        let model = Sequential(seed: 1) {
            Embedding(vocabularySize: v, dimension: e, inputLength: t)
            LSTM(h, returnSequences: true)
            Dense(v)
        }
        let lstm = try #require(ref["lstm"] as? [String: Any])
        #expect(model.layers.map(\.parameterCount) == lstm["layers"] as? [Int])
        #expect(model.layers.map(\.parameterCount).reduce(0, +) == lstm["total"] as? Int)
    }

    @Test func narrowHeadsMatchKerasMultiHeadAttention() throws {
        let mha = MultiHeadSelfAttention(heads: 3, keyDim: 2)
        var rng = SeededGenerator(seed: 0)
        _ = mha.build(inputShape: [5, 4], using: &rng)
        #expect(mha.parameterCount == (try reference())["mha_heads3_key2_on_4"] as? Int)
    }

    @Test func referenceRecordsVersions() throws {
        let versions = try #require(try reference()["versions"] as? [String: String])
        #expect(versions["torch"] != nil && versions["keras"] != nil)
    }
}
