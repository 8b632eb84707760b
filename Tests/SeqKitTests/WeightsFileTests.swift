import Foundation
import Testing
@testable import SeqKit

/// `saveWeights` / `loadWeights`: the exact bytes written, the names, and every error a bad
/// file gives, message and all.
@Suite("Weights files (safetensors)")
struct WeightsFileTests {
    /// Dense(2) on 3 inputs with weights 1…6 and bias 7, 8.
    func dense(inputs: Int = 3) -> Sequential {
        let m = Sequential(seed: 1, inputShape: [inputs]) { Dense(2) }
        m.weights = [Tensor(shape: [inputs, 2], scalars: (1...(2 * inputs)).map(Float.init)), Tensor([7, 8])]
        return m
    }

    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "seqkit-weights-\(getpid())-\(name)"
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = temporaryPath(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A file with `header` (padded by nothing) and `data` bytes.
    func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let h = Array(header.utf8)
        var n = UInt64(h.count)
        var out: [UInt8] = []
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        return out + h + data
    }

    /// The load error for `bytes` into `model`, whose weights must be left unchanged.
    func loadError(_ bytes: [UInt8], into model: Sequential? = nil, _ name: String) throws -> WeightsFileError {
        let model = model ?? dense()
        let before = model.weights.flatMap(\.scalars)
        let path = try write(bytes, name)
        defer { unlink(path) }
        do {
            try model.loadWeights(from: path)
        } catch let e as WeightsFileError {
            #expect(model.weights.flatMap(\.scalars) == before, "a failed load changed weights")
            return e
        }
        Issue.record("loading \(name) did not fail")
        return WeightsFileError(.corrupt, path: "", "")
    }

    @Test func bytesAreTheSpecsLayout() throws {
        let path = temporaryPath("layout")
        defer { unlink(path) }
        try dense().saveWeights(to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let header = #"{"__metadata__":{"format":"seqkit"},"0.dense.kernel":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"0.dense.bias":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}"#
        // 171 header bytes, padded with 5 spaces so the data starts at byte 8 + 176 = 184.
        var expected: [UInt8] = [176, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + Array(repeating: 0x20, count: 5)
        for v: Float in [1, 2, 3, 4, 5, 6, 7, 8] {
            let b = v.bitPattern
            expected += [UInt8(b & 0xff), UInt8(b >> 8 & 0xff), UInt8(b >> 16 & 0xff), UInt8(b >> 24)]
        }
        #expect(bytes == expected)
        // No temporary file is left beside it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.contains("seqkit-weights-\(getpid())-layout.tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func namesAreStableAndMeaningful() {
        let m = Sequential(seed: 0, inputShape: [6]) {
            Embedding(vocabularySize: 5, dimension: 4)
            SimpleRNN(3, returnSequences: true)
            SelfAttention(keyDim: 2)
            LSTM(2)
            Dense(1)
        }
        #expect(m.weightNames == [
            "0.embedding.embeddings",
            "1.simple_rnn.kernel", "1.simple_rnn.recurrent_kernel", "1.simple_rnn.bias",
            "2.self_attention.query.kernel", "2.self_attention.query.bias",
            "2.self_attention.key.kernel", "2.self_attention.key.bias",
            "2.self_attention.value.kernel", "2.self_attention.value.bias",
            "2.self_attention.attention_output.kernel", "2.self_attention.attention_output.bias",
            "3.lstm.kernel", "3.lstm.recurrent_kernel", "3.lstm.bias",
            "4.dense.kernel", "4.dense.bias",
        ])
        #expect(m.weightNames.count == m.parameters.count)
    }

