// Chapter 3, “The LSTM: forget like Arjun, learn like Po, speak like Rancho”: the whole program of chapters/03-lstm.md.
// Every snippet in order, hidden lines and setup snippets included: what `swift run lstm`
// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and
// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).

// MARK: Snippet 1 (chapters/03-lstm.md:23, setup: hidden on the page)
import Foundation
import SeqKit
import Figures

// MARK: Snippet 2 (chapters/03-lstm.md:29)
/// A number with a fixed count of decimals, the same on every machine.
func fixed(_ value: Double, _ decimals: Int = 3) -> String {
    String(format: "%.\(decimals)f", value)
}
/// Numbers with a sign column so that columns line up.
func signed(_ values: [Double], _ decimals: Int = 3) -> String {
    values.map { String(format: "%+.\(decimals)f", $0) }.joined(separator: "  ")
}
/// A label padded to a width.
func padded(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}
/// A table row: a label column, then cells of a fixed width (no trailing spaces).
func tableRow(_ label: String, _ labelWidth: Int, _ cells: [String], _ width: Int) -> String {
    (padded(label, labelWidth) + cells.dropLast().map { padded($0, width) }.joined() + (cells.last ?? ""))
}
/// The logistic sigmoid, σ(z) = 1 / (1 + e^(−z)): squeezes any number into
/// (0, 1).
func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

for z in [-4.0, -1.0, 0.0, 1.0, 4.0] {
    print("z = \(signed([z], 1))   σ(z) = \(fixed(sigmoid(z)))",
          "  tanh(z) = \(signed([tanh(z)]))")
}

// MARK: Snippet 3 (chapters/03-lstm.md:117)
let memoryNames = ["the London deal", "fear of the deep", "his friends"]
let arjunBefore = [2.0, -1.5, 1.0]        // c_{t-1}
let underWater = [-3.0, -2.0, 3.0]        // x_t W_f + h_{t-1} U_f + b_f
let forgetGate = underWater.map(sigmoid)  // f_t
let arjunAfter = zip(forgetGate, arjunBefore).map { $0 * $1 }

for k in memoryNames.indices {
    print(padded(memoryNames[k], 17), "c = \(signed([arjunBefore[k]], 2))",
          "  f = \(fixed(forgetGate[k]))", "  f⊙c = \(signed([arjunAfter[k]]))")
}

// MARK: Snippet 4 (chapters/03-lstm.md:160)
let poNames = ["secret ingredient", "self-doubt", "love of dumplings"]
let poBefore = [1.8, 1.2, 0.9]                       // c_{t-1}
let poForget = [-2.0, 0.0, 4.0].map(sigmoid)        // f_t: loosen old beliefs
let candidate = [-2.5, -1.5, 2.0].map { tanh($0) }  // g_t: what the words say
let inputGate = [3.0, 2.0, -3.0].map(sigmoid)       // i_t: worth storing?
let poAfter: [Double] = poNames.indices.map { (k: Int) -> Double in
    poForget[k] * poBefore[k] + inputGate[k] * candidate[k]
}

for k in poNames.indices {
    print(padded(poNames[k], 18), "c = \(signed([poBefore[k]], 2))",
          " f = \(fixed(poForget[k]))", " g = \(signed([candidate[k]]))",
          " i = \(fixed(inputGate[k]))", " → c = \(signed([poAfter[k]]))")
}

// MARK: Snippet 5 (chapters/03-lstm.md:208)
let ranchoNames = ["exam panic", "friendship", "a new idea"]
let ranchoCell = [2.5, 1.5, 0.6]                  // c_t: he knows all of it
let outputGate = [-3.0, 3.0, 0.0].map(sigmoid)    // o_t: what he chooses to say
let said = ranchoNames.indices.map { outputGate[$0] * tanh(ranchoCell[$0]) }

for k in ranchoNames.indices {
    print(padded(ranchoNames[k], 11), "c = \(signed([ranchoCell[k]], 2))",
          "  tanh(c) = \(fixed(tanh(ranchoCell[k])))",
          "  o = \(fixed(outputGate[k]))", "  h = \(fixed(said[k]))")
}

// MARK: Snippet 6 (chapters/03-lstm.md:241)
/// The weights of one LSTM layer, gates side by side in the order i, f, g, o.
struct LSTMWeights {
    var W: [[Double]]   // (features, 4H): input to gates
    var U: [[Double]]   // (H, 4H): last hidden state to gates
    var b: [Double]     // (4H)
    var units: Int { U.count }
}

/// Row vector times matrix: (n) x (n, m) -> (m).
func times(_ v: [Double], _ m: [[Double]]) -> [Double] {
    var out = [Double](repeating: 0, count: m[0].count)
    for (vi, row) in zip(v, m) {
        for j in out.indices { out[j] += vi * row[j] }
    }
    return out
}

/// Everything one step computed: the forward result and what the backward
/// pass will need.
struct LSTMStep {
    let x, hPrevious, cPrevious: [Double]
    let i, f, g, o: [Double]
    let c, tanhC, h: [Double]
}

func lstmStep(_ x: [Double], _ hPrevious: [Double], _ cPrevious: [Double],
              _ p: LSTMWeights) -> LSTMStep {
    let H = p.units
    let xw = times(x, p.W), hu = times(hPrevious, p.U)   // (4H) each
    let z = (0..<(4 * H)).map { (k: Int) -> Double in xw[k] + hu[k] + p.b[k] }
    let i = z[0..<H].map(sigmoid)                         // whether to write
    let f = z[H..<(2 * H)].map(sigmoid)                   // what to keep
    let g = z[(2 * H)..<(3 * H)].map { tanh($0) }         // what to write
    let o = z[(3 * H)..<(4 * H)].map(sigmoid)             // what to say
    let c = (0..<H).map { (j: Int) -> Double in           // scale, then add
        f[j] * cPrevious[j] + i[j] * g[j]
    }
    let tanhC = c.map { tanh($0) }
    let h = (0..<H).map { (j: Int) -> Double in o[j] * tanhC[j] }
    return LSTMStep(x: x, hPrevious: hPrevious, cPrevious: cPrevious,
                    i: i, f: f, g: g, o: o, c: c, tanhC: tanhC, h: h)
}

/// Runs a sequence from h₀ = c₀ = 0 and returns every step.
func lstmForward(_ xs: [[Double]], _ p: LSTMWeights) -> [LSTMStep] {
    var h = [Double](repeating: 0, count: p.units), c = h
    var steps: [LSTMStep] = []
    for x in xs {
        let step = lstmStep(x, h, c, p)
        steps.append(step)
        h = step.h
        c = step.c
    }
    return steps
}

// MARK: Snippet 7 (chapters/03-lstm.md:305)
let (F, H, T) = (2, 3, 4)
let reference = LSTMWeights(
    W: (0..<F).map { (a: Int) -> [Double] in
        (0..<(4 * H)).map { (k: Int) -> Double in
            0.6 * sin(Double(3 * a + k + 1))
        }
    },
    U: (0..<H).map { (j: Int) -> [Double] in
        (0..<(4 * H)).map { (k: Int) -> Double in
            0.5 * cos(Double(j + 2 * k + 1))
        }
    },
    b: (0..<(4 * H)).map { (k: Int) -> Double in 0.2 * cos(Double(3 * k)) })
let xs: [[Double]] = (0..<T).map { (t: Int) -> [Double] in
    (0..<F).map { (a: Int) -> Double in sin(Double(t + 2 * a + 1)) }
}
let r: [[Double]] = (0..<T).map { (t: Int) -> [Double] in
    (0..<H).map { (j: Int) -> Double in cos(Double(t + 3 * j + 1)) }
}

func loss(_ steps: [LSTMStep]) -> Double {
    var sum = 0.0
    for (step, weights) in zip(steps, r) {
        for (h, w) in zip(step.h, weights) { sum += h * w }
    }
    return sum
}

let forwardSteps = lstmForward(xs, reference)
for (t, step) in forwardSteps.enumerated() {
    print("h_\(t + 1)  ", signed(step.h, 7))
}
print("c_\(T)  ", signed(forwardSteps[T - 1].c, 7))
print("loss L =", signed([loss(forwardSteps)], 7))

// MARK: Snippet 8 (chapters/03-lstm.md:377)
struct LSTMGradients {
    var W: [[Double]], U: [[Double]], b: [Double]
    var x: [[Double]]   // ∂L/∂x_t, one row per step
}

