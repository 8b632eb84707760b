// Chapter 2, “Recurrent networks: the friend who forgets”: the whole program of chapters/02-rnn.md.
// Every snippet in order, hidden lines and setup snippets included: what `swift run rnn`
// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and
// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).

// MARK: Snippet 1 (chapters/02-rnn.md:45)
import Foundation
import SeqKit
import Figures

typealias Vector = [Double]
typealias Matrix = [[Double]]   // an array of rows

/// x · m: a row vector times a matrix, (n) × (n, k) -> (k).
func vecmat(_ x: Vector, _ m: Matrix) -> Vector {
    var out = Vector(repeating: 0, count: m[0].count)
    for (i, row) in m.enumerated() {
        for j in row.indices { out[j] += x[i] * row[j] }
    }
    return out
}

/// x · mᵀ, without building the transpose: (k) × (n, k)ᵀ -> (n).
func vecmatT(_ x: Vector, _ m: Matrix) -> Vector {
    m.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
}

func add(_ a: Vector, _ b: Vector) -> Vector { zip(a, b).map { $0 + $1 } }

/// m += uᵀ · v, the outer product of two row vectors.
func addOuter(_ m: inout Matrix, _ u: Vector, _ v: Vector) {
    for i in u.indices { for j in v.indices { m[i][j] += u[i] * v[j] } }
}

// MARK: Snippet 2 (chapters/02-rnn.md:75)
/// A tanh RNN with a linear read-out, in row vectors:
///   h_t = tanh(x_t W + h_{t−1} U + b),  y_t = h_t V + c,  h_0 = 0.
struct TanhRNN {
    var w: Matrix    // (D, H)  input → hidden
    var u: Matrix    // (H, H)  hidden → hidden
    var b: Vector    // (H)
    var v: Matrix    // (H, O)  hidden → output
    var c: Vector    // (O)

    var hiddenSize: Int { b.count }

    /// Runs a sequence; returns the hidden states h_1…h_T and outputs y_1…y_T.
    func forward(_ xs: [Vector]) -> (hs: [Vector], ys: [Vector]) {
        var h = Vector(repeating: 0, count: hiddenSize)
        var hs: [Vector] = [], ys: [Vector] = []
        for x in xs {
            let a = add(add(vecmat(x, w), vecmat(h, u)), b)   // (H)
            h = a.map { tanh($0) }
            hs.append(h)
            ys.append(add(vecmat(h, v), c))                   // (O)
        }
        return (hs, ys)
    }
}

// MARK: Snippet 3 (chapters/02-rnn.md:106)
/// Weights and data defined by formulas, so that any other implementation
/// can rebuild them.
/// Hidden unit i reads input j with weight W[j][i], hidden unit k with U[k][i].
func grid(_ rows: Int, _ columns: Int,
          _ entry: (_ row: Int, _ column: Int) -> Double) -> Matrix {
    (0..<rows).map { (r: Int) -> Vector in
        (0..<columns).map { (c: Int) -> Double in entry(r, c) }
    }
}
let tiny = TanhRNN(
    w: grid(2, 3) { j, i in 0.5 * sin(Double(2 * i + j + 1)) },
    u: grid(3, 3) { k, i in 0.4 * cos(Double(3 * i + k + 1)) },
    b: grid(1, 3) { _, i in 0.1 * sin(Double(i + 1)) }[0],
    v: grid(3, 1) { i, _ in 0.6 * cos(Double(i + 1)) },
    c: [0.05])
let tinyInputs: [Vector] = grid(5, 2) { t, j in
    sin(0.9 * Double(t + 1) + 1.3 * Double(j))
}
let tinyTargets: [Vector] = grid(5, 1) { t, _ in
    0.5 * cos(0.6 * Double(t + 1))
}

func row(_ values: Vector) -> String {
    values.map { String(format: "%14.10f", $0) }.joined()
}

let (tinyH, tinyY) = tiny.forward(tinyInputs)
for t in 0..<5 {
    print("h_\(t + 1)", row(tinyH[t]), "   y_\(t + 1)", row(tinyY[t]))
}

// MARK: Snippet 4 (chapters/02-rnn.md:192)
extension TanhRNN {
    /// The same shapes, filled with zeros (a container for gradients).
    var zeroed: TanhRNN {
        TanhRNN(w: w.map { $0.map { _ in 0 } }, u: u.map { $0.map { _ in 0 } },
                b: b.map { _ in 0 }, v: v.map { $0.map { _ in 0 } },
                c: c.map { _ in 0 })
    }

