import Foundation
import Testing
@testable import SeqKit

/// Largest violation of |a − b| ≤ atol + rtol·|b| over all elements, as a message, or nil.
func mismatch(_ a: [Float], _ b: [Float], atol: Float, rtol: Float) -> String? {
    guard a.count == b.count else { return "counts differ: \(a.count) vs \(b.count)" }
    var worst: (Int, Float)? = nil
    for i in 0..<a.count {
        let excess = abs(a[i] - b[i]) - (atol + rtol * abs(b[i]))
        if !(excess <= 0), worst == nil || excess > worst!.1 { worst = (i, excess.isNaN ? .infinity : excess) }
    }
    guard let (i, _) = worst else { return nil }
    return "element \(i): \(a[i]) vs \(b[i]) (|Δ| = \(abs(a[i] - b[i])), allowed \(atol + rtol * abs(b[i])))"
}

func expectClose(_ a: Tensor, _ b: Tensor, atol: Float, rtol: Float, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, "\(what): shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
    let m = mismatch(a.scalars, b.scalars, atol: atol, rtol: rtol)
    #expect(m == nil, "\(what): \(m ?? "")", sourceLocation: sourceLocation)
}

/// Reference JSON files committed under References/ (located from this source file, so the
/// tests need neither Python nor bundle resources).
func loadReference(_ name: String) throws -> [String: Any] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("References").appendingPathComponent(name)
    let data = try Data(contentsOf: url)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// A `{"shape": [...], "data": [...]}` entry as a Tensor.
func tensor(_ dict: [String: Any], _ key: String) throws -> Tensor {
    let entry = try #require(dict[key] as? [String: Any], "missing \(key)")
    let shape = try #require(entry["shape"] as? [Int])
    let data = try #require(entry["data"] as? [Double])
    return Tensor(shape: shape, scalars: data.map(Float.init))
}

/// L = Σ output ⊙ R, summed in Double; its gradient with respect to the output is R.
func weightedSum(_ out: Tensor, _ r: Tensor) -> Double {
    zip(out.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// Central finite difference of `loss` with respect to element `i` of a Float buffer.
///
/// Why these numbers work in Float: with step h = 1e-2 the truncation error is h²/6·|L'''|,
/// about 2e-5 for the smooth (tanh/σ/exp) functions here; the rounding error of a Float forward
/// pass is about 1e-7 relative per element, which after the Double sum and the division by 2h
/// stays below 1e-4. The checks therefore allow 2e-3 absolute plus 2e-3 relative — tight
/// enough to catch any wrong term (those are O(1) errors), and the PyTorch comparison checks
/// the same gradients to 1e-4.
func finiteDifference(_ get: () -> Float, _ set: (Float) -> Void, _ loss: () -> Double, h: Float = 1e-2) -> Float {
    let v = get()
    set(v + h); let up = loss()
    set(v - h); let down = loss()
    set(v)
    return Float((up - down) / Double(2 * h))
}

let fdTolerance: (atol: Float, rtol: Float) = (2e-3, 2e-3)

/// Checks a layer's backward against finite differences for the input and every parameter.
func checkLayerGradients(_ layer: any Layer, input: Tensor, seed: UInt64 = 7,
                         inputIsDifferentiable: Bool = true,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    var rng = SeededGenerator(seed: seed)
    var x = input
    let out = layer.forward(x)
    let r = rng.normalTensor(out.shape)
    let dx = layer.backward(r)
    let analytic = layer.parameters.map { $0.gradient }
    let loss = { weightedSum(layer.forward(x), r) }
    if inputIsDifferentiable {
        var fd = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            fd[i] = finiteDifference({ x.scalars[i] }, { x.scalars[i] = $0 }, loss)
        }
        let m = mismatch(dx.scalars, fd, atol: fdTolerance.atol, rtol: fdTolerance.rtol)
        #expect(m == nil, "\(layer.typeName) ∂input: \(m ?? "")", sourceLocation: sourceLocation)
    }
    for (p, g) in zip(layer.parameters, analytic) {
        var fd = [Float](repeating: 0, count: p.value.count)
        for i in 0..<p.value.count {
            fd[i] = finiteDifference({ p.value.scalars[i] }, { p.value.scalars[i] = $0 }, loss)
        }
        let m = mismatch(g.scalars, fd, atol: fdTolerance.atol, rtol: fdTolerance.rtol)
        #expect(m == nil, "\(layer.typeName) ∂\(p.name): \(m ?? "")", sourceLocation: sourceLocation)
    }
}