/// Backpropagation through time for L = Σ_t r_t · h_t.
func lstmBackward(_ steps: [LSTMStep], _ r: [[Double]], _ p: LSTMWeights)
    -> LSTMGradients {
    let H = p.units, F = p.W.count
    let zeros = [Double](repeating: 0, count: 4 * H)
    var grad = LSTMGradients(W: Array(repeating: zeros, count: F),
                             U: Array(repeating: zeros, count: H),
                             b: Array(repeating: 0, count: 4 * H),
                             x: Array(repeating: [], count: steps.count))
    var dhNext = [Double](repeating: 0, count: H)   // δz_{t+1} Uᵀ
    var dcNext = [Double](repeating: 0, count: H)   // δc_{t+1} ⊙ f_{t+1}
    for t in steps.indices.reversed() {
        let s = steps[t]
        var dz = [Double](repeating: 0, count: 4 * H)
        for j in 0..<H {
            let dh = r[t][j] + dhNext[j]
            let dc = dcNext[j] + dh * s.o[j] * (1 - s.tanhC[j] * s.tanhC[j])
            dz[j] = dc * s.g[j] * s.i[j] * (1 - s.i[j])              // input
            dz[H + j] = dc * s.cPrevious[j] * s.f[j] * (1 - s.f[j])  // forget
            dz[2 * H + j] = dc * s.i[j] * (1 - s.g[j] * s.g[j])      // g
            dz[3 * H + j] = dh * s.tanhC[j] * s.o[j] * (1 - s.o[j])  // output
            dcNext[j] = dc * s.f[j]                                  // carousel
        }
        for a in 0..<F {
            for k in 0..<(4 * H) { grad.W[a][k] += s.x[a] * dz[k] }
        }
        for j in 0..<H {
            for k in 0..<(4 * H) { grad.U[j][k] += s.hPrevious[j] * dz[k] }
        }
        for k in 0..<(4 * H) { grad.b[k] += dz[k] }
        /// Row vector times transposed matrix: δz Mᵀ.
        func timesTransposed(_ m: [[Double]]) -> [Double] {
            m.map { (row: [Double]) -> Double in
                zip(row, dz).reduce(0.0) { $0 + $1.0 * $1.1 }
            }
        }
        grad.x[t] = timesTransposed(p.W)   // δz Wᵀ
        dhNext = timesTransposed(p.U)      // δz Uᵀ
    }
    return grad
}

let gradients = lstmBackward(forwardSteps, r, reference)
print("gate unit  ∂L/∂W[x0] ∂L/∂W[x1] ∂L/∂U[h0] ∂L/∂U[h1] ∂L/∂U[h2]   ∂L/∂b")
for (gi, gate) in ["i", "f", "g", "o"].enumerated() {
    for j in 0..<H {
        let k = gi * H + j
        let row = [gradients.W[0][k], gradients.W[1][k], gradients.U[0][k],
                   gradients.U[1][k], gradients.U[2][k], gradients.b[k]]
        let cells = row.map { (v: Double) -> String in
            String(format: "%+.7f", v)
        }
        print("\(gate)    \(j) ", cells.joined(separator: " "))
    }
}
for t in 0..<T { print("dx_\(t + 1)  ", signed(gradients.x[t], 7)) }

// MARK: Snippet 9 (chapters/03-lstm.md:471)
/// Changes one number of the weights or the inputs by a step.
typealias Inputs = [[Double]]
typealias Perturbation = (inout LSTMWeights, inout Inputs, Double) -> Void

/// Central difference of the loss with respect to the number `perturb` changes.
func numericDerivative(_ perturb: Perturbation) -> Double {
    let eps = 1e-6
    var (pPlus, xPlus) = (reference, xs)
    perturb(&pPlus, &xPlus, eps)
    var (pMinus, xMinus) = (reference, xs)
    perturb(&pMinus, &xMinus, -eps)
    let up = loss(lstmForward(xPlus, pPlus))
    let down = loss(lstmForward(xMinus, pMinus))
    return (up - down) / (2 * eps)
}

var pairs: [(analytic: Double, numeric: Double)] = []
func compare(_ analytic: Double, _ perturb: Perturbation)
    -> (analytic: Double, numeric: Double) {
    (analytic, numericDerivative(perturb))
}
for k in 0..<(4 * H) {
    for a in 0..<F {
        pairs.append(compare(gradients.W[a][k]) {
            (p: inout LSTMWeights, _: inout Inputs, e: Double) in
            p.W[a][k] += e
        })
    }
    for j in 0..<H {
        pairs.append(compare(gradients.U[j][k]) {
            (p: inout LSTMWeights, _: inout Inputs, e: Double) in
            p.U[j][k] += e
        })
    }
    pairs.append(compare(gradients.b[k]) {
        (p: inout LSTMWeights, _: inout Inputs, e: Double) in
        p.b[k] += e
    })
}
for t in 0..<T {
    for a in 0..<F {
        pairs.append(compare(gradients.x[t][a]) {
            (_: inout LSTMWeights, x: inout Inputs, e: Double) in
            x[t][a] += e
        })
    }
}
let worst = pairs.map { abs($0.analytic - $0.numeric) }.max()!
print("checked \(pairs.count) derivatives;",
      "largest |backward − finite difference| =", String(format: "%.0e", worst))
print("all agree to 1e-8:", worst < 1e-8)

// MARK: Snippet 10 (chapters/03-lstm.md:534)
let layer = LSTM(H, returnSequences: true, unitForgetBias: false)
var buildRNG = SeededGenerator(seed: 0)
_ = layer.build(inputShape: [T, F], using: &buildRNG)
/// Doubles to Floats, rows one after the other.
func floats(_ rows: [[Double]]) -> [Float] {
    rows.flatMap { (row: [Double]) -> [Float] in row.map { Float($0) } }
}
layer.kernel.value = Tensor(shape: [F, 4 * H], scalars: floats(reference.W))
layer.recurrentKernel.value = Tensor(shape: [H, 4 * H],
                                     scalars: floats(reference.U))
layer.bias.value = Tensor(shape: [4 * H], scalars: floats([reference.b]))

let xTensor = Tensor(shape: [1, T, F], scalars: floats(xs))
let hidden = layer.forward(xTensor)                            // (1, T, H)
let rTensor = Tensor(shape: [1, T, H], scalars: floats(r))     // ∂L/∂h_t = r_t
let dInput = layer.backward(rTensor)                           // (1, T, F)

func largestGap(_ float: [Float], _ double: [Double]) -> Double {
    zip(float, double).map { abs(Double($0) - $1) }.max()!
}
let gaps: [(String, [Float], [Double])] = [
    ("h_t", hidden.scalars, forwardSteps.flatMap(\.h)),
    ("∂L/∂W", layer.kernel.gradient.scalars, gradients.W.flatMap { $0 }),
    ("∂L/∂U", layer.recurrentKernel.gradient.scalars,
     gradients.U.flatMap { $0 }),
    ("∂L/∂b", layer.bias.gradient.scalars, gradients.b),
    ("∂L/∂x", dInput.scalars, gradients.x.flatMap { $0 }),
]
for (name, float, double) in gaps {
    print(padded(name, 10), String(format: "%.0e", largestGap(float, double)))
}

// MARK: Snippet 11 (chapters/03-lstm.md:615)
/// Mean |∂ Σ_j h_T,j / ∂x_{T−1−k}| over the batch, for k = 0 ..< T.
func sensitivity(_ model: Sequential, _ inputs: Tensor) -> [Double] {
    let (n, steps) = (inputs.shape[0], inputs.shape[1])
    let units = model.outputShapes.last![0]
    let ones = Tensor(repeating: 1, shape: [n, units])
    let dx = model.inputGradient(inputs, outputGradient: ones)  // (n, T, 1)
    return (0..<steps).map { (k: Int) -> Double in
        (0..<n).reduce(0.0) { (sum: Double, s: Int) -> Double in
            sum + Double(abs(dx[s, steps - 1 - k, 0]))
        } / Double(n)
    }
}

/// An LSTM whose forget-gate biases all start at `forgetBias` (others at 0).
func lstmModel(forgetBias: Float, units: Int, steps: Int, seed: UInt64)
    -> Sequential {
    let lstm = LSTM(units, unitForgetBias: false, inputShape: [steps, 1])
    let model = Sequential(seed: seed) { lstm }
    for j in units..<(2 * units) {                  // the f block
        lstm.bias.value.scalars[j] = forgetBias
    }
    return model
}

