import Foundation
import Testing
@testable import SeqKit

/// Weights cross between SeqKit and PyTorch through safetensors files
/// (References/safetensors_roundtrip.py, run by hand; its outputs are committed):
///
/// 1. `roundtrip/seqkit_weights.safetensors` is what `trainedModel()` saves, byte for byte;
/// 2. PyTorch loads it into its twin (nn.LSTM + nn.Linear) and predicts: SeqKit's predictions of
///    the same file agree;
/// 3. PyTorch trains further and saves `roundtrip/torch_weights.safetensors` in SeqKit's names:
///    SeqKit loads it and predicts what PyTorch predicted.
///
/// Tolerance 1e-5 absolute + 1e-4 relative, as in TorchReferenceTests (PyTorch predicts in
/// float64 from the Float32 weights; SeqKit's Float rounding over the 5 steps of a 4-unit LSTM
/// and a sigmoid is ~1e-6 on outputs in (0, 1); a wrong layout, e.g. a transposed kernel or a
/// swapped gate block, changes outputs by O(0.01–0.1)). Measured when committed: at most 6e-8.
///
/// To regenerate after a deliberate change of the training numerics:
/// `SEQKIT_WRITE_ROUNDTRIP=1 swift test --skip-build --filter SafetensorsRoundTrip` (which
/// writes the SeqKit file and fails), then `python3 Tests/SeqKitTests/References/safetensors_roundtrip.py`.
@Suite("Safetensors round trip with PyTorch")
struct SafetensorsRoundTripTests {
    let atol: Float = 1e-5, rtol: Float = 1e-4

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("References/roundtrip")
    static func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The twin's architecture: LSTM(4) over (5 steps, 2 features), then Dense(1, sigmoid).
    static func model(seed: UInt64 = 11) -> Sequential {
        Sequential(seed: seed) {
            LSTM(4, inputShape: [5, 2])
            Dense(1, activation: .sigmoid)
        }
    }

    /// Inputs both sides compute exactly: x[b, t, f] = ((7b + 3t + 5f) mod 17) / 16 − 1/2
    /// (multiples of 1/16, exact in Float); label 1 when the sample's sum is positive.
    static func data(_ samples: Range<Int>) -> (x: Tensor, y: Tensor) {
        var x = Tensor(zeros: [samples.count, 5, 2])
        var y = Tensor(zeros: [samples.count, 1])
        for (i, b) in samples.enumerated() {
            var sum: Float = 0
            for t in 0..<5 {
                for f in 0..<2 {
                    let v = Float((7 * b + 3 * t + 5 * f) % 17) / 16 - 0.5
                    x[i, t, f] = v
                    sum += v
                }
            }
            y[i, 0] = sum > 0 ? 1 : 0
        }
        return (x, y)
    }

    /// Seeded training whose saved weights are the committed SeqKit file.
    static func trainedModel() -> Sequential {
        let m = model()
        m.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossEntropy, metrics: [.accuracy])
        let (x, y) = data(0..<64)
        m.fit(x, y, epochs: 5, batchSize: 16, verbose: .silent)
        return m
    }

    func reference() throws -> [String: Any] { try loadReference("roundtrip/safetensors_roundtrip.json") }

    @Test func committedFileIsWhatTrainingSaves() throws {
        let path = NSTemporaryDirectory() + "seqkit-roundtrip-\(getpid()).safetensors"
        defer { unlink(path) }
        let model = Self.trainedModel()
        try model.saveWeights(to: path)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        if ProcessInfo.processInfo.environment["SEQKIT_WRITE_ROUNDTRIP"] == "1" {
            try written.write(to: URL(fileURLWithPath: Self.file("seqkit_weights.safetensors")))
            Issue.record("wrote \(Self.file("seqkit_weights.safetensors")); now run python3 Tests/SeqKitTests/References/safetensors_roundtrip.py and commit both")
            return
        }
        let committed = try Data(contentsOf: URL(fileURLWithPath: Self.file("seqkit_weights.safetensors")))
        #expect(written == committed, "the committed SeqKit weights are not what seeded training saves (see the suite's comment to regenerate)")
    }

    @Test func inputsAreTheScriptsInputs() throws {
        let ref = try reference()
        let x = try tensor(ref, "x")
        #expect(x.scalars.map(\.bitPattern) == Self.data(100..<106).x.scalars.map(\.bitPattern))
        #expect(x.shape == [6, 5, 2])
    }

    @Test func seqKitPredictionsOfItsFileEqualPyTorchs() throws {
        let ref = try reference()
        let model = Self.model(seed: 99)   // other initial weights: everything must come from the file
        let metadata = try model.loadWeights(from: Self.file("seqkit_weights.safetensors"))
        #expect(metadata == ["format": "seqkit"])
        expectClose(model.predict(try tensor(ref, "x")), try tensor(ref, "seqkit_weights_torch_predictions"),
                    atol: atol, rtol: rtol, "SeqKit vs PyTorch on SeqKit's weights")
    }

    @Test func pyTorchsFileGivesPyTorchsPredictions() throws {
        let ref = try reference()
        let model = Self.model(seed: 99)
        let metadata = try model.loadWeights(from: Self.file("torch_weights.safetensors"))
        #expect(metadata["written_by"]?.hasPrefix("torch ") == true, "\(metadata)")
        let prediction = model.predict(try tensor(ref, "x"))
        expectClose(prediction, try tensor(ref, "torch_weights_torch_predictions"),
                    atol: atol, rtol: rtol, "SeqKit vs PyTorch on PyTorch's weights")
        // PyTorch's training moved the weights: the two files give different predictions.
        let before = try tensor(ref, "seqkit_weights_torch_predictions")
        #expect(mismatch(prediction.scalars, before.scalars, atol: 1e-3, rtol: 0) != nil)
    }

    @Test func savingALoadedFileGivesTheSameBytes() throws {
        let source = Self.file("seqkit_weights.safetensors")
        let model = Self.model(seed: 99)
        let metadata = try model.loadWeights(from: source)
        let path = NSTemporaryDirectory() + "seqkit-resave-\(getpid()).safetensors"
        defer { unlink(path) }
        try model.saveWeights(to: path, metadata: metadata)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: source)))
    }
}
