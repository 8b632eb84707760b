// Times benchmark cases named on the command line; Benchmarks/run.sh runs it interleaved with
// the PyTorch companion (Benchmarks/torch_bench.py, same cases, same timing rule, same output)
// and prints the comparison tables. The case list lives in Benchmarks/cases.txt.
//
//   swift run -c release seqkit-bench [--budget S] [--min-count N] CASE...
//   SEQKIT_THREADS=2 .build/release/seqkit-bench lstm_F1_H256_T100_B8 matmul_256
//
// Case names: lstm_F<f>_H<h>_T<t>_B<b>, gru_…, rnn_… (one training step: forward, backward,
// Adam, of LSTM/GRU/SimpleRNN(F→H) → last state → Dense(1) → MSE), attention_T<t>_d<d>_B<b>
// (single-head self-attention forward + backward), transformer_T<t>_d<d>_h<h>_B<b> (one training
// step of a pre-norm causal TransformerBlock, GELU, f = 4d: forward, backward, Adam, MSE),
// matmul_<n> (square Float32 product), lstmproducts_F<f>_H<h>_T<t>_B<b> (only the matrix products
// of the lstm case's training step, one C kernel call each, without the step's elementwise work
// and optimizer).
//
// Output: a "# …" header line, then one line per case: "name cpu_ms wall_ms flops timings",
// where cpu_ms / wall_ms are medians per call (process CPU time, so all threads count) and
// flops is the case's nominal FLOP count per call (0 if none is defined).
import SeqKit
#if canImport(CSeqKitKernels)
import CSeqKitKernels
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Arguments

var budget = 0.25     // seconds of timed work per case (after warm-up)
var minCount = 3      // at least this many timings per case, whatever the budget
var names: [String] = []
do {
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--budget": budget = Double(args.popFirst() ?? "") ?? budget
        case "--min-count": minCount = max(1, Int(args.popFirst() ?? "") ?? minCount)
        default: names.append(a)
        }
    }
}
if names.isEmpty {
    print("usage: seqkit-bench [--budget S] [--min-count N] CASE...   (cases: see Benchmarks/cases.txt)")
    exit(2)
}

// MARK: Timing

func seconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Median (CPU ms, wall ms) per call of `body`, and the number of timings.
///
/// Rule (the same in torch_bench.py): warm up for at least one call and 20 ms; batch calls so
/// one timing lasts ≥ 20 ms; then time batches until at least `minCount` timings and `budget`
/// seconds are done (at most 25 timings). CPU time is the process's (all threads); with one
/// thread it excludes time spent waiting for a core on the shared machine, with several it
/// adds up the threads, so wall time is the measure that counts there.
func measure(budget: Double, minCount: Int, _ body: () -> Void) -> (cpu: Double, wall: Double, count: Int) {
    let w0 = seconds(CLOCK_MONOTONIC)
    var calls = 0
    repeat { body(); calls += 1 } while seconds(CLOCK_MONOTONIC) - w0 < 0.02
    let perCall = (seconds(CLOCK_MONOTONIC) - w0) / Double(calls)
    let inner = max(1, Int((0.02 / perCall).rounded(.up)))
    var cpu: [Double] = [], wall: [Double] = []
    let start = seconds(CLOCK_MONOTONIC)
    while cpu.count < minCount || (seconds(CLOCK_MONOTONIC) - start < budget && cpu.count < 25) {
        let c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), t0 = seconds(CLOCK_MONOTONIC)
        for _ in 0..<inner { body() }
        wall.append((seconds(CLOCK_MONOTONIC) - t0) * 1e3 / Double(inner))
        cpu.append((seconds(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e3 / Double(inner))
    }
    return (median(cpu), median(wall), cpu.count)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

// MARK: FLOP counts (nominal; the same formulas in torch_bench.py)

/// One recurrent training step: three products of 2·T·B·gates·H·(F+H) FLOPs each — forward
/// (input and recurrent projections), backward-data (∂h through Uᵀ, ∂x through Wᵀ) and
/// backward-weights (∂W, ∂U). The code skips the recurrent product at t = 0 (h₀ = 0), so the
/// exact count is 3·2·B·gates·H·(T·F + (T−1)·H), 1 % less at T = 100; elementwise gate work,
/// the Dense head and Adam are not counted.
func recurrentFlops(gates: Int, f: Int, h: Int, t: Int, b: Int) -> Double {
    Double(3 * 2 * t * b * gates * h * (f + h))
}

/// Self-attention forward + backward: four d×d projections × (forward, ∂x, ∂W) = 12 products of
/// 2·B·T·d², plus Q·Kᵀ and P·V forward and their four backward products = 6 of 2·B·T²·d.
func attentionFlops(t: Int, d: Int, b: Int) -> Double {
    Double(12 * 2 * b * t * d * d + 6 * 2 * b * t * t * d)
}

/// One Transformer-block training step: per position the block's products take 12·d² multiply-adds
/// (four d×d attention projections, d×4d and 4d×d feed-forward), and the scores and the weighted
/// values 2·T·d more (the full T×T, as both libraries compute it); × 2 FLOPs, × 3 for forward,
/// ∂x and ∂W. Layer norms, softmax, GELU and Adam are not counted.
func transformerFlops(t: Int, d: Int, b: Int) -> Double {
    Double(3 * 2 * b * t * (12 * d * d + 2 * t * d))
}

// MARK: Cases

/// Parses "lstm_F1_H64_T100_B32" into ("lstm", ["F": 1, "H": 64, …]); "matmul_256" → ["n": 256].
func parse(_ name: String) -> (kind: String, p: [String: Int])? {
    let parts = name.split(separator: "_").map(String.init)
    guard let kind = parts.first else { return nil }
    var p: [String: Int] = [:]
    for token in parts.dropFirst() {
        if let n = Int(token) { p["n"] = n; continue }
        guard let key = token.first, let v = Int(token.dropFirst()) else { return nil }
        p[String(key)] = v
    }
    return (kind, p)
}

// Which matrix kernel and thread count SeqKit runs with. The run-time-dispatched kernels of
// issue 15 come with the C target CSeqKitKernels and the query SeqKitCompute; a SeqKit without
// them (single-threaded, one compile-time kernel) makes the header say "not exposed".
#if canImport(CSeqKitKernels)
func kernelName() -> String { SeqKitCompute.kernelName }
func threadsInUse() -> String { String(SeqKitCompute.threads) }
#else
func kernelName() -> String { "not exposed by this SeqKit" }
func threadsInUse() -> String { "1 (this SeqKit has no threads)" }
#endif

let env = ProcessInfoLite()
print("# seqkit SEQKIT_THREADS=\(env["SEQKIT_THREADS"] ?? "unset") SEQKIT_KERNEL=\(env["SEQKIT_KERNEL"] ?? "unset")"
      + " kernel=\(kernelName().replacingSpaces()) threads=\(threadsInUse().replacingSpaces())")

for name in names {
    guard let (kind, p) = parse(name) else { print("# unknown case \(name)"); continue }
    let result: (cpu: Double, wall: Double, count: Int)
    var flops = 0.0
    switch kind {
    case "lstm", "gru", "rnn":
        guard let f = p["F"], let h = p["H"], let t = p["T"], let b = p["B"] else { print("# bad case \(name)"); continue }
        var g = SeededGenerator(seed: 1)
        let x = g.normalTensor([b, t, f]), y = g.normalTensor([b, 1])
        let model = kind == "lstm" ? Sequential(seed: 2) { LSTM(h, inputShape: [t, f]); Dense(1) }
                  : kind == "gru" ? Sequential(seed: 2) { GRU(h, inputShape: [t, f]); Dense(1) }
                  : Sequential(seed: 2) { SimpleRNN(h, inputShape: [t, f]); Dense(1) }
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        flops = recurrentFlops(gates: kind == "lstm" ? 4 : kind == "gru" ? 3 : 1, f: f, h: h, t: t, b: b)
        result = measure(budget: budget, minCount: minCount) { _ = model.trainStep(x, y) }
    case "attention":
        guard let t = p["T"], let d = p["d"], let b = p["B"] else { print("# bad case \(name)"); continue }
        var g = SeededGenerator(seed: 3)
        let x = g.normalTensor([b, t, d])
        let attention = SelfAttention(keyDim: d)
        var r = SeededGenerator(seed: 4)
        _ = attention.build(inputShape: [t, d], using: &r)
        let dy = g.normalTensor([b, t, d])
        flops = attentionFlops(t: t, d: d, b: b)
        result = measure(budget: budget, minCount: minCount) { _ = attention.forward(x); _ = attention.backward(dy) }
    case "transformer":
        guard let t = p["T"], let d = p["d"], let h = p["h"], let b = p["B"] else { print("# bad case \(name)"); continue }
        var g = SeededGenerator(seed: 6)
        let x = g.normalTensor([b, t, d]), y = g.normalTensor([b, t, d])
        let model = Sequential(seed: 7) {
            TransformerBlock(heads: h, keyDim: d / h, hidden: 4 * d, inputShape: [t, d])
        }
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        flops = transformerFlops(t: t, d: d, b: b)
        result = measure(budget: budget, minCount: minCount) { _ = model.trainStep(x, y) }
    case "matmul":
        guard let n = p["n"] else { print("# bad case \(name)"); continue }
        var g = SeededGenerator(seed: 5)
        let a = g.normalTensor([n, n]), b = g.normalTensor([n, n])
        flops = 2 * Double(n * n * n)
        result = measure(budget: budget, minCount: minCount) { _ = matmul(a, b) }
    case "lstmproducts":
        guard let f = p["F"], let h = p["H"], let t = p["T"], let b = p["B"] else { print("# bad case \(name)"); continue }
        #if canImport(CSeqKitKernels)
        flops = recurrentFlops(gates: 4, f: f, h: h, t: t, b: b)
        guard let products = LSTMProducts(f: f, h: h, t: t, b: b) else {
            print("# case \(name): out of memory for its packed matrices"); continue
        }
        result = measure(budget: budget, minCount: minCount) { products.run() }
        #else
        print("# case \(name) needs CSeqKitKernels"); continue
        #endif
    default:
        print("# unknown case \(name)"); continue
    }
    print("\(name) \(result.cpu) \(result.wall) \(flops) \(result.count)")
}

#if canImport(CSeqKitKernels)
/// The matrix products of one LSTM(F→H) training step on (B, T, F), as LSTM.swift runs them and
/// nothing else: per step z_t = x_t·W + h_{t−1}·U (h₀ = 0, so no recurrent product at t = 0);
/// backward, per step t ≥ 1, ∂h_{t−1} = ∂z_t·Uᵀ; then ∂W = Xᵀ·∂Z and ∂U = H_{<T}ᵀ·∂Z with ∂Z
/// packed once for both. No bias, σ/tanh, cell update, backward cells, ∂b, Dense head or Adam.
/// The operands are fixed arrays (their values do not matter for the time). Unfused, one call per
/// product, so not a floor for the lstm case (which runs the same products fused with their
/// neighbours), but the same calls torch_bench.py makes: what the products alone cost each side.
final class LSTMProducts {
    let f: Int, h: Int, t: Int, b: Int
    let x: [Float], hs: [Float], dz: [Float]
    var z: [Float], dh: [Float], dw: [Float], du: [Float]
    let w: OpaquePointer, u: OpaquePointer, ut: OpaquePointer

    init?(f: Int, h: Int, t: Int, b: Int) {
        self.f = f; self.h = h; self.t = t; self.b = b
        var g = SeededGenerator(seed: 8)
        func values(_ n: Int) -> [Float] { g.normalTensor([n]).scalars.map { $0 * 0.1 } }
        x = values(t * b * f); hs = values(t * b * h); dz = values(t * b * 4 * h)
        z = [Float](repeating: 0, count: t * b * 4 * h); dh = [Float](repeating: 0, count: b * h)
        dw = [Float](repeating: 0, count: f * 4 * h); du = [Float](repeating: 0, count: h * 4 * h)
        let wv = values(f * 4 * h), uv = values(h * 4 * h)
        let packed = [sk_pack_b(0, f, 4 * h, wv, 4 * h), sk_pack_b(0, h, 4 * h, uv, 4 * h),
                      sk_pack_b(1, 4 * h, h, uv, 4 * h)]   // W, U and Uᵀ (U stored H × 4H)
        guard let pw = packed[0], let pu = packed[1], let put = packed[2] else {
            packed.forEach { sk_packed_b_free($0) }
            return nil
        }
        w = pw; u = pu; ut = put
    }

    deinit { sk_packed_b_free(w); sk_packed_b_free(u); sk_packed_b_free(ut) }

    func run() {
        let g4 = 4 * h, rows = t * b
        x.withUnsafeBufferPointer { px in hs.withUnsafeBufferPointer { ph in
        dz.withUnsafeBufferPointer { pdz in z.withUnsafeMutableBufferPointer { pz in
        dh.withUnsafeMutableBufferPointer { pdh in dw.withUnsafeMutableBufferPointer { pdw in
        du.withUnsafeMutableBufferPointer { pdu in
            for s in 0..<t {
                let zt = pz.baseAddress! + s * b * g4
                sk_gemm_packed(0, b, px.baseAddress! + s * b * f, f, w, zt, g4, 0)
                if s > 0 { sk_gemm_packed(0, b, ph.baseAddress! + (s - 1) * b * h, h, u, zt, g4, 1) }
            }
            for s in stride(from: t - 1, through: 1, by: -1) {
                sk_gemm_packed(0, b, pdz.baseAddress! + s * b * g4, g4, ut, pdh.baseAddress!, h, 0)
            }
            var products = [
                sk_shared_b_product(trans_a: 1, m: f, k0: 0, k: rows, a: px.baseAddress!, lda: f,
                                    c: pdw.baseAddress!, ldc: g4),
                sk_shared_b_product(trans_a: 1, m: h, k0: b, k: rows - b, a: ph.baseAddress!, lda: h,
                                    c: pdu.baseAddress!, ldc: g4),
            ]
            sk_gemm_shared_b(&products, 2, g4, pdz.baseAddress!, g4, nil, 0)
        } } } } } } }
    }
}
#endif

// MARK: Small helpers (no Foundation in this target)

/// Read-only view of the process environment.
struct ProcessInfoLite {
    subscript(_ key: String) -> String? {
        guard let v = getenv(key) else { return nil }
        return String(cString: v)
    }
}

extension String {
    /// The header is split on spaces by compare.py, so values use underscores.
    func replacingSpaces() -> String { String(map { $0 == " " ? "_" : $0 }) }
}