let probeSteps = 100, probeUnits = 32
var probeRNG = SeededGenerator(seed: 3)
// (batch, time, features)
let probe = probeRNG.uniformTensor([64, probeSteps, 1], -1, 1)
func probeLSTM(_ forgetBias: Float) -> [Double] {
    let model = lstmModel(forgetBias: forgetBias, units: probeUnits,
                          steps: probeSteps, seed: 11)
    return sensitivity(model, probe)
}
let probeRNN = Sequential(seed: 11) {
    SimpleRNN(probeUnits, inputShape: [probeSteps, 1])
}
let probeGRU = Sequential(seed: 11) {
    GRU(probeUnits, inputShape: [probeSteps, 1])
}

let curves: [(String, [Double])] = [
    ("RNN", sensitivity(probeRNN, probe)),
    ("LSTM, forget bias 0", probeLSTM(0)),
    ("LSTM, forget bias 1", probeLSTM(1)),
    ("LSTM, forget bias 3", probeLSTM(3)),
    ("GRU", sensitivity(probeGRU, probe)),
]
let lags = [0, 5, 10, 20, 50, 99]
print(tableRow("k steps back", 21, lags.map { String($0) }, 9))
for (name, s) in curves {
    let cells = lags.map { (k: Int) -> String in String(format: "%.1e", s[k]) }
    print(tableRow(name, 21, cells, 9))
}

var sensitivityPlot = LinePlot(
    title: "How far back does the gradient reach?", xLabel: "k (steps back)",
    yLabel: "mean |∂ sum(h_T) / ∂x_(T−k)|", yScale: .log)
for (name, s) in curves {
    sensitivityPlot.add(series: name, x: 0..<probeSteps, y: s)
}
show(sensitivityPlot)

// MARK: Snippet 12 (chapters/03-lstm.md:751)
let egoNames = ["the cook is a fraud", "his mother's kitchen",
                "a critic's standards"]
let egoBefore = [0.9, 0.1, 0.8]                  // h_{t-1}
let tasteNow = [-2.0, 0.5, 0.0]                  // x_t W_n + b_n: the bite
let pastSays = [1.5, 2.0, 0.5]                   // h_{t-1} U_n + b_n: old Ego
let resetGate = [-3.0, 3.0, 0.0].map(sigmoid)    // r_t: consult the past?
let updateGate = [-3.0, -2.0, 3.0].map(sigmoid)  // z_t: keep the old value?
let egoCandidate: [Double] = egoNames.indices.map { (k: Int) -> Double in
    tanh(tasteNow[k] + resetGate[k] * pastSays[k])
}
let egoAfter: [Double] = egoNames.indices.map { (k: Int) -> Double in
    updateGate[k] * egoBefore[k] + (1 - updateGate[k]) * egoCandidate[k]
}
for k in egoNames.indices {
    print(padded(egoNames[k], 20), "h = \(signed([egoBefore[k]], 2))",
          " r = \(fixed(resetGate[k]))", " n = \(signed([egoCandidate[k]]))",
          " z = \(fixed(updateGate[k]))", " → \(signed([egoAfter[k]]))")
}

// MARK: Snippet 13 (chapters/03-lstm.md:816)
/// The adding problem as in chapter 2: per sequence, 50 values uniform in
/// [0, 1), then the step of the first marker (0–9), then that of the second
/// (10–19). x (n, 50, 2) = (value, marker), y (n, 1) = the sum.
func addingProblem(count n: Int, using rng: inout SeededGenerator)
    -> (x: Tensor, y: Tensor) {
    let steps = 50
    var x = [Float](repeating: 0, count: n * steps * 2)
    var y = [Float](repeating: 0, count: n)
    for s in 0..<n {
        let row = s * steps * 2
        for t in 0..<steps { x[row + 2 * t] = rng.uniformFloat() }
        let first = rng.int(below: 10), second = 10 + rng.int(below: 10)
        x[row + 2 * first + 1] = 1
        x[row + 2 * second + 1] = 1
        y[s] = x[row + 2 * first] + x[row + 2 * second]
    }
    return (Tensor(shape: [n, steps, 2], scalars: x),
            Tensor(shape: [n, 1], scalars: y))
}

let lag = 50
var testRNG = SeededGenerator(seed: 1997)
let addingTest = addingProblem(count: 1000, using: &testRNG)
var validationRNG = SeededGenerator(seed: 2013)
let addingValidation = addingProblem(count: 1000, using: &validationRNG)
let always1 = Tensor(repeating: 1, shape: [1000, 1])
let trivialLoss = Loss.meanSquaredError(always1, addingTest.y).value
let marked = (0..<lag).filter { (t: Int) -> Bool in addingTest.x[0, t, 1] == 1 }
let markedValues = marked.map { (t: Int) -> String in
    fixed(Double(addingTest.x[0, t, 0]))
}
print("first test sequence: marked steps \(marked), values",
      markedValues.joined(separator: " and ") + ", target",
      fixed(Double(addingTest.y[0, 0])))
print("always answering 1: test MSE", fixed(Double(trivialLoss), 4))

// MARK: Snippet 14 (chapters/03-lstm.md:870)
/// A contender: its name in the tables and how to build it from a seed.
struct Contender {
    let name: String
    let make: (UInt64) -> Sequential
}

/// An LSTM whose forget-gate biases start at `forgetBias` (Keras: 1).
func addingLSTM(seed: UInt64, forgetBias: Float) -> Sequential {
    let lstm = LSTM(16, unitForgetBias: false)
    let model = Sequential(seed: seed, inputShape: [lag, 2]) {
        lstm
        Dense(1)
    }
    for j in 16..<32 { lstm.bias.value.scalars[j] = forgetBias }   // f block
    return model
}

let contenders = [
    Contender(name: "RNN", make: { (seed: UInt64) -> Sequential in
        Sequential(seed: seed, inputShape: [lag, 2]) { SimpleRNN(32); Dense(1) }
    }),
    Contender(name: "LSTM", make: { (seed: UInt64) -> Sequential in
        addingLSTM(seed: seed, forgetBias: 1)
    }),
    Contender(name: "LSTM f=3", make: { (seed: UInt64) -> Sequential in
        addingLSTM(seed: seed, forgetBias: 3)
    }),
    Contender(name: "GRU", make: { (seed: UInt64) -> Sequential in
        Sequential(seed: seed, inputShape: [lag, 2]) { GRU(18); Dense(1) }
    }),
]

/// What one run leaves: validation MSE per epoch, the epoch kept, its scores.
struct Result {
    var validationCurve: [Float] = []
    var bestEpoch = 0
    var validationLoss: Float = 0
    var testLoss: Float = 0
}

let rematchEpochs = 4

/// Trains on `train`, keeps the epoch of lowest validation MSE, tests it once.
func trainOnAdding(_ model: Sequential, _ train: (x: Tensor, y: Tensor))
    -> Result {
    model.compile(optimizer: Adam(learningRate: 0.005, globalClipNorm: 1),
                  loss: .meanSquaredError)
    let keepBest = EarlyStopping(patience: rematchEpochs,
                                 restoreBestWeights: true)
    let history = try! model.fit(
        train.x, train.y, epochs: rematchEpochs, batchSize: 32,
        validationData: addingValidation, callbacks: [keepBest])
    var result = Result()
    result.validationCurve = history.validationLoss
    result.bestEpoch = keepBest.bestEpoch ?? 1
    result.validationLoss = history.validationLoss[result.bestEpoch - 1]
    result.testLoss = model.evaluate(addingTest.x, addingTest.y, batchSize: 500)
    return result
}

/// One seed's match: every contender trained on the same data.
struct Match {
    let seeds: (model: UInt64, data: UInt64)
    var models: [Sequential] = []
    var results: [Result] = []
}

let rematchSeeds: [(model: UInt64, data: UInt64)] = [(4, 1), (5, 2), (6, 3)]
var rematch: [Match] = []
for seeds in rematchSeeds {
    var dataRNG = SeededGenerator(seed: seeds.data)
    let train = addingProblem(count: 6400, using: &dataRNG)
    var match = Match(seeds: seeds)
    for contender in contenders {
        let model = contender.make(seeds.model)
        match.results.append(trainOnAdding(model, train))
        match.models.append(model)
    }
    rematch.append(match)
}

let counts = contenders.indices.map { (i: Int) -> String in
    let layers = rematch[0].models[i].layers
    return contenders[i].name + " " + layers.map { String($0.parameterCount) }
        .joined(separator: " + ")
}
print("parameters:", counts.joined(separator: ", "))
print("test MSE of the epoch with the lowest validation MSE",
      "(always 1: \(fixed(Double(trivialLoss), 4)))")