    /// Backpropagation through time. `dys[t]` is ∂L/∂y_t; returns
    /// ∂L/∂(every weight).
    func backward(_ xs: [Vector], _ hs: [Vector], _ dys: [Vector]) -> TanhRNN {
        var grad = zeroed
        let zero = Vector(repeating: 0, count: hiddenSize)
        var fromLater = zero                                  // δ_{t+1} Uᵀ
        for t in xs.indices.reversed() {
            let hPrevious = t > 0 ? hs[t - 1] : zero
            addOuter(&grad.v, hs[t], dys[t])                  // h_tᵀ ∂L/∂y_t
            grad.c = add(grad.c, dys[t])
            let g = add(vecmatT(dys[t], v), fromLater)        // ∂L/∂h_t
            let delta = zip(g, hs[t]).map { $0 * (1 - $1 * $1) }   // ∂L/∂a_t
            addOuter(&grad.w, xs[t], delta)                   // x_tᵀ δ_t
            addOuter(&grad.u, hPrevious, delta)               // h_{t−1}ᵀ δ_t
            grad.b = add(grad.b, delta)
            fromLater = vecmatT(delta, u)
        }
        return grad
    }

    /// L = ½ Σ_t ‖y_t − y*_t‖² and its gradient.
    func lossAndGradient(_ xs: [Vector], _ targets: [Vector])
        -> (loss: Double, gradient: TanhRNN) {
        let (hs, ys) = forward(xs)
        let dys = zip(ys, targets).map { y, target in
            zip(y, target).map { $0 - $1 }
        }
        let loss = dys.reduce(0) { $0 + $1.reduce(0) { $0 + 0.5 * $1 * $1 } }
        return (loss, backward(xs, hs, dys))
    }
}

// MARK: Snippet 5 (chapters/02-rnn.md:242)
extension TanhRNN {
    /// All weights in one list (W, U, b, V, c, each row by row), readable
    /// and writable.
    var flat: [Double] {
        get {
            let parts = [w.flatMap { $0 }, u.flatMap { $0 }, b,
                         v.flatMap { $0 }, c]
            return Array(parts.joined())
        }
        set {
            var rest = newValue[...]
            func take(_ n: Int) -> [Double] {
                defer { rest = rest.dropFirst(n) }
                return Array(rest.prefix(n))
            }
            w = w.map { take($0.count) }
            u = u.map { take($0.count) }
            b = take(b.count)
            v = v.map { take($0.count) }
            c = take(c.count)
        }
    }
}

func randomRNN(inputs: Int, hidden: Int, outputs: Int, scale: Double,
               using rng: inout SeededGenerator) -> TanhRNN {
    func matrix(_ r: Int, _ c: Int) -> Matrix {
        (0..<r).map { _ in (0..<c).map { _ in scale * rng.normalDouble() } }
    }
    return TanhRNN(w: matrix(inputs, hidden), u: matrix(hidden, hidden),
                   b: matrix(1, hidden)[0], v: matrix(hidden, outputs),
                   c: matrix(1, outputs)[0])
}

func finiteDifferenceCheck() {
    var rng = SeededGenerator(seed: 2)
    let model = randomRNN(inputs: 1, hidden: 4, outputs: 1, scale: 0.7,
                          using: &rng)
    let xs = (0..<10).map { _ in [rng.normalDouble()] }
    let targets = (0..<10).map { _ in [rng.normalDouble()] }
    let analytic = model.lossAndGradient(xs, targets).gradient.flat
    let epsilon = 1e-5
    var numeric: [Double] = []
    for k in model.flat.indices {
        var plus = model, minus = model
        plus.flat[k] += epsilon
        minus.flat[k] -= epsilon
        let lPlus = plus.lossAndGradient(xs, targets).loss
        let lMinus = minus.lossAndGradient(xs, targets).loss
        numeric.append((lPlus - lMinus) / (2 * epsilon))
    }
    let groups = [("W", 0..<4), ("U", 4..<20), ("b", 20..<24), ("V", 24..<28),
                  ("c", 28..<29)]
    print("weights  largest |gradient|  largest |BPTT − finite difference|")
    for (name, range) in groups {
        let largest = range.map { abs(analytic[$0]) }.max()!
        let error = range.map { abs(analytic[$0] - numeric[$0]) }.max()!
        print(name.padding(toLength: 9, withPad: " ", startingAt: 0)
              + String(format: "%18.6f  %12.1e", largest, error))
    }
}
finiteDifferenceCheck()

// MARK: Snippet 6 (chapters/02-rnn.md:331)
func printMatrix(_ name: String, _ m: Matrix) {
    for (i, r) in m.enumerated() {
        let label = (i == 0 ? name : "")
        print(label.padding(toLength: 7, withPad: " ", startingAt: 0) + row(r))
    }
}

let (tinyLoss, tinyGradient) = tiny.lossAndGradient(tinyInputs, tinyTargets)
print("loss  ", row([tinyLoss]))
printMatrix("dL/dW", tinyGradient.w)
printMatrix("dL/dU", tinyGradient.u)
printMatrix("dL/db", [tinyGradient.b])
printMatrix("dL/dV", tinyGradient.v)
printMatrix("dL/dc", [tinyGradient.c])

// MARK: Snippet 7 (chapters/02-rnn.md:381)
func noisySignal(count: Int, seed: UInt64) -> [Float] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { t in
        let phase = 2 * Double.pi * Double(t) / 20
        return Float(sin(phase) + 0.5 * sin(2 * phase + 1)) + 0.2 * rng.normal()
    }
}