    /// A GRU's weights: Keras' names and shapes (bias (2, 3H): b_in, b_rec), saved and loaded bit for bit.
    @Test func gruWeightsHaveKerasNamesAndRoundTrip() throws {
        let source = Sequential(seed: 3) { GRU(3, returnSequences: true, inputShape: [4, 2]); GRU(2); Dense(1) }
        #expect(source.weightNames == ["0.gru.kernel", "0.gru.recurrent_kernel", "0.gru.bias",
                                       "1.gru.kernel", "1.gru.recurrent_kernel", "1.gru.bias",
                                       "2.dense.kernel", "2.dense.bias"])
        #expect(source.weights.map(\.shape) == [[2, 9], [3, 9], [2, 9], [3, 6], [2, 6], [2, 6], [2, 1], [1]])
        let path = temporaryPath("gru")
        defer { unlink(path) }
        try source.saveWeights(to: path)
        let target = Sequential(seed: 4) { GRU(3, returnSequences: true, inputShape: [4, 2]); GRU(2); Dense(1) }
        _ = try target.loadWeights(from: path)
        #expect(target.weights.flatMap(\.scalars).map(\.bitPattern) == source.weights.flatMap(\.scalars).map(\.bitPattern))
    }

    @Test func saveThenLoadRestoresEveryBitAndTheMetadata() throws {
        let source = Sequential(seed: 3) { SimpleRNN(3, returnSequences: true, inputShape: [4, 2]); SelfAttention(keyDim: 2); Dense(2) }
        let path = temporaryPath("roundtrip")
        defer { unlink(path) }
        try source.saveWeights(to: path, metadata: ["note": "a \"quoted\" \\ value\nwith ünïcode"])
        let target = Sequential(seed: 4) { SimpleRNN(3, returnSequences: true, inputShape: [4, 2]); SelfAttention(keyDim: 2); Dense(2) }
        #expect(target.weights.flatMap(\.scalars) != source.weights.flatMap(\.scalars))
        let metadata = try target.loadWeights(from: path)
        #expect(metadata == ["format": "seqkit", "note": "a \"quoted\" \\ value\nwith ünïcode"])
        #expect(target.weights.flatMap(\.scalars).map(\.bitPattern) == source.weights.flatMap(\.scalars).map(\.bitPattern))
    }

    @Test func readsHeadersWrittenDifferently() throws {
        // Another writer's style: spaces, keys in another order, escapes, tensors stored in
        // reverse order, no metadata.
        let header = #"{ "0.dense.bias" : {"data_offsets": [0, 8], "shape": [2], "dtype": "F32"},"#
            + #" "0.d\u0065nse.kernel": {"dtype":"F32", "shape":[3, 2], "data_offsets":[8,32]} }"#
        var data: [UInt8] = []
        for v: Float in [-1, -2, 10, 20, 30, 40, 50, 60] {
            let b = v.bitPattern
            data += [UInt8(b & 0xff), UInt8(b >> 8 & 0xff), UInt8(b >> 16 & 0xff), UInt8(b >> 24)]
        }
        let path = try write(file(header: header, data: data), "other")
        defer { unlink(path) }
        let m = dense()
        #expect(try m.loadWeights(from: path) == [:])
        #expect(m.weights.map(\.scalars) == [[10, 20, 30, 40, 50, 60], [-1, -2]])
    }

    @Test func missingFile() throws {
        let path = "/nonexistent-seqkit-folder/w.safetensors"
        #expect(throws: WeightsFileError(.unreadable, path: path, "cannot open the file: No such file or directory")) {
            try dense().loadWeights(from: path)
        }
        let e = WeightsFileError(.unreadable, path: path, "cannot open the file: No such file or directory")
        #expect(e.description == "/nonexistent-seqkit-folder/w.safetensors: error: cannot open the file: No such file or directory")
    }

    @Test func folderInsteadOfAFile() throws {
        let folder = NSTemporaryDirectory() + "seqkit-weights-\(getpid())-folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: WeightsFileError(.unreadable, path: folder, "cannot read the file: Is a directory")) {
            try dense().loadWeights(from: folder)
        }
    }

    @Test func unwritableFolder() throws {
        let path = "/nonexistent-seqkit-folder/w.safetensors"
        #expect(throws: WeightsFileError(.unwritable, path: path,
                                         "cannot create the temporary file /nonexistent-seqkit-folder/.w.safetensors.tmp-\(getpid()): No such file or directory")) {
            try dense().saveWeights(to: path)
        }
    }

    @Test func corruptFiles() throws {
        func message(_ bytes: [UInt8], _ name: String) throws -> String {
            let e = try loadError(bytes, name)
            #expect(e.kind == .corrupt, "\(e)")
            #expect(e.path == temporaryPath(name))
            return e.message
        }
        #expect(try message([1, 2, 3, 4, 5], "short") ==
                "not a safetensors file: it is 5 bytes long, shorter than the 8-byte header length")
        #expect(try message([0xe8, 3, 0, 0, 0, 0, 0, 0] + Array(repeating: 0x20, count: 20), "long-header") ==
                "not a safetensors file: the header length field says 1000 bytes, but only 20 bytes follow it")
        #expect(try message(file(header: "[1] "), "not-object") ==
                "not a safetensors file: the header does not start with '{'")
        #expect(try message(file(header: #"{"a":1,}"#), "trailing-comma") ==
                "corrupt safetensors header: expected a string key at byte 7 of the header")
        #expect(try message(file(header: #"{"a":{"b":"#), "cut") ==
                "corrupt safetensors header: unexpected end of the header at byte 10 of the header")
        #expect(try message(file(header: #"{"x":1,"x":2}"#), "duplicate") ==
                #"corrupt safetensors header: duplicate key "x" at byte 7 of the header"#)
        #expect(try message(file(header: #"{"0.dense.kernel":{"dtype":"F32","shape":[3,2],"data_offsets":[0,20]}}"#,
                                 data: Array(repeating: 0, count: 20)), "short-tensor") ==
                #"tensor "0.dense.kernel": data_offsets [0, 20] hold 20 bytes, but F32 shape [3, 2] needs 24"#)
        #expect(try message(file(header: #"{"0.dense.kernel":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]}}"#,
                                 data: Array(repeating: 0, count: 8)), "past-end") ==
                #"tensor "0.dense.kernel": data_offsets [0, 24] lie outside the 8 data bytes"#)
        #expect(try message(file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#,
                                 data: Array(repeating: 0, count: 16)), "hole") ==
                #"tensor "b" starts at data byte 12, but the previous tensor ends at 8 (holes and overlaps are not allowed)"#)
        #expect(try message(file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
                                 data: Array(repeating: 0, count: 12)), "trailing-data") ==
                "the tensors cover 8 data bytes, but the file has 12 after the header")
        #expect(try message(file(header: #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#), "float-shape") ==
                #"tensor "a": "shape" is not a list of non-negative integers"#)
        #expect(try message(file(header: #"{"a":{"dtype":"F32","shape":[2]}}"#), "no-offsets") ==
                #"tensor "a": no "data_offsets""#)
        #expect(try message(file(header: #"{"__metadata__":{"epoch":3}}"#), "metadata-number") ==
                #""__metadata__" value of "epoch" is not a string"#)
    }

    @Test func wrongDType() throws {
        let e = try loadError(file(header: #"{"0.dense.kernel":{"dtype":"F64","shape":[3,2],"data_offsets":[0,48]}}"#,
                                   data: Array(repeating: 0, count: 48)), "f64")
        #expect(e.kind == .unsupportedDType)
        #expect(e.message == #"tensor "0.dense.kernel" has dtype F64; SeqKit reads F32 only (save as torch.float32)"#)
    }

    @Test func tensorsThatDoNotFitTheModel() throws {
        func saved(_ tensors: [StoredTensor]) -> [UInt8] { Safetensors.encode(tensors, metadata: [:]) }
        let kernel = StoredTensor(name: "0.dense.kernel", shape: [3, 2], scalars: Array(repeating: 1, count: 6))
        let bias = StoredTensor(name: "0.dense.bias", shape: [2], scalars: [1, 1])

        let missing = try loadError(saved([kernel]), "missing")
        #expect(missing.kind == .missingTensor)
        #expect(missing.description == temporaryPath("missing") + #": error: the model's tensor "0.dense.bias" is not in the file"#)

        let extra = try loadError(saved([kernel, bias, StoredTensor(name: "1.dense.bias", shape: [1], scalars: [0])]), "extra")
        #expect(extra.kind == .unexpectedTensor)
        #expect(extra.message == #"tensor "1.dense.bias" is not in the model, whose tensors are 0.dense.kernel, 0.dense.bias"#)

        let path = temporaryPath("shape")
        defer { unlink(path) }
        try dense(inputs: 3).saveWeights(to: path)
        let shape = try loadError(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), into: dense(inputs: 4), "shape")
        #expect(shape.kind == .shapeMismatch)
        #expect(shape.message == #"tensor "0.dense.kernel" has shape [3, 2] in the file, but [4, 2] in the model"#)
    }

    @Test func jsonStringsEscape() {
        #expect(jsonString("a\"b\\c\nd\u{01}é") == #""a\"b\\c\nd\u0001é""#)
    }
}