print(tableRow("seeds", 14, contenders.map(\.name), 14))
for match in rematch {
    let cells = match.results.map { (r: Result) -> String in
        fixed(Double(r.testLoss), 4) + " (\(r.bestEpoch))"
    }
    let seeds = "(\(match.seeds.model), \(match.seeds.data))"
    print(tableRow(seeds, 14, cells, 14))
}
/// Mean and sample standard deviation over the seeds.
func meanAndSpread(_ values: [Double]) -> (mean: Double, sd: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let squares = values.reduce(0.0) { (s: Double, v: Double) -> Double in
        s + (v - mean) * (v - mean)
    }
    return (mean, (squares / Double(values.count - 1)).squareRoot())
}
let summaries: [(String, KeyPath<Result, Float>)] = [
    ("test", \Result.testLoss), ("val.", \Result.validationLoss),
]
for (label, pick) in summaries {
    let cells = contenders.indices.map { (i: Int) -> String in
        let m = meanAndSpread(rematch.map { (match: Match) -> Double in
            Double(match.results[i][keyPath: pick])
        })
        return fixed(m.mean, 4) + "±" + fixed(m.sd, 4)
    }
    print(tableRow(label + " mean±sd", 14, cells, 14))
}

// MARK: Snippet 15 (chapters/03-lstm.md:1001)
var rematchPlot = LinePlot(
    title: "The rematch: adding problem, markers 30–49 steps back",
    xLabel: "epoch", yLabel: "validation MSE", yScale: .log)
let epochAxis = Array(1...rematchEpochs)
for match in rematch {
    for (i, contender) in contenders.enumerated() {
        let seeds = "\(match.seeds.model)/\(match.seeds.data)"
        rematchPlot.add(series: "\(contender.name), seeds \(seeds)",
                        x: epochAxis, y: match.results[i].validationCurve)
    }
}
rematchPlot.add(series: "always 1 (test)", x: [1, rematchEpochs],
                y: [trivialLoss, trivialLoss])
show(rematchPlot)

// MARK: Snippet 16 (chapters/03-lstm.md:1042)
/// Mean |∂ŷ / ∂(value at step T−1−k)| over a batch: how much the answer
/// depends on each past value.
func answerSensitivity(_ model: Sequential, _ inputs: Tensor) -> [Double] {
    let (n, steps) = (inputs.shape[0], inputs.shape[1])
    let ones = Tensor(repeating: 1, shape: [n, 1])
    let dx = model.inputGradient(inputs, outputGradient: ones)  // (n, T, 2)
    return (0..<steps).map { (k: Int) -> Double in
        (0..<n).reduce(0.0) { (sum: Double, s: Int) -> Double in
            sum + Double(abs(dx[s, steps - 1 - k, 0]))
        } / Double(n)
    }
}

let probeSequences = addingTest.x.slice(0..<200)
var trainedPlot = LinePlot(
    title: "After training: how much the answer depends on a value k back",
    xLabel: "k (steps back)", yLabel: "mean |∂ŷ / ∂value|", yScale: .log)
let shownLags = [0, 10, 20, 30, 40, 49]
print(tableRow("k steps back", 20, shownLags.map { String($0) }, 9))
for match in rematch {
    for (i, contender) in contenders.enumerated() {
        let s = answerSensitivity(match.models[i], probeSequences)
        let seeds = "\(match.seeds.model)/\(match.seeds.data)"
        let label = "\(contender.name), \(seeds)"
        let cells = shownLags.map { (k: Int) -> String in
            String(format: "%.1e", s[k])
        }
        print(tableRow(label, 20, cells, 9))
        trainedPlot.add(series: label, x: 0..<lag, y: s)
    }
}
show(trainedPlot)

// MARK: Snippet 17 (chapters/03-lstm.md:1113)
let watchedModel = rematch[0].models[2]   // "LSTM f=3", first seeds
let watched = watchedModel.layers[0] as! LSTM, watchedTest = addingTest
// One batch of 1,000, so that the layer keeps all of it.
_ = watchedModel.predict(watchedTest.x, batchSize: 1000)
let cells = watched.lastCellStates             // (1000, 50, 16)
let gates = watched.lastGates                  // each (1000, 50, 16)

/// Pearson correlation of two equally long samples.
func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let ma = a.reduce(0, +) / Double(a.count)
    let mb = b.reduce(0, +) / Double(b.count)
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for (x, y) in zip(a, b) {
        sab += (x - ma) * (y - mb)
        saa += (x - ma) * (x - ma)
        sbb += (y - mb) * (y - mb)
    }
    return sab / (saa * sbb).squareRoot()
}
let targets = watchedTest.y.scalars.map(Double.init)
let isMarked = (0..<1000).map { (n: Int) -> [Bool] in
    (0..<lag).map { (t: Int) -> Bool in watchedTest.x[n, t, 1] == 1 }
}
let secondMarker = (0..<1000).map { (n: Int) -> Int in
    isMarked[n].lastIndex(of: true)!
}

/// Mean of a gate of unit u over the test set at the steps (n, t) where
/// `include(n, t)` holds.
func meanGate(_ gate: Tensor, _ u: Int, where include: (Int, Int) -> Bool)
    -> Double {
    var sum = 0.0, count = 0
    for n in 0..<1000 {
        for t in 0..<lag where include(n, t) {
            sum += Double(gate[n, t, u])
            count += 1
        }
    }
    return sum / Double(count)
}

print("unit  corr(c_49, y)  input at ★  input elsewhere  forget after 2nd ★")
var selectivity: [Double] = []
for u in 0..<16 {
    let final = (0..<1000).map { (n: Int) -> Double in
        Double(cells[n, lag - 1, u])
    }
    let corr = correlation(final, targets)
    let inputAtMarks = meanGate(gates.input, u) { (n: Int, t: Int) -> Bool in
        isMarked[n][t]
    }
    let inputElsewhere = meanGate(gates.input, u) { (n: Int, t: Int) -> Bool in
        !isMarked[n][t]
    }
    let forgetAfter = meanGate(gates.forget, u) { (n: Int, t: Int) -> Bool in
        t > secondMarker[n]
    }
    selectivity.append(inputAtMarks - inputElsewhere)
    print(String(format: "%4d  %13.3f  %10.3f  %15.3f  %18.3f",
                 u, corr, inputAtMarks, inputElsewhere, forgetAfter))
}
let unit = selectivity.indices.max { selectivity[$0] < selectivity[$1] }!
print("unit whose input gate singles out the marked steps most:", unit)

// The first test sequence whose first marker is not among the first 3 steps.
let shown = (0..<1000).first { (n: Int) -> Bool in
    (0..<3).allSatisfy { (t: Int) -> Bool in watchedTest.x[n, t, 1] == 0 }
}!
let markers = (0..<lag).filter { (t: Int) -> Bool in
    watchedTest.x[shown, t, 1] == 1
}
let rows = [gates.forget, gates.input, gates.output].map {
    (gate: Tensor) -> [Double] in
    (0..<lag).map { (t: Int) -> Double in Double(gate[shown, t, unit]) }
}
let stepLabels = (0..<lag).map { (t: Int) -> String in
    markers.contains(t) ? "★\(t)" : (t % 10 == 0 ? "\(t)" : "")
}
show(Heatmap(
    title: "Gates of unit \(unit) on one test sequence (markers at \(markers))",
    values: rows, rowLabels: ["forget", "input", "output"],
    columnLabels: stepLabels, xLabel: "step (★ = marked)", range: 0...1))

// MARK: Snippet 18 (chapters/03-lstm.md:1260)
let timesteps = 100, features = 1
let kerasExample = Sequential(seed: 42) {
    LSTM(64, inputShape: [timesteps, features])
    Dense(1, activation: .sigmoid)
}
kerasExample.compile(optimizer: Adam(), loss: .binaryCrossEntropy,
                     metrics: [.accuracy])
print(kerasExample.summary())

// MARK: Snippet 19 (chapters/03-lstm.md:1294)
let kerasExampleGRU = Sequential(seed: 42) {
    GRU(64, inputShape: [timesteps, features])
    Dense(1, activation: .sigmoid)
}
print(kerasExampleGRU.summary())

// MARK: Snippet 20 (chapters/03-lstm.md:1333)
/// A tiny critic: clauses about parts of a film, with negation and "but".
struct Critic {
    let subjects = ["the plot", "the acting", "the music", "the climax",
                    "the first half", "the ending", "the dialogue",
                    "the villain", "the film"]
    let praise = ["superb", "brilliant", "good", "gripping", "moving", "funny"]
    let blame = ["bad", "dull", "boring", "weak", "predictable", "clumsy"]
    // (says, does not …)
    let goodVerbs = [("shines", "shine"), ("soars", "soar"), ("works", "work")]
    let badVerbs = [("drags", "drag"), ("misfires", "misfire"),
                    ("falls flat", "fall flat")]