/// Sliding windows: `window` values in (batch, window, 1), the next value
/// out (batch, 1).
func windows(_ series: [Float], window: Int) -> (x: Tensor, y: Tensor) {
    let n = series.count - window
    var x: [Float] = [], y: [Float] = []
    for i in 0..<n {
        x += series[i..<(i + window)]
        y.append(series[i + window])
    }
    return (Tensor(shape: [n, window, 1], scalars: x),
            Tensor(shape: [n, 1], scalars: y))
}

let signal = noisySignal(count: 1600, seed: 11)
let window = 24
// Three parts, in time order: fit on the first 1000 values, watch and choose
// on the next 200, and test once, at the end, on the last 400.
let train = windows(Array(signal[..<1000]), window: window)
let validation = windows(Array(signal[1000..<1200]), window: window)
let test = windows(Array(signal[1200...]), window: window)
print("windows: training \(train.x.shape[0]), validation",
      "\(validation.x.shape[0]), test \(test.x.shape[0])")

// MARK: Snippet 8 (chapters/02-rnn.md:423)
/// Least-squares AR(p) on windows of length p, with an intercept: the
/// coefficients c, then one weight per window position (oldest first).
func fitWindowAR(_ data: (x: Tensor, y: Tensor)) -> [Double] {
    let p = data.x.shape[1]
    var design = DoubleMatrix(rows: data.x.rows, columns: p + 1)  // (n, p + 1)
    for i in 0..<data.x.rows {
        design[i, 0] = 1
        for j in 0..<p { design[i, j + 1] = Double(data.x.scalars[i * p + j]) }
    }
    return leastSquares(design, data.y.scalars.map(Double.init))
}

/// Mean squared error of the AR coefficients on the windows of `data`.
func windowARError(_ coefficients: [Double],
                   _ data: (x: Tensor, y: Tensor)) -> Double {
    let p = data.x.shape[1]
    var squaredError = 0.0
    for i in 0..<data.x.rows {
        var prediction = coefficients[0]
        for j in 0..<p {
            prediction += coefficients[j + 1]
                * Double(data.x.scalars[i * p + j])
        }
        squaredError += pow(prediction - Double(data.y.scalars[i]), 2)
    }
    return squaredError / Double(data.x.rows)
}

func repeatLastValueError(_ data: (x: Tensor, y: Tensor)) -> Double {
    let p = data.x.shape[1]
    let errors = (0..<data.x.rows).map { i in
        pow(Double(data.x.scalars[i * p + p - 1] - data.y.scalars[i]), 2)
    }
    return errors.reduce(0, +) / Double(errors.count)
}

let arCoefficients = fitWindowAR(train)
let arError = windowARError(arCoefficients, test)
print("                        validation MSE   test MSE")
print(String(format: "repeat the last value          %.4f     %.4f",
             repeatLastValueError(validation), repeatLastValueError(test)))
print(String(format: "AR(24), least squares          %.4f     %.4f",
             windowARError(arCoefficients, validation), arError))

// MARK: Snippet 9 (chapters/02-rnn.md:484)
/// An RNN(16) trained for 40 epochs from `seed`, keeping the weights of the
/// epoch with the lowest validation loss.
func sineRNN(seed: UInt64) -> (model: Sequential, history: History, best: Int) {
    let model = Sequential(seed: seed, inputShape: [window, 1]) {
        SimpleRNN(16)
        Dense(1)
    }
    model.compile(optimizer: Adam(learningRate: 0.003), loss: .meanSquaredError)
    let keeper = EarlyStopping(patience: 40, restoreBestWeights: true)
    let history = try! model.fit(train.x, train.y, epochs: 40, batchSize: 32,
                                 validationData: validation,
                                 callbacks: [keeper])
    return (model, history, keeper.bestEpoch!)
}

let sineSeeds: [UInt64] = [1, 2, 3, 4, 5]
let sineRuns = sineSeeds.map { sineRNN(seed: $0) }
var sineTestErrors: [Double] = []
print("seed   best epoch   validation MSE   test MSE")
for (seed, run) in zip(sineSeeds, sineRuns) {
    let testMSE = Double(run.model.evaluate(test.x, test.y, batchSize: 376))
    sineTestErrors.append(testMSE)
    print(String(format: "%4d %12d %16.4f %10.4f", seed, run.best,
                 run.history.validationLoss[run.best - 1], testMSE))
}
let sineMean = sineTestErrors.reduce(0, +) / Double(sineTestErrors.count)
let sineSpread = (sineTestErrors.map { ($0 - sineMean) * ($0 - sineMean) }
    .reduce(0, +) / Double(sineTestErrors.count - 1)).squareRoot()
print(String(format: "RNN(16), 5 seeds: test MSE %.4f ± %.4f (mean ± sd)",
             sineMean, sineSpread))
print(String(format: "AR(24): %.4f   noise floor: 0.0400", arError))

