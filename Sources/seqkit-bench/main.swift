// Times the benchmark cases; Benchmarks/run.sh runs it interleaved with the PyTorch
// companion (Benchmarks/torch_bench.py) and prints the comparison table.
//
//   swift run -c release seqkit-bench [repeats] [name-filter]
//
// Output: one line per case, "name cpu_ms wall_ms [gflops]", single-threaded.
import SeqKit
#if canImport(Glibc)
import Glibc
#endif

let repeats = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 7 : 7
let filter = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : ""
let clock = ContinuousClock()
print("# SeqKit kernel \(SeqKitCompute.kernelName), \(SeqKitCompute.threads) thread(s)")

/// Process CPU time in milliseconds. The machine is shared (other builds run beside the
/// benchmark), so CPU time — which excludes the time this process waits to be scheduled — is
/// the primary measure on both sides; wall-clock medians are reported next to it.
func cpuMilliseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) * 1e-6
}

/// Median (CPU ms, wall ms) per call of `body`, over `repeats` timings of `inner` calls each.
func time(inner: Int, _ body: () -> Void) -> (cpu: Double, wall: Double) {
    body(); body()   // warm caches and the optimizer's state
    var cpu: [Double] = [], wall: [Double] = []
    for _ in 0..<repeats {
        let c0 = cpuMilliseconds()
        let t = clock.measure { for _ in 0..<inner { body() } }
        cpu.append((cpuMilliseconds() - c0) / Double(inner))
        let c = t.components
        wall.append((Double(c.seconds) * 1e3 + Double(c.attoseconds) * 1e-15) / Double(inner))
    }
    cpu.sort(); wall.sort()
    return (cpu[cpu.count / 2], wall[wall.count / 2])
}

/// Runs and reports a case unless the name filter excludes it.
func bench(_ name: String, inner: Int, flops: Double? = nil, _ body: () -> Void) {
    guard filter.isEmpty || name.contains(filter) else { return }
    let (cpu, wall) = time(inner: inner, body)
    report(name, cpu, wall, flops: flops)
}

/// "name cpu_ms wall_ms [GFLOP/s from CPU time]"
func report(_ name: String, _ cpu: Double, _ wall: Double, flops: Double? = nil) {
    func r4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
    var line = "\(name) \(r4(cpu)) \(r4(wall))"
    if let f = flops { line += " \((f / (cpu * 1e-3) / 1e9 * 10).rounded() / 10)" }
    print(line)
}

/// FLOPs of one recurrent training step (2 per multiply-add; the three matmuls of forward,
/// backward-data and backward-weights), ignoring the elementwise work.
func recurrentFlops(gates: Int, f: Int, h: Int, t: Int, b: Int) -> Double {
    Double(3 * 2 * t * b * gates * h * (f + h))
}

for (f, h, t, b, inner) in [(1, 64, 100, 32, 5), (8, 128, 50, 64, 3), (1, 16, 50, 1, 200)] {
    var g = SeededGenerator(seed: 1)
    let x = g.normalTensor([b, t, f]), y = g.normalTensor([b, 1])
    let lstm = Sequential(seed: 2) { LSTM(h, inputShape: [t, f]); Dense(1) }
    lstm.compile(optimizer: Adam(), loss: .meanSquaredError)
    bench("lstm_F\(f)_H\(h)_T\(t)_B\(b)", inner: inner, flops: recurrentFlops(gates: 4, f: f, h: h, t: t, b: b)) {
        lstm.trainStep(x, y)
    }
    let rnn = Sequential(seed: 2) { SimpleRNN(h, inputShape: [t, f]); Dense(1) }
    rnn.compile(optimizer: Adam(), loss: .meanSquaredError)
    bench("rnn_F\(f)_H\(h)_T\(t)_B\(b)", inner: inner * 3, flops: recurrentFlops(gates: 1, f: f, h: h, t: t, b: b)) {
        rnn.trainStep(x, y)
    }
}

do {
    var g = SeededGenerator(seed: 3)
    let x = g.normalTensor([32, 100, 64])
    let attention = SelfAttention(keyDim: 64)
    var r = SeededGenerator(seed: 4)
    _ = attention.build(inputShape: [100, 64], using: &r)
    let dy = g.normalTensor([32, 100, 64])
    bench("attention_T100_d64_B32", inner: 5) { _ = attention.forward(x); _ = attention.backward(dy) }
}

for n in [64, 128, 256, 512] {
    var g = SeededGenerator(seed: 5)
    let a = g.normalTensor([n, n]), b = g.normalTensor([n, n])
    let inner = max(1, 20_000_000 / (n * n * n))
    bench("matmul_\(n)", inner: inner, flops: 2 * Double(n * n * n)) { _ = matmul(a, b) }
}