    /// Words of a phrase ("falls flat" → ["falls", "flat"]).
    func words(_ phrase: String) -> [String] {
        phrase.split(separator: " ").map(String.init)
    }

    /// One clause and whether it is positive.
    func clause(_ rng: inout SeededGenerator, bare: Bool = false)
        -> (words: [String], positive: Bool) {
        let good = rng.int(below: 2) == 0, negated = rng.int(below: 5) < 2
        var said: [String] = []
        if !bare { said = words(subjects[rng.int(below: subjects.count)]) }
        if bare || rng.int(below: 3) > 0 {            // "… is [not] adjective"
            let adjective = good ? praise[rng.int(below: praise.count)]
                                 : blame[rng.int(below: blame.count)]
            if !bare { said.append("is") }
            if negated {
                let atAll = rng.int(below: 2) == 0 ? ["at", "all"] : []
                said += ["not", adjective] + atAll
            } else {
                let really = rng.int(below: 3) == 0 ? ["really"] : []
                said += really + [adjective]
            }
        } else {                               // "… drags" / "… does not drag"
            let verb = good ? goodVerbs[rng.int(below: goodVerbs.count)]
                            : badVerbs[rng.int(below: badVerbs.count)]
            said += negated ? ["does", "not"] + words(verb.1) : words(verb.0)
        }
        return (said, good != negated)
    }

    /// A review: a bare verdict, one clause, or two clauses joined by ", but"
    /// (the second decides).
    func review(_ rng: inout SeededGenerator)
        -> (words: [String], positive: Bool) {
        switch rng.int(below: 10) {
        case 0..<2: return clause(&rng, bare: true)
        case 2..<5: return clause(&rng)
        default:
            let first = clause(&rng), second = clause(&rng)
            return (first.words + [",", "but"] + second.words, second.positive)
        }
    }
}

typealias Review = (words: [String], positive: Bool)
let critic = Critic()
var criticRNG = SeededGenerator(seed: 2024)
let trainingReviews: [Review] = (0..<3000).map { (_: Int) -> Review in
    critic.review(&criticRNG)
}
var seenTexts = Set(trainingReviews.map { (r: Review) -> String in
    r.words.joined(separator: " ")
})
/// `count` new reviews whose texts are not in `seen` (which gains them).
func heldOut(_ count: Int, _ seen: inout Set<String>,
             _ rng: inout SeededGenerator) -> [Review] {
    var reviews: [Review] = []
    while reviews.count < count {
        let candidate = critic.review(&rng)
        let text = candidate.words.joined(separator: " ")
        if !seen.contains(text) {
            reviews.append(candidate)
            seen.insert(text)
        }
    }
    return reviews
}
let testReviews = heldOut(1000, &seenTexts, &criticRNG)
let validationReviews = heldOut(500, &seenTexts, &criticRNG)
for review in trainingReviews.prefix(6) {
    print(review.positive ? "👍" : "👎", review.words.joined(separator: " "))
}
func describe(_ name: String, _ reviews: [Review]) {
    let positive = reviews.filter(\.positive).count
    let withBut = reviews.filter { (r: Review) -> Bool in
        r.words.contains("but")
    }.count
    print("\(name): \(reviews.count), positive \(positive),",
          "with \"but\" \(withBut)")
}
describe("training reviews", trainingReviews)
describe("test reviews (unseen)", testReviews)
describe("validation reviews (unseen)", validationReviews)

// MARK: Snippet 21 (chapters/03-lstm.md:1452)
let allReviews = trainingReviews + testReviews + validationReviews
let vocabulary = ["<pad>"] + Set(allReviews.flatMap(\.words)).sorted()
let wordID = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map {
    (pair: (offset: Int, element: String)) -> (String, Int) in
    (pair.element, pair.offset)
})
let reviewLength = 18

/// Ids of a review, padded at the front: (reviewLength).
func encode(_ words: [String]) -> [Float] {
    precondition(words.count <= reviewLength, "review too long: \(words)")
    let ids = words.map { (w: String) -> Float in Float(wordID[w]!) }
    return Array(repeating: 0, count: reviewLength - words.count) + ids
}
/// How often each word occurs, order thrown away: (vocabulary).
func bagOfWords(_ words: [String]) -> [Float] {
    var counts = [Float](repeating: 0, count: vocabulary.count)
    for w in words { counts[wordID[w]!] += 1 }
    return counts
}
/// The adjacent word pairs of the training reviews, each with a column.
let pairList = Set(trainingReviews.flatMap { (r: Review) -> [String] in
    zip(r.words, r.words.dropFirst()).map { $0.0 + " " + $0.1 }
}).sorted()
let pairID = Dictionary(uniqueKeysWithValues: pairList.enumerated().map {
    (pair: (offset: Int, element: String)) -> (String, Int) in
    (pair.element, pair.offset)
})
/// Word counts, then counts of the word pairs seen in training: local order.
func wordsAndPairs(_ words: [String]) -> [Float] {
    var counts = bagOfWords(words)
    counts += [Float](repeating: 0, count: pairList.count)
    for (a, b) in zip(words, words.dropFirst()) {
        if let k = pairID[a + " " + b] { counts[vocabulary.count + k] += 1 }
    }
    return counts
}
struct ReviewData {
    let ids, bags, pairs, labels: Tensor
}
func tensors(_ reviews: [Review]) -> ReviewData {
    let n = reviews.count
    let ids = reviews.flatMap { (r: Review) -> [Float] in encode(r.words) }
    let bags = reviews.flatMap { (r: Review) -> [Float] in bagOfWords(r.words) }
    let pairs = reviews.flatMap { (r: Review) -> [Float] in
        wordsAndPairs(r.words)
    }
    let labels = reviews.map { (r: Review) -> Float in r.positive ? 1 : 0 }
    return ReviewData(
        ids: Tensor(shape: [n, reviewLength], scalars: ids),
        bags: Tensor(shape: [n, vocabulary.count], scalars: bags),
        pairs: Tensor(shape: [n, vocabulary.count + pairList.count],
                      scalars: pairs),
        labels: Tensor(shape: [n, 1], scalars: labels))
}
let trainData = tensors(trainingReviews), testData = tensors(testReviews)
let validationData = tensors(validationReviews)
print("vocabulary: \(vocabulary.count) words including <pad>;",
      "\(pairList.count) word pairs seen in training")
let notBad = encode(["not", "bad", "at", "all"]).map { Int($0) }
print("ids of \"not bad at all\": 14 zeros, then", notBad.suffix(4).map { $0 })

// MARK: Snippet 22 (chapters/03-lstm.md:1528)
/// Trains `model`, keeps its best epoch by validation accuracy, and returns
/// (validation accuracy, test accuracy) of that epoch.
func fitAndTest(_ model: Sequential, epochs: Int, learningRate: Float,
                _ input: KeyPath<ReviewData, Tensor>) -> (Double, Double) {
    model.compile(optimizer: Adam(learningRate: learningRate),
                  loss: .binaryCrossEntropy, metrics: [.accuracy])
    let keepBest = EarlyStopping(monitor: "val_accuracy", patience: epochs,
                                 restoreBestWeights: true)
    _ = try! model.fit(
        trainData[keyPath: input], trainData.labels, epochs: epochs,
        batchSize: 32,
        validationData: (validationData[keyPath: input], validationData.labels),
        callbacks: [keepBest])
    let validation = model.evaluateAll(validationData[keyPath: input],
                                       validationData.labels)
    let test = model.evaluateAll(testData[keyPath: input], testData.labels)
    return (Double(validation["accuracy"]!), Double(test["accuracy"]!))
}

func bagModel(seed: UInt64) -> Sequential {
    Sequential(seed: seed) {
        Dense(1, activation: .sigmoid, inputShape: [vocabulary.count])
    }
}
func pairsModel(seed: UInt64) -> Sequential {
    Sequential(seed: seed) {
        Dense(1, activation: .sigmoid,
              inputShape: [vocabulary.count + pairList.count])
    }
}
func readerModel(seed: UInt64) -> Sequential {
    Sequential(seed: seed) {
        Embedding(vocabularySize: vocabulary.count, dimension: 8,
                  inputLength: reviewLength)
        LSTM(16)
        Dense(1, activation: .sigmoid)
    }
}