let sineModel = sineRuns[0].model                  // seed 1, for what follows
var lossPlot = LinePlot(title: "Training an RNN on a noisy periodic signal",
                        xLabel: "epoch", yLabel: "mean squared error",
                        yScale: .log)
lossPlot.add(series: "RNN (seed 1), training", x: 1...40,
             y: sineRuns[0].history.loss)
lossPlot.add(series: "RNN (seed 1), validation", x: 1...40,
             y: sineRuns[0].history.validationLoss)
lossPlot.add(series: "noise floor", x: [1, 40], y: [0.04, 0.04])
show(lossPlot)

// MARK: Snippet 10 (chapters/02-rnn.md:557)
/// The noiseless signal: period 20, two harmonics.
func cleanSignal(_ t: Int) -> Double {
    let phase = 2 * Double.pi * Double(t) / 20
    return sin(phase) + 0.5 * sin(2 * phase + 1)
}

/// The best linear predictor of x_{t+1} from p values, in theory: solves
/// Γ φ = γ with γ_k the autocovariance (a uniform phase, noise variance σ²).
func bestLinearMSE(lags p: Int, noise: Double) -> Double {
    func gamma(_ k: Int) -> Double {
        let sum = (0..<20).reduce(0.0) {
            $0 + cleanSignal($1) * cleanSignal($1 + k)
        }
        return sum / 20 + (k == 0 ? noise * noise : 0)
    }
    var big = DoubleMatrix(rows: p, columns: p)             // Γ, (p, p)
    for i in 0..<p { for j in 0..<p { big[i, j] = gamma(abs(i - j)) } }
    let small = (1...p).map(gamma)                          // γ_1 … γ_p
    let phi = solveSPD(big, small)
    return gamma(0) - zip(phi, small).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Test MSE of "find the phase, answer the template": nonlinear in the window.
func phaseTemplateError(_ data: (x: Tensor, y: Tensor)) -> Double {
    let p = data.x.shape[1]
    var squaredError = 0.0
    for i in 0..<data.x.rows {
        let window = (0..<p).map { Double(data.x.scalars[i * p + $0]) }
        func distance(_ phase: Int) -> Double {
            window.indices.reduce(0.0) {
                $0 + pow(window[$1] - cleanSignal(phase + $1), 2)
            }
        }
        let phase = (0..<20).min { distance($0) < distance($1) }!
        let target = Double(data.y.scalars[i])
        squaredError += pow(cleanSignal(phase + p) - target, 2)
    }
    return squaredError / Double(data.x.rows)
}

let noiseOnTest = (0..<test.x.rows).reduce(0.0) { total, i in
    total + pow(Double(test.y.scalars[i]) - cleanSignal(1200 + window + i), 2)
} / Double(test.x.rows)
let predictors = [
    ("best linear rule of 24 values, theory",
     bestLinearMSE(lags: 24, noise: 0.2)),
    ("AR(24) fitted by least squares, test", arError),
    ("phase + template (nonlinear), test", phaseTemplateError(test)),
    ("the test years' own noise", noiseOnTest),
]
for (name, mse) in predictors {
    print(name.padding(toLength: 40, withPad: " ", startingAt: 0)
          + String(format: "MSE %.4f", mse))
}

// MARK: Snippet 11 (chapters/02-rnn.md:658)
/// ∂h_T/∂h_{T−k} for a one-unit tanh RNN driven by `inputs`, for
/// k = 1…inputs.count.
func oneUnitProducts(w: Double, inputs: [Double])
    -> (products: [Double], factors: [Double]) {
    var h = 0.0
    var factors: [Double] = []
    for x in inputs {
        h = tanh(w * h + x)
        factors.append(w * (1 - h * h))      // ∂h_t/∂h_{t−1}
    }
    var products: [Double] = []
    var product = 1.0
    for factor in factors.reversed() {       // k = 1, 2, …: one more step each
        product *= factor
        products.append(product)
    }
    return (products, factors)
}

func oneUnitTable() {
    var rng = SeededGenerator(seed: 5)
    let inputs = (0..<60).map { _ in 0.5 * rng.normalDouble() }
    print("    w  mean factor" + "      k = 1      k = 5     k = 10     k = 20"
          + "     k = 40")
    for w in [0.5, 1.0, 2.0, 4.0, 8.0] {
        let (products, factors) = oneUnitProducts(w: w, inputs: inputs)
        let logs = factors.suffix(40).map { log(abs($0)) }
        let meanFactor = exp(logs.reduce(0, +) / 40)
        let columns = [1, 5, 10, 20, 40].map {
            String(format: "%11.3e", products[$0 - 1])
        }
        print(String(format: "%5.1f %12.2e", w, meanFactor) + columns.joined())
    }
}
oneUnitTable()

// MARK: Snippet 12 (chapters/02-rnn.md:732)
/// Largest singular value of m, by power iteration on mᵀm.
func spectralNorm(_ m: DoubleMatrix, iterations: Int = 60) -> Double {
    var v = [Double](repeating: 1 / Double(m.columns).squareRoot(),
                     count: m.columns)
    var sigma = 0.0
    for _ in 0..<iterations {
        let mv = m * v
        sigma = mv.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let w = m.transposed * mv
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm == 0 { return 0 }
        v = w.map { $0 / norm }
    }
    return sigma
}

/// ‖∂h_T/∂h_{T−k}‖₂ for k = 1…T, for h_t = f(h_{t−1} U + x_t w) with
/// f = tanh or identity. Takes Uᵀ: SeqKit's `m * v` is a matrix times a
/// column, and (h U)ᵀ = Uᵀ hᵀ.
func jacobianNorms(transposedU ut: DoubleMatrix, inputWeights w: [Double],
                   inputs: [Double], useTanh: Bool) -> [Double] {
    let n = ut.rows
    var h = [Double](repeating: 0, count: n)
    var derivatives: [[Double]] = []            // f'(a_t) for every step
    for x in inputs {
        let a = zip(ut * h, w).map { $0 + $1 * x }   // h_{t−1} U + x_t w
        h = useTanh ? a.map { tanh($0) } : a
        let ones = [Double](repeating: 1, count: n)
        derivatives.append(useTanh ? h.map { 1 - $0 * $0 } : ones)
    }
    var product = DoubleMatrix(rows: n, columns: n)
    for i in 0..<n { product[i, i] = 1 }
    var norms: [Double] = []
    for d in derivatives.reversed() {           // J_T first, then J_{T−1}, …
        var step = ut                           // J_t = diag(f'(a_t)) · Uᵀ
        for i in 0..<n { for j in 0..<n { step[i, j] *= d[i] } }
        product = product * step                // (n, n) x (n, n) -> (n, n)
        norms.append(spectralNorm(product))
    }
    return norms
}

func jacobianExperiment() -> [(name: String, norms: [Double])] {
    var rng = SeededGenerator(seed: 9)
    let q = Initializer.orthogonal.make([16, 16], using: &rng)
    let w = (0..<16).map { _ in 0.5 * rng.normalDouble() }
    let inputs = (0..<100).map { _ in rng.normalDouble() }
    var runs: [(name: String, norms: [Double])] = []
    for useTanh in [false, true] {
        for rho in useTanh ? [0.9, 1.0, 1.1, 3.0] : [0.9, 1.0, 1.1] {
            let ut = DoubleMatrix(rows: 16, columns: 16,         // Uᵀ = ρQ
                                  scalars: q.scalars.map { rho * Double($0) })
            let kind = useTanh ? "tanh" : "linear"
            let name = kind + String(format: ", ρ = %.1f", rho)
            let norms = jacobianNorms(transposedU: ut, inputWeights: w,
                                      inputs: inputs, useTanh: useTanh)
            runs.append((name, norms))
        }
    }
    return runs
}

let jacobianRuns = jacobianExperiment()
print("‖∂h_T/∂h_(T−k)‖  " + "      k = 1     k = 10     k = 25     k = 50"
      + "    k = 100")
for run in jacobianRuns {
    let columns = [1, 10, 25, 50, 100].map {
        String(format: "%11.2e", run.norms[$0 - 1])
    }
    print(run.name.padding(toLength: 17, withPad: " ", startingAt: 0)
          + columns.joined())
}

var jacobianPlot = LinePlot(title: "How far back can a gradient travel?",
                            xLabel: "lag k (steps)",
                            yLabel: "‖∂h_T/∂h_(T−k)‖", yScale: .log)
for run in jacobianRuns {
    jacobianPlot.add(series: run.name, x: 1...100, y: run.norms)
}
show(jacobianPlot)

// MARK: Snippet 13 (chapters/02-rnn.md:845)
/// Mean |∂y/∂x_{T−k}| over the samples, for k = 0…T−1, looking at input
/// feature `feature`.
func sensitivity(of model: Sequential, to x: Tensor,
                 feature: Int = 0) -> [Double] {
    let (n, steps, features) = (x.shape[0], x.shape[1], x.shape[2])
    let dx = model.inputGradient(                           // (n, T, F)
        x, outputGradient: Tensor(repeating: 1, shape: [n, 1]))
    return (0..<steps).map { k in
        let t = steps - 1 - k
        let total = (0..<n).reduce(0.0) {
            $0 + abs(Double(dx.scalars[($1 * steps + t) * features + feature]))
        }
        return total / Double(n)
    }
}

let sineSensitivity = sensitivity(of: sineModel, to: test.x)
for k in [0, 1, 2, 5, 10, 15, 20, 23] {
    print(String(format: "k = %2d   mean |∂y/∂x_(T−k)| = %.2e", k,
                 sineSensitivity[k]))
}

var sensitivityPlot = LinePlot(
    title: "Sensitivity of the prediction to older inputs",
    xLabel: "lag k (steps)", yLabel: "mean |∂y_T/∂x_(T−k)|", yScale: .log)
sensitivityPlot.add(series: "RNN(16) on the periodic signal", x: 0..<window,
                    y: sineSensitivity)
show(sensitivityPlot)

// MARK: Snippet 14 (chapters/02-rnn.md:911)
/// One unit, no input: h_t = tanh(w·h_{t−1} − 0.2) from h_0 = 0.5 for 40
/// steps, L = (h_40 + 1)².
/// Returns L and dL/dw (backpropagation through time for a single unit).
func cliff(_ w: Double) -> (loss: Double, gradient: Double) {
    var hs = [0.5]
    for _ in 0..<40 { hs.append(tanh(w * hs.last! - 0.2)) }
    let last = hs[40]
    var dh = 2 * (last + 1)                       // ∂L/∂h_40
    var dw = 0.0
    for t in stride(from: 40, to: 0, by: -1) {
        let da = dh * (1 - hs[t] * hs[t])         // ∂L/∂a_t
        dw += da * hs[t - 1]                      // a_t = w·h_{t−1} − 0.2
        dh = da * w                               // ∂L/∂h_{t−1}
    }
    return ((last + 1) * (last + 1), dw)
}

let ws = (0...200).map { (i: Int) -> Double in 0.5 + 2.0 * Double(i) / 200 }
var cliffPlot = LinePlot(title: "A wall in the loss of a one-unit RNN",
                         xLabel: "recurrent weight w",
                         yLabel: "loss (h_40 + 1)²")
cliffPlot.add(series: "", x: ws, y: ws.map { cliff($0).loss })
show(cliffPlot)

// MARK: Snippet 15 (chapters/02-rnn.md:941)
func descend(clipAt threshold: Double?,
             steps: Int) -> [(w: Double, loss: Double, gradient: Double)] {
    var w = 1.0
    var path: [(w: Double, loss: Double, gradient: Double)] = []
    for _ in 0..<steps {
        let (loss, gradient) = cliff(w)
        path.append((w, loss, gradient))
        var g = gradient
        if let threshold, abs(g) > threshold { g *= threshold / abs(g) }
        w -= 1.0 * g
    }
    return path
}

let plain = descend(clipAt: nil, steps: 16)
let clipped = descend(clipAt: 1, steps: 16)
print("     |        no clipping         |        clipped at 1")
print("step |       w     loss    dL/dw  |       w     loss    dL/dw")
for s in 0..<16 {
    let (a, b) = (plain[s], clipped[s])
    print(String(format: "%4d | %8.4f %8.4f %8.3f  | %8.4f %8.4f %8.3f", s,
                 a.w, a.loss, a.gradient, b.w, b.loss, b.gradient))
}

// MARK: Snippet 16 (chapters/02-rnn.md:1023)
/// The adding problem, in this book's variant of Hochreiter & Schmidhuber's
/// (1997). Per sample, in this order: `length` values uniform in [0, 1)
/// (step 0 first), then the step of the first marker, uniform in
/// `firstMarker`, then the step of the second, uniform in `secondMarker`.
/// Input (batch, length, 2): (value, marker). Target (batch, 1): the sum.
struct AddingProblem {
    var length = 50
    var firstMarker = 0..<10
    var secondMarker = 10..<20

    func batch(_ size: Int,
               using rng: inout SeededGenerator) -> (x: Tensor, y: Tensor) {
        var x = [Float](repeating: 0, count: size * length * 2)
        var y = [Float](repeating: 0, count: size)
        for s in 0..<size {
            let base = s * length * 2
            for t in 0..<length { x[base + 2 * t] = rng.uniformFloat() }
            let first = firstMarker.lowerBound
                + rng.int(below: firstMarker.count)
            let second = secondMarker.lowerBound
                + rng.int(below: secondMarker.count)
            x[base + 2 * first + 1] = 1
            x[base + 2 * second + 1] = 1
            y[s] = x[base + 2 * first] + x[base + 2 * second]
        }
        return (Tensor(shape: [size, length, 2], scalars: x),
                Tensor(shape: [size, 1], scalars: y))
    }
}

let adding = AddingProblem()
var testRNG = SeededGenerator(seed: 1997)
let addingTest = adding.batch(1000, using: &testRNG)
print("one sample, steps 0–11 (value, marker):")
for t in 0..<12 {
    print(String(format: "  %2d  %.3f  %.0f", t, addingTest.x.scalars[2 * t],
                 addingTest.x.scalars[2 * t + 1]))
}
print(String(format: "  …   target %.3f", addingTest.y.scalars[0]))

// MARK: Snippet 17 (chapters/02-rnn.md:1087)
let trivialLoss = addingTest.y.scalars
    .reduce(0.0) { $0 + pow(Double($1) - 1, 2) } / 1000
print(String(format: "always answer 1:  test MSE %.4f   (theory: 1/6 = %.4f)",
             trivialLoss, 1.0 / 6))

// MARK: Snippet 18 (chapters/02-rnn.md:1105)
var validationRNG = SeededGenerator(seed: 2024)
let addingValidation = adding.batch(1000, using: &validationRNG)

/// Trains on fresh batches; returns the mean training loss of every block of
/// 50 steps, the validation MSE every 250 steps, and the gradient norm of
/// every step before clipping.
func trainOnAdding(_ model: Sequential, steps: Int,
                   using rng: inout SeededGenerator)
    -> (trainingCurve: [Double], validationCurve: [(step: Int, mse: Double)],
        gradientNorms: [Double]) {
    var trainingCurve: [Double] = [], gradientNorms: [Double] = []
    var validationCurve: [(step: Int, mse: Double)] = []
    var blockSum = 0.0
    let bar = ProgressBar(total: steps)    // drawn on a terminal only
    for step in 1...steps {
        let (x, y) = adding.batch(64, using: &rng)
        // What model.trainStep does, with a look at the gradient before the
        // optimizer clips it.
        let (loss, lossGradient) = Loss.meanSquaredError(model(x), y)
        model.backward(lossGradient)
        gradientNorms.append(Double(globalGradientNorm(model.parameters)))
        model.optimizer!.update(model.parameters)
        blockSum += Double(loss)
        bar.update(step, loss: loss)
        if step % 50 == 0 { trainingCurve.append(blockSum / 50); blockSum = 0 }
        if step % 250 == 0 {
            let mse = model.evaluate(addingValidation.x, addingValidation.y,
                                     batchSize: 500)
            validationCurve.append((step, Double(mse)))
        }
    }
    bar.finish()
    return (trainingCurve, validationCurve, gradientNorms)
}

func addingRNN(seed: UInt64) -> Sequential {
    let model = Sequential(seed: seed, inputShape: [50, 2]) {
        SimpleRNN(32)
        Dense(1)
    }
    model.compile(optimizer: Adam(learningRate: 0.001, globalClipNorm: 1),
                  loss: .meanSquaredError)
    return model
}

// (weights seed, training-data seed) for each run
let addingSeeds: [(weights: UInt64, data: UInt64)] = [(4, 1), (5, 2), (6, 3)]
var addingModels: [Sequential] = []
var addingRuns: [(trainingCurve: [Double],
                  validationCurve: [(step: Int, mse: Double)],
                  gradientNorms: [Double])] = []
for seeds in addingSeeds {
    let model = addingRNN(seed: seeds.weights)
    var trainRNG = SeededGenerator(seed: seeds.data)
    addingRuns.append(trainOnAdding(model, steps: 1500, using: &trainRNG))
    addingModels.append(model)
}
let forgetful = addingModels[0], addingRun = addingRuns[0]
let validationTrivial = addingValidation.y.scalars
    .reduce(0.0) { $0 + pow(Double($1) - 1, 2) } / 1000
print("first run, validation MSE every 250 steps (always answer 1: "
      + String(format: "%.4f):", validationTrivial))
for (step, mse) in addingRun.validationCurve {
    print(String(format: "  step %4d   RNN %.4f", step, mse))
}
print("after training, on the test sequences (always answer 1: "
      + String(format: "%.4f):", trivialLoss))
print("  seeds    test MSE   steps clipped among 1–100   and 101–1500")
for (seeds, (model, run)) in zip(addingSeeds, zip(addingModels, addingRuns)) {
    let testMSE = model.evaluate(addingTest.x, addingTest.y, batchSize: 500)
    let early = run.gradientNorms.prefix(100).filter { $0 > 1 }.count
    let late = run.gradientNorms.dropFirst(100).filter { $0 > 1 }.count
    print(String(format: "  (%d, %d) %11.4f %28d %15d",
                 seeds.weights, seeds.data, testMSE, early, late))
}

var addingPlot = LinePlot(title: "A plain RNN on the adding problem (50 steps)",
                          xLabel: "training step", yLabel: "mean squared error")
addingPlot.add(series: "RNN, training", x: (1...30).map { $0 * 50 },
               y: addingRun.trainingCurve)
addingPlot.add(series: "RNN, validation",
               x: addingRun.validationCurve.map(\.step),
               y: addingRun.validationCurve.map(\.mse), mark: .lineAndPoints)
addingPlot.add(series: "always 1, validation", x: [50, 1500],
               y: [validationTrivial, validationTrivial])
show(addingPlot)

// MARK: Snippet 19 (chapters/02-rnn.md:1222)
let addingSensitivity = sensitivity(of: forgetful,
                                    to: addingTest.x.slice(0..<200), feature: 0)
for k in [0, 5, 10, 20, 30, 40, 49] {
    print(String(format: "k = %2d   mean |∂y/∂value_(T−k)| = %.2e", k,
                 addingSensitivity[k]))
}
var addingSensitivityPlot = LinePlot(
    title: "The adding RNN barely feels the marked steps (k = 30–49)",
    xLabel: "lag k (steps)", yLabel: "mean |∂y_T/∂value_(T−k)|", yScale: .log)
addingSensitivityPlot.add(series: "RNN(32), trained", x: 0..<50,
                          y: addingSensitivity)
show(addingSensitivityPlot)

// MARK: Snippet 20 (chapters/02-rnn.md:1258)
/// Size of each step's term h_{t−1}ᵀ δ_t (summed over the batch) in the
/// recurrent weights' gradient, from SeqKit's saved hidden states h_t and
/// their gradients ∂L/∂h_t.
func recurrentGradientTerms(_ model: Sequential, _ x: Tensor,
                            _ y: Tensor) -> [Double] {
    let rnn = model.layers[0] as! SimpleRNN
    model.backward(Loss.meanSquaredError(model(x), y).gradient)
    let h = rnn.lastHiddenStates.scalars              // (B, T, H)
    let g = rnn.lastHiddenStateGradients.scalars      // (B, T, H)
    let (batch, steps, units) = (x.shape[0], x.shape[1], rnn.units)
    var norms = [0.0]                          // step 0 has no previous state
    for t in 1..<steps {
        var term = [Double](repeating: 0, count: units * units)
        for s in 0..<batch {
            let now = (s * steps + t) * units, before = now - units
            for i in 0..<units {
                let hi = Double(h[now + i])
                let delta = Double(g[now + i]) * (1 - hi * hi)   // ∂L/∂a_t
                for j in 0..<units {
                    term[i * units + j] += delta * Double(h[before + j])
                }
            }
        }
        norms.append(term.reduce(0) { $0 + $1 * $1 }.squareRoot())
    }
    return norms
}

let terms = recurrentGradientTerms(forgetful, addingTest.x.slice(0..<100),
                                   addingTest.y.slice(0..<100))
let allTerms = terms.reduce(0, +)
let stepGroups = [("steps  0–9 ", 0..<10), ("steps 10–19", 10..<20),
                  ("steps 20–39", 20..<40), ("steps 40–49", 40..<50)]
for (name, steps) in stepGroups {
    let share = terms[steps].reduce(0, +) / allTerms
    print(name, String(format: " share of the recurrent gradient %.2e", share))
}

// MARK: Solutions to the exercises (`swift run rnn --solutions` runs them)

// MARK: Snippet 21 (chapters/02-rnn.md:1336)
/// One sequence of the 1997 adding problem: (value, marker) pairs, target.
func originalAdding(_ t: Int, using rng: inout SeededGenerator)
    -> (pairs: [(Double, Double)], target: Double) {
    let length = t + rng.int(below: t / 10 + 1)                  // T … T + T/10
    var pairs = (0..<length).map { _ in (2 * rng.uniformDouble() - 1, 0.0) }
    pairs[0].1 = -1
    pairs[length - 1].1 = -1
    let first = rng.int(below: 10)
    // the second: one of the first T/2 − 1 pairs not yet marked
    var second = rng.int(below: t / 2 - 1)
    if second >= first { second += 1 }
    if first == 0 { pairs[0].0 = 0 }     // X₁ = 0 when the first pair is marked
    pairs[first].1 = 1
    pairs[second].1 = 1
    return (pairs, 0.5 + (pairs[first].0 + pairs[second].0) / 4)
}

var originalRNG = SeededGenerator(seed: 1997)
let originals = (0..<1000).map { _ in originalAdding(100, using: &originalRNG) }
let constantErrors = originals.map { abs($0.target - 0.5) }
let constantMSE = constantErrors.reduce(0) { $0 + $1 * $1 } / 1000
let solved = constantErrors.filter { $0 < 0.04 }.count
print(String(format: "answer 0.5: MSE %.4f (theory %.4f), solved %d of 1000",
             constantMSE, (0.9 / 3 + 1.0 / 3) / 16, solved))
let lengths = originals.map(\.pairs.count)
print("sequence lengths \(lengths.min()!)–\(lengths.max()!)")

// MARK: Snippet 22 (chapters/02-rnn.md:1375)
func step(_ h: Vector, _ x: Vector) -> Vector {
    add(add(vecmat(x, tiny.w), vecmat(h, tiny.u)), tiny.b).map { tanh($0) }
}
let h2 = tinyH[1], h3 = tinyH[2]
var worst = 0.0
for i in 0..<3 {
    for j in 0..<3 {
        var plus = h2, minus = h2
        plus[j] += 1e-6
        minus[j] -= 1e-6
        let x = tinyInputs[2]
        let numeric = (step(plus, x)[i] - step(minus, x)[i]) / 2e-6
        let formula = (1 - h3[i] * h3[i]) * tiny.u[j][i]  // (diag(1−h²) Uᵀ)_ij
        worst = max(worst, abs(numeric - formula))
    }
}
print(String(format: "largest |finite difference − formula| = %.1e", worst))

// MARK: Snippet 23 (chapters/02-rnn.md:1402)
for lags in [24, 48, 100] {
    print(String(format: "best linear rule of %3d values: MSE %.4f", lags,
                 bestLinearMSE(lags: lags, noise: 0.2)))
}