let reviewSeeds: [UInt64] = [5, 6, 7]
var bagModels: [Sequential] = [], pairModels: [Sequential] = []
var readers: [Sequential] = []
var scores: [[(Double, Double)]] = [[], [], []]   // bag, pairs, LSTM
for seed in reviewSeeds {
    bagModels.append(bagModel(seed: seed))
    scores[0].append(fitAndTest(bagModels.last!, epochs: 20,
                                learningRate: 0.05, \.bags))
    pairModels.append(pairsModel(seed: seed))
    scores[1].append(fitAndTest(pairModels.last!, epochs: 20,
                                learningRate: 0.05, \.pairs))
    readers.append(readerModel(seed: seed))
    scores[2].append(fitAndTest(readers.last!, epochs: 10, learningRate: 0.01,
                                \.ids))
}
print(readers[0].summary())
print("accuracy on unseen reviews, seeds \(reviewSeeds): validation / test")
let modelNames = ["bag of words", "words + pairs", "LSTM"]
for (name, runs) in zip(modelNames, scores) {
    let cells = runs.map { (run: (Double, Double)) -> String in
        fixed(run.0) + " / " + fixed(run.1)
    }
    print(tableRow(name, 15, cells, 15))
}
/// Test accuracy of `model` on the test reviews with and without "but".
func accuracyByKind(_ model: Sequential, _ input: KeyPath<ReviewData, Tensor>)
    -> (but: Double, noBut: Double) {
    let p = model.predict(testData[keyPath: input], batchSize: 500)
    var right = [0, 0], total = [0, 0]
    for (i, review) in testReviews.enumerated() {
        let kind = review.words.contains("but") ? 0 : 1
        total[kind] += 1
        if (p[i, 0] > 0.5) == review.positive { right[kind] += 1 }
    }
    return (Double(right[0]) / Double(total[0]),
            Double(right[1]) / Double(total[1]))
}
let pairsByKind = accuracyByKind(pairModels[0], \.pairs)
print("words + pairs, seed \(reviewSeeds[0]), test: with \"but\"",
      fixed(pairsByKind.but), " without", fixed(pairsByKind.noBut))

// MARK: Snippet 23 (chapters/03-lstm.md:1634)
let samples = [
    "not bad at all",
    "the first half drags , but the climax is superb",
    "the climax is superb , but the first half drags",
    "the acting is not good at all",
    "the music is really moving",
    "the plot does not work , but the ending is not predictable",
]
/// P(positive) of one review under `model`, from the features `make` gives.
func probability(_ model: Sequential, _ make: ([String]) -> [Float],
                 _ words: [String]) -> Double {
    let features = make(words)
    let x = Tensor(shape: [1, features.count], scalars: features)
    return Double(model.predict(x).scalars[0])
}
print("LSTM  pairs  bag   review")
for text in samples {
    let words = text.split(separator: " ").map(String.init)
    let p = [probability(readers[0], encode, words),
             probability(pairModels[0], wordsAndPairs, words),
             probability(bagModels[0], bagOfWords, words)]
    let cells = p.map { (v: Double) -> String in fixed(v, 2) }
    print(cells.joined(separator: "  "), "", text)
}

// MARK: Snippet 24 (chapters/03-lstm.md:1723)
/// One month of the Mauna Loa record: its mean CO₂ in ppm (nil when no
/// weekly value was measured) and how many weekly values it averages.
struct Month {
    let year: Int
    let month: Int
    let co2: Double?
    let weeks: Int
    var name: String { String(format: "%04d-%02d", year, month) }
}

/// Parses `month,co2,weeks` rows after the `#` comment lines and the
/// header; months must follow each other, an empty co2 needs 0 weeks.
func parseMonths(_ text: String, file: String) -> [Month] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    var months: [Month] = []
    var header = false
    for (index, line) in lines.enumerated() where !line.hasPrefix("#") {
        let here = "\(file):\(index + 1): error:"
        if line.isEmpty && index == lines.count - 1 { break }  // final newline
        if !header {
            precondition(line == "month,co2,weeks",
                         "\(here) expected the header month,co2,weeks")
            header = true
            continue
        }
        let f = line.split(separator: ",", omittingEmptySubsequences: false)
        let date = f[0].split(separator: "-").compactMap { Int($0) }
        let weeks = f.count == 3 ? Int(f[2]) ?? -1 : -1
        let co2 = f.count == 3 ? Double(f[1]) : nil
        precondition(date.count == 2 && weeks >= 0
                     && (co2 == nil) == f[1].isEmpty
                     && (co2 == nil) == (weeks == 0),
                     "\(here) expected YYYY-MM,ppm,weeks, found \"\(line)\"")
        if let last = months.last {
            let next = last.month == 12 ? (last.year + 1, 1)
                                        : (last.year, last.month + 1)
            precondition(date[0] == next.0 && date[1] == next.1,
                         "\(here) \(f[0]) does not follow \(last.name)")
        }
        months.append(Month(year: date[0], month: date[1], co2: co2,
                            weeks: weeks))
    }
    return months
}

let co2Path = "chapters/data/co2-monthly.csv"
let record = parseMonths(try! String(contentsOfFile: co2Path, encoding: .utf8),
                         file: co2Path)
let missing = record.filter { (m: Month) -> Bool in m.co2 == nil }
print("\(record.count) months, \(record.first!.name) to \(record.last!.name)")
print("no value:", missing.map(\.name).joined(separator: " "))
// The longest stretch without a gap starts after the last missing month.
let lastGap = record.lastIndex { (m: Month) -> Bool in m.co2 == nil }!
let keeling = Array(record[(lastGap + 1)...])
let ppm = keeling.map { (m: Month) -> Double in m.co2! }
print("kept: \(keeling.count) months, \(keeling.first!.name) to",
      "\(keeling.last!.name), \(fixed(ppm.first!, 2)) to",
      "\(fixed(ppm.last!, 2)) ppm")
let fewWeeks = keeling.filter { (m: Month) -> Bool in m.weeks < 3 }
print("one or two weeks only, kept:",
      fewWeeks.map(\.name).joined(separator: " "))
let year1990 = keeling.indices.filter { (i: Int) -> Bool in
    keeling[i].year == 1990
}
print("1990:", year1990.map { (i: Int) -> String in
    fixed(ppm[i], 1)
}.joined(separator: " "))

// MARK: Snippet 25 (chapters/03-lstm.md:1817)
let growth = (12..<ppm.count).map { (t: Int) -> Double in ppm[t] - ppm[t - 12] }
/// The month of growth[i] is keeling[i + 12]; its level twelve months
/// earlier is ppm[i].
func growthIndex(_ year: Int, _ month: Int) -> Int {
    keeling.firstIndex { (m: Month) -> Bool in
        m.year == year && m.month == month
    }! - 12
}
let co2Window = 24                        // months of the past each model sees
let trainingRange = co2Window..<growthIndex(1994, 1)
let validationRange = growthIndex(1994, 1)..<growthIndex(1998, 1)
let testRange = growthIndex(1998, 1)..<growth.count
for (name, range) in [("training", trainingRange),
                      ("validation", validationRange), ("test", testRange)] {
    let values = range.map { (i: Int) -> Double in growth[i] }
    print(padded(name, 11), keeling[range.first! + 12].name, "to",
          keeling[range.last! + 12].name,
          String(format: "%4d", range.count), "months,",
          "mean s \(fixed(values.reduce(0, +) / Double(values.count), 2))",
          "ppm, from \(fixed(values.min()!, 2)) to \(fixed(values.max()!, 2))")
}

// MARK: Snippet 26 (chapters/03-lstm.md:1860)
/// An AR(p) with a constant, fitted on the targets in `range` of `s`:
/// weights [c, φ₁, …, φ_p].
func fitCO2AR(_ s: [Double], order p: Int, on range: Range<Int>) -> [Double] {
    let design = DoubleMatrix(range.map { (t: Int) -> [Double] in
        [1] + (1...p).map { (k: Int) -> Double in s[t - k] }
    })                                                     // (n, p + 1)
    return leastSquares(design, range.map { (t: Int) -> Double in s[t] })
}
/// The one-step forecast of s[t] from the actual past.
func arForecast(_ weights: [Double], _ s: [Double], _ t: Int) -> Double {
    (1..<weights.count).reduce(weights[0]) { (sum: Double, k: Int) -> Double in
        sum + weights[k] * s[t - k]
    }
}
/// Root mean square and mean absolute error of forecasts of s in `range`.
func co2Errors(_ range: Range<Int>, _ forecast: (Int) -> Double)
    -> (rmse: Double, mae: Double) {
    let e = range.map { (t: Int) -> Double in growth[t] - forecast(t) }
    let n = Double(e.count)
    return ((e.reduce(0) { $0 + $1 * $1 } / n).squareRoot(),
            e.reduce(0) { $0 + abs($1) } / n)
}

let arCandidates = (1...co2Window).map { (p: Int) -> [Double] in
    fitCO2AR(growth, order: p, on: trainingRange)
}
let arValidation = arCandidates.map { (w: [Double]) -> Double in
    co2Errors(validationRange) { arForecast(w, growth, $0) }.rmse
}
print("validation RMSE (ppm) of AR(p), one step ahead")
for first in stride(from: 1, through: co2Window, by: 6) {
    let cells = (first..<(first + 6)).map { (p: Int) -> String in
        fixed(arValidation[p - 1], 4)
    }
    print(tableRow("p = \(first)–\(first + 5)", 11, cells, 8))
}
let arOrder = 1 + arValidation.indices.min {
    arValidation[$0] < arValidation[$1]
}!
let arWeights = arCandidates[arOrder - 1]
print("chosen: AR(\(arOrder)), c = \(fixed(arWeights[0], 6))")
for first in stride(from: 1, through: arOrder, by: 6) {
    let last = min(first + 5, arOrder)
    print(padded("φ\(first)–φ\(last)", 8),
          signed(Array(arWeights[first...last]), 6))
}

// MARK: Snippet 27 (chapters/03-lstm.md:1937)
let trainingGrowth = trainingRange.map { (t: Int) -> Double in growth[t] }
let growthMean = trainingGrowth.reduce(0, +) / Double(trainingGrowth.count)
let growthScale = (trainingGrowth.reduce(0.0) { (sum: Double, v: Double) in
    sum + (v - growthMean) * (v - growthMean)
} / Double(trainingGrowth.count)).squareRoot()

/// The scaled windows before each target in `range`: x (n, 24, 1), y (n, 1).
func growthWindows(_ range: Range<Int>) -> (x: Tensor, y: Tensor) {
    let scaled = { (v: Double) -> Float in
        Float((v - growthMean) / growthScale)
    }
    let x = range.flatMap { (t: Int) -> [Float] in
        ((t - co2Window)..<t).map { (k: Int) -> Float in scaled(growth[k]) }
    }
    let y = range.map { (t: Int) -> Float in scaled(growth[t]) }
    return (Tensor(shape: [range.count, co2Window, 1], scalars: x),
            Tensor(shape: [range.count, 1], scalars: y))
}
let co2Train = growthWindows(trainingRange)
let co2Validation = growthWindows(validationRange)
let co2Test = growthWindows(testRange)
let co2Epochs = 60

/// Trains `model` on the training windows and keeps its best epoch by
/// validation MSE; returns that epoch.
func trainOnGrowth(_ model: Sequential) -> Int {
    model.compile(optimizer: Adam(learningRate: 0.005, globalClipNorm: 1),
                  loss: .meanSquaredError)
    let keepBest = EarlyStopping(patience: co2Epochs, restoreBestWeights: true)
    _ = try! model.fit(co2Train.x, co2Train.y, epochs: co2Epochs,
                       batchSize: 32, validationData: co2Validation,
                       callbacks: [keepBest], verbose: .silent)
    return keepBest.bestEpoch ?? co2Epochs
}
/// The model's one-step forecasts of s for the windows `data`, in ppm.
func growthForecasts(_ model: Sequential, _ data: (x: Tensor, y: Tensor))
    -> [Double] {
    let p = model.predict(data.x)
    return (0..<data.x.shape[0]).map { (i: Int) -> Double in
        growthMean + growthScale * Double(p[i, 0])
    }
}

let co2Seeds: [UInt64] = [1, 2, 3]
let co2Networks = [
    Contender(name: "RNN", make: { (seed: UInt64) -> Sequential in
        Sequential(seed: seed, inputShape: [co2Window, 1]) {
            SimpleRNN(16)
            Dense(1)
        }
    }),
    Contender(name: "LSTM", make: { (seed: UInt64) -> Sequential in
        Sequential(seed: seed, inputShape: [co2Window, 1]) { LSTM(8); Dense(1) }
    }),
]
/// Per network, per seed: the epoch kept and its forecasts of the
/// validation and test months (in ppm of s).
var co2Runs: [[(epoch: Int, validation: [Double], test: [Double])]] = []
for network in co2Networks {
    co2Runs.append(co2Seeds.map { (seed: UInt64) in
        let model = network.make(seed)
        let epoch = trainOnGrowth(model)
        return (epoch, growthForecasts(model, co2Validation),
                growthForecasts(model, co2Test))
    })
}
print("scaling: s = \(fixed(growthMean, 4)) + \(fixed(growthScale, 4)) · z;",
      "parameters:", co2Networks.map { (c: Contender) -> String in
          "\(c.name) " + String(c.make(1).layers.reduce(0) {
              $0 + $1.parameterCount
          })
      }.joined(separator: ", "))
for (network, runs) in zip(co2Networks, co2Runs) {
    print("\(network.name): epochs kept",
          runs.map { String($0.epoch) }.joined(separator: ", "),
          "of \(co2Epochs)")
}

// MARK: Snippet 28 (chapters/03-lstm.md:2033)
let monthsBack = { (lag: Int) -> (Int) -> Double in
    // As a forecast of s: y[t − lag] − y[t − 12].
    { (t: Int) -> Double in ppm[t + 12 - lag] - ppm[t] }
}
typealias CO2Row = (name: String, validation: Double, test: Double,
                    mae: Double)
/// Validation RMSE, test RMSE and test MAE of a forecaster of s.
func co2Row(_ name: String, _ forecast: (Int) -> Double) -> CO2Row {
    let v = co2Errors(validationRange, forecast)
    let t = co2Errors(testRange, forecast)
    return (name, v.rmse, t.rmse, t.mae)
}
var co2Table = [
    co2Row("naive, y[t−1]", monthsBack(1)),
    co2Row("seasonal naive, y[t−12]", monthsBack(12)),
    co2Row("naive on s, s[t−1]") { (t: Int) -> Double in growth[t - 1] },
    co2Row("AR(\(arOrder))") { (t: Int) -> Double in
        arForecast(arWeights, growth, t)
    },
]
typealias CO2Run = (epoch: Int, validation: [Double], test: [Double])
/// A trained run as a forecaster of s on the validation and test months.
func runForecast(_ run: CO2Run) -> (Int) -> Double {
    { (t: Int) -> Double in
        validationRange.contains(t)
            ? run.validation[t - validationRange.lowerBound]
            : run.test[t - testRange.lowerBound]
    }
}
for (network, runs) in zip(co2Networks, co2Runs) {
    for (seed, run) in zip(co2Seeds, runs) {
        co2Table.append(co2Row("\(network.name), seed \(seed)",
                               runForecast(run)))
    }
}
print("one step ahead, ppm     validation      test            test")
print("                        RMSE            RMSE            MAE")
for row in co2Table {
    print(tableRow(row.name, 24, [row.validation, row.test, row.mae].map {
        fixed($0, 4)
    }, 16))
}
for network in co2Networks {
    let mine = co2Table.filter { $0.name.hasPrefix(network.name + ",") }
    let v = meanAndSpread(mine.map(\.validation))
    let t = meanAndSpread(mine.map(\.test)), a = meanAndSpread(mine.map(\.mae))
    print(tableRow("\(network.name), mean±sd", 24, [v, t, a].map {
        fixed($0.mean, 4) + "±" + fixed($0.sd, 4)
    }, 16))
}

// MARK: Snippet 29 (chapters/03-lstm.md:2117)
print(tableRow("test RMSE by year", 20,
               ["naive on s", "AR(\(arOrder))", "RNN", "LSTM"], 12))
print(padded("", 44) + "(mean of the seeds)")
for year in 1998...2001 {
    let end = year == 2001 ? growth.count : growthIndex(year + 1, 1)
    let months = growthIndex(year, 1)..<end
    let rmse = { (f: (Int) -> Double) -> Double in co2Errors(months, f).rmse }
    let networks = co2Runs.map { (runs: [CO2Run]) -> Double in
        runs.map { rmse(runForecast($0)) }.reduce(0, +) / Double(runs.count)
    }
    let peak = months.map { (t: Int) -> Double in growth[t] }.max()!
    print(tableRow("\(year), s up to \(fixed(peak, 2))", 20,
                   ([rmse { growth[$0 - 1] },
                     rmse { arForecast(arWeights, growth, $0) }] + networks)
                       .map { fixed($0, 4) }, 12))
}

// MARK: Snippet 30 (chapters/03-lstm.md:2152)
let testYears = testRange.map { (t: Int) -> Double in
    Double(keeling[t + 12].year) + Double(keeling[t + 12].month - 1) / 12
}
var keelingPlot = LinePlot(
    title: "The Keeling curve, 1998–2001: one-step forecasts",
    xLabel: "year", yLabel: "CO₂ (ppm)")
keelingPlot.add(series: "measured", x: testYears,
                y: testRange.map { (t: Int) -> Double in ppm[t + 12] })
keelingPlot.add(series: "seasonal naive", x: testYears,
                y: testRange.map { (t: Int) -> Double in ppm[t] })
keelingPlot.add(series: "AR(\(arOrder))", x: testYears,
                y: testRange.map { (t: Int) -> Double in
                    ppm[t] + arForecast(arWeights, growth, t)
                })
for (network, runs) in zip(co2Networks, co2Runs) {
    keelingPlot.add(series: "\(network.name), seed \(co2Seeds[0])",
                    x: testYears, y: testRange.map { (t: Int) -> Double in
                        ppm[t] + runs[0].test[t - testRange.lowerBound]
                    })
}
show(keelingPlot)

// MARK: Solutions to the exercises (`swift run lstm --solutions` runs them)

// MARK: Snippet 31 (chapters/03-lstm.md:2210)
/// One GRU step; W (F, 3H), U (H, 3H), biases bx, bh (3H), blocks z, r, n.
func gruStep(_ x: [Double], _ hPrevious: [Double], W: [[Double]], U: [[Double]],
             bx: [Double], bh: [Double]) -> [Double] {
    let H = U.count
    let a = times(x, W), q = times(hPrevious, U)
    return (0..<H).map { (j: Int) -> Double in
        let z = sigmoid(a[j] + bx[j] + q[j] + bh[j])
        let r = sigmoid(a[H + j] + bx[H + j] + q[H + j] + bh[H + j])
        let n = tanh(a[2 * H + j] + bx[2 * H + j]
                     + r * (q[2 * H + j] + bh[2 * H + j]))
        return z * hPrevious[j] + (1 - z) * n
    }
}
let gW = (0..<F).map { (a: Int) -> [Double] in
    (0..<(3 * H)).map { (k: Int) -> Double in 0.6 * sin(Double(2 * a + k + 1)) }
}
let gU = (0..<H).map { (j: Int) -> [Double] in
    (0..<(3 * H)).map { (k: Int) -> Double in 0.5 * cos(Double(3 * j + k + 2)) }
}
let gbx = (0..<(3 * H)).map { (k: Int) -> Double in 0.2 * sin(Double(k)) }
let gbh = (0..<(3 * H)).map { (k: Int) -> Double in 0.3 * cos(Double(2 * k)) }
var byHand: [[Double]] = []
var gh = [Double](repeating: 0, count: H)
for x in xs {
    gh = gruStep(x, gh, W: gW, U: gU, bx: gbx, bh: gbh)
    byHand.append(gh)
}
let gru = GRU(H, returnSequences: true)
var gruRNG = SeededGenerator(seed: 0)
_ = gru.build(inputShape: [T, F], using: &gruRNG)
gru.kernel.value = Tensor(shape: [F, 3 * H], scalars: floats(gW))
gru.recurrentKernel.value = Tensor(shape: [H, 3 * H], scalars: floats(gU))
gru.bias.value = Tensor(shape: [2, 3 * H], scalars: floats([gbx, gbh]))
let library = gru.forward(xTensor)                               // (1, T, H)
for t in 0..<T { print("h_\(t + 1)  ", signed(byHand[t], 7)) }
let gap = largestGap(library.scalars, byHand.flatMap { $0 })
print("largest |library − by hand|:", String(format: "%.0e", gap))

// MARK: Snippet 32 (chapters/03-lstm.md:2266)
var bias0RNG = SeededGenerator(seed: rematchSeeds[0].data)
let bias0Train = addingProblem(count: 6400, using: &bias0RNG)
let bias0Model = addingLSTM(seed: rematchSeeds[0].model, forgetBias: 0)
let bias0 = trainOnAdding(bias0Model, bias0Train)
print("forget bias 0: test MSE", fixed(Double(bias0.testLoss), 4))
let bias0Curve = bias0.validationCurve.map { (v: Float) -> String in
    fixed(Double(v), 4)
}
print("  validation MSE by epoch:", bias0Curve.joined(separator: " "))
for (i, name) in [(1, "forget bias 1"), (2, "forget bias 3")] {
    print("\(name): test MSE", fixed(Double(rematch[0].results[i].testLoss), 4))
}

// MARK: Snippet 33 (chapters/03-lstm.md:2300)
/// Hochreiter & Schmidhuber's adding problem (1997, Experiment 4), length T.
func originalAdding(count n: Int, steps T: Int,
                    using rng: inout SeededGenerator)
    -> (x: Tensor, y: Tensor) {
    var x = [Float](repeating: 0, count: n * T * 2)
    var y = [Float](repeating: 0, count: n)
    for s in 0..<n {
        let row = s * T * 2
        for t in 0..<T { x[row + 2 * t] = 2 * rng.uniformFloat() - 1 }
        x[row + 1] = -1
        x[row + 2 * (T - 1) + 1] = -1
        let first = rng.int(below: 10)
        var second = rng.int(below: T / 2 - 2)   // the others of 0..<T/2 − 1
        if second >= first { second += 1 }
        x[row + 2 * first + 1] = 1
        x[row + 2 * second + 1] = 1
        // The paper's rule: a marked first step counts as zero.
        let x1: Float = first == 0 ? 0 : x[row + 2 * first]
        let x2: Float = second == 0 ? 0 : x[row + 2 * second]
        y[s] = 0.5 + (x1 + x2) / 4
    }
    return (Tensor(shape: [n, T, 2], scalars: x),
            Tensor(shape: [n, 1], scalars: y))
}
var originalRNG = SeededGenerator(seed: 100)
let originalTrain = originalAdding(count: 3200, steps: 100, using: &originalRNG)
let originalTest = originalAdding(count: 1000, steps: 100, using: &originalRNG)
let half = Tensor(repeating: 0.5, shape: [1000, 1])
// Var((X1 + X2)/4) with X uniform in [−1, 1] (variance 1/3), each X zero
// when its step is 0: P = 1/10 for the first, 9/10 · 1/48 for the second.
let theory = ((1 - 0.1) / 3 + (1 - 0.9 / 48) / 3) / 16
print("always 0.5: test MSE",
      fixed(Double(Loss.meanSquaredError(half, originalTest.y).value), 4),
      "(theory \(fixed(theory, 4)))")
let originalGRU = Sequential(seed: 4, inputShape: [100, 2]) {
    GRU(18)
    Dense(1)
}
originalGRU.compile(optimizer: Adam(learningRate: 0.005, globalClipNorm: 1),
                    loss: .meanSquaredError)
originalGRU.fit(originalTrain.x, originalTrain.y, epochs: 4, batchSize: 32)
let guesses = originalGRU.predict(originalTest.x, batchSize: 500)
let solved = (0..<1000).filter { (i: Int) -> Bool in
    abs(guesses[i, 0] - originalTest.y[i, 0]) < 0.04
}.count
print("GRU: test MSE",
      fixed(Double(originalGRU.evaluate(originalTest.x, originalTest.y)), 4),
      " solved \(solved) of 1000")

// MARK: Snippet 34 (chapters/03-lstm.md:2365)
let pairGuesses = pairModels[0].predict(testData.pairs, batchSize: 500)
let wrong = testReviews.indices.filter { (i: Int) -> Bool in
    (pairGuesses[i, 0] > 0.5) != testReviews[i].positive
}
print("\(wrong.count) of \(testReviews.count) wrong; the first five:")
for i in wrong.prefix(5) {
    print(testReviews[i].positive ? "👍" : "👎",
          testReviews[i].words.joined(separator: " "))
}

// MARK: Snippet 35 (chapters/03-lstm.md:2397)
let longWindow = 36
let longRange = longWindow..<trainingRange.upperBound
let longFits = (1...longWindow).map { (p: Int) -> [Double] in
    fitCO2AR(growth, order: p, on: longRange)
}
let longValidation = longFits.map { (w: [Double]) -> Double in
    co2Errors(validationRange) { arForecast(w, growth, $0) }.rmse
}
let longOrder = 1 + longValidation.indices.min {
    longValidation[$0] < longValidation[$1]
}!
print("training from \(keeling[longRange.first! + 12].name):",
      "\(longRange.count) months")
for p in [arOrder, longOrder] {
    let test = co2Errors(testRange) { arForecast(longFits[p - 1], growth, $0) }
    print("AR(\(p)): validation RMSE \(fixed(longValidation[p - 1], 4)),",
          "test RMSE \(fixed(test.rmse, 4))")
}
