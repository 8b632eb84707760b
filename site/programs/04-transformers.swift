// Chapter 4, “Attention: the scene where everyone can look at everyone”: the whole program of chapters/04-transformers.md.
// Every snippet in order, hidden lines and setup snippets included: what `swift run transformers`
// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and
// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).

// MARK: Snippet 1 (chapters/04-transformers.md:30, setup: hidden on the page)
import Foundation
import SeqKit
import Figures

/// `x` with a fixed number of decimals, the same on every machine.
func fmt(_ x: Double, _ decimals: Int = 4) -> String {
    String(format: "%.\(decimals)f", x)
}
func fmt(_ x: Float, _ decimals: Int = 4) -> String {
    fmt(Double(x), decimals)
}
/// Right-aligns `s` in a column of `width` characters.
func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
}

// MARK: Snippet 2 (chapters/04-transformers.md:75)
/// ‖∂(what the model says at the last step) / ∂x₁‖ (Frobenius norm),
/// averaged over a few random input sequences: how hard the first input can
/// still push on the last output.
func firstInputSensitivity(_ model: Sequential, trials: Int,
                           seed: UInt64) -> Double {
    var rng = SeededGenerator(seed: seed)
    let steps = model.inputShape[0], width = model.inputShape[1]
    let outputShape = model.outputShapes.last!   // (units) or (steps, units)
    let units = outputShape.last!
    var total = 0.0
    for _ in 0..<trials {
        let x = rng.normalTensor([1, steps, width])
        var squared = 0.0
        for unit in 0..<units {                   // one Jacobian row at a time
            var pick = Tensor(zeros: [1] + outputShape)
            pick.scalars[pick.count - units + unit] = 1  // that unit, last step
            let g = model.inputGradient(x, outputGradient: pick)  // (1, T, w)
            for j in 0..<width { squared += Double(g[0, 0, j] * g[0, 0, j]) }
        }
        total += squared.squareRoot()
    }
    return total / Double(trials)
}

let width = 16, lengths = [2, 5, 10, 20, 50, 100]
var recurrentReach: [Double] = [], attentionReach: [Double] = []
print("  T │ recurrent: path  ‖∂h_T/∂x₁‖ │ attention: path  ‖∂y_T/∂x₁‖")
for steps in lengths {
    let shape = [steps, width]
    let rnn = Sequential(seed: 1) { SimpleRNN(width, inputShape: shape) }
    let attention = Sequential(seed: 1) {
        SelfAttention(keyDim: width, inputShape: shape)
    }
    recurrentReach.append(firstInputSensitivity(rnn, trials: 8, seed: 2))
    attentionReach.append(firstInputSensitivity(attention, trials: 8, seed: 2))
    let recurrent = String(format: "%.2e", recurrentReach.last!)
    let attended = String(format: "%.2e", attentionReach.last!)
    print(pad("\(steps)", 3), "│", pad("\(steps - 1)", 15), pad(recurrent, 11),
          "│", pad("1", 15), pad(attended, 11))
}
var reach = LinePlot(title: "How hard the first input pushes on the last "
                         + "output", xLabel: "sequence length T",
                     yLabel: "‖∂ last output / ∂x₁‖", yScale: .log)
reach.add(series: "SimpleRNN (path T − 1)", x: lengths, y: recurrentReach,
          mark: .lineAndPoints)
reach.add(series: "SelfAttention (path 1)", x: lengths, y: attentionReach,
          mark: .lineAndPoints)
show(reach)

// MARK: Snippet 3 (chapters/04-transformers.md:153)
let testimony = ["saw it": "the woman across the el",
                 "heard it": "the old man downstairs"]
print(testimony["heard it"] ?? "no answer")
print(testimony["heard something"] ?? "no answer")

// MARK: Snippet 4 (chapters/04-transformers.md:183)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

/// e^{s_j} / Σ e^{s_i}, shifted by the maximum so no exponential overflows.
func softmax(_ scores: [Double]) -> [Double] {
    let m = scores.max() ?? 0
    let e = scores.map { exp($0 - m) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
}

let keys: [[Double]] = [[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0]]
let values: [[Double]] = [[1, 0], [0, 1], [1, 1]]
let query: [Double] = [2, 2, 0, 0]

let scores = keys.map { dot(query, $0) / Double(query.count).squareRoot() }
let weights = softmax(scores)
let answer = (0..<2).map { c in
    zip(weights, values).reduce(0) { $0 + $1.0 * $1.1[c] }
}
print("scores  q·k/√d:", scores.map { fmt($0) }.joined(separator: "  "))
print("weights       :", weights.map { fmt($0) }.joined(separator: "  "))
print("answer        :", answer.map { fmt($0) }.joined(separator: "  "))

// MARK: Snippet 5 (chapters/04-transformers.md:239)
/// Scaled dot-product attention for one sequence, rows as arrays:
/// Q (Tq, d), K (Tk, d), V (Tk, dv) -> output (Tq, dv) and weights (Tq, Tk).
/// With `causal`, query i sees only keys j ≤ i.
func attention(_ q: [[Double]], _ k: [[Double]], _ v: [[Double]],
               causal: Bool = false)
    -> (output: [[Double]], weights: [[Double]]) {
    let scale = 1 / Double(q[0].count).squareRoot()
    var weights: [[Double]] = []
    for (i, qi) in q.enumerated() {
        let visible = causal ? i + 1 : k.count
        let scores = k.prefix(visible).map { dot(qi, $0) * scale }  // (visible)
        let hidden = Array(repeating: 0.0, count: k.count - visible)
        weights.append(softmax(scores) + hidden)
    }
    let output = weights.map { a in                // (Tq, Tk) x (Tk, dv)
        (0..<v[0].count).map { c in
            zip(a, v).reduce(0) { $0 + $1.0 * $1.1[c] }
        }
    }
    return (output, weights)
}

let small = attention([query], keys, values)
print("one query, three keys:",
      small.output[0].map { fmt($0) }.joined(separator: "  "))

// MARK: Snippet 6 (chapters/04-transformers.md:280)
var rng = SeededGenerator(seed: 3)
let Q = rng.normalTensor([1, 6, 8])
let K = rng.normalTensor([1, 6, 8])
let V = rng.normalTensor([1, 6, 5])

/// The rows of the first sequence of a (batch, time, features) tensor.
func rows(_ t: Tensor) -> [[Double]] {
    (0..<t.shape[1]).map { i in
        (0..<t.shape[2]).map { j in Double(t[0, i, j]) }
    }
}
for causal in [false, true] {
    let mine = attention(rows(Q), rows(K), rows(V), causal: causal).output
    let library = rows(scaledDotProductAttention(query: Q, key: K, value: V,
                                                 causal: causal).output)
    let gap = zip(mine.joined(), library.joined()).map { abs($0 - $1) }.max()!
    print("causal: \(causal)  largest difference from SeqKit:",
          gap < 1e-5 ? "below 1e-5" : "\(gap)")
}

// MARK: Snippet 7 (chapters/04-transformers.md:320)
/// For random q, k with N(0, 1) entries in d dimensions, 16 keys per query,
/// and the scores q·k multiplied by `scale`: their variance, and the mean
/// largest weight and mean entropy (in nats) of their softmax.
func peakedness(d: Int, trials: Int, seed: UInt64, scales: [Float])
    -> [(variance: Double, maxWeight: Double, entropy: Double)] {
    var rng = SeededGenerator(seed: seed)
    let q = rng.normalTensor([trials, d])
    let k = rng.normalTensor([trials * 16, d])
    let qRepeated = q.gather((0..<trials * 16).map { $0 / 16 })  // (16 n, d)
    // row sums: (trials·16, d) x (d, 1) -> (trials·16, 1)
    let dots = matmul(qRepeated * k, Tensor(repeating: 1, shape: [d, 1]))
    return scales.map { scale in
        let scores = dots * scale
        let weights = softmaxRows(scores.reshaped([trials, 16]))  // (n, 16)
        var variance = 0.0, maxWeight = 0.0, entropy = 0.0
        for s in scores.scalars { variance += Double(s * s) }
        for n in 0..<trials {
            let w = weights.scalars[(n * 16)..<(n * 16 + 16)].map(Double.init)
            maxWeight += w.max()!
            entropy -= w.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
        }
        let n = Double(trials)
        return (variance / (16 * n), maxWeight / n, entropy / n)
    }
}

print("     │         q·k (no scaling)        │             q·k / √d")
print("   d │ variance  max weight  entropy │ variance  max weight  entropy")
for d in [4, 16, 64, 256] {
    let rows = peakedness(d: d, trials: 2000, seed: 5,
                          scales: [1, 1 / Float(d).squareRoot()])
    let (raw, fair) = (rows[0], rows[1])
    print(pad("\(d)", 4), "│", pad(fmt(raw.variance, 1), 8),
          pad(fmt(raw.maxWeight, 3), 11), pad(fmt(raw.entropy, 3), 8),
          "│", pad(fmt(fair.variance, 2), 8), pad(fmt(fair.maxWeight, 3), 11),
          pad(fmt(fair.entropy, 3), 8))
}
print("uniform over 16 keys: max weight \(fmt(1.0 / 16, 3)),",
      "entropy \(fmt(log(16.0), 3))")

// MARK: Snippet 8 (chapters/04-transformers.md:391)
let words = ["the", "old", "man", "heard", "a", "shout"]
var lineRng = SeededGenerator(seed: 8)
let sentence = (0..<words.count).map { _ in
    (0..<8).map { _ in lineRng.normalDouble() }
}
let masked = attention(sentence, sentence, sentence, causal: true).weights
print("        " + words.map { pad($0, 6) }.joined())
for (word, row) in zip(words, masked) {
    print(pad(word, 6), " " + row.map { pad(fmt($0, 2), 6) }.joined())
}

// MARK: Snippet 9 (chapters/04-transformers.md:422)
let wordLengths = sentence.map { dot($0, $0).squareRoot() }
print("‖x‖    " + wordLengths.map { pad(fmt($0, 2), 6) }.joined())
let (wordA, wordHeard) = (sentence[4], sentence[3])
let rootD = Double(8).squareRoot()
print("a·a/√8 = \(fmt(dot(wordA, wordA) / rootD, 3)),",
      "a·heard/√8 = \(fmt(dot(wordA, wordHeard) / rootD, 3))")

// MARK: Snippet 10 (chapters/04-transformers.md:461)
/// A (1, rows, columns) tensor whose entries are f(i, j): the fixed inputs of
/// Tests/ChapterTests/References/attention_reference.py, in closed form.
func closedForm(_ rows: Int, _ columns: Int,
                _ f: (Double, Double) -> Double) -> Tensor {
    var t = Tensor(zeros: [1, rows, columns])
    for i in 0..<rows {
        for j in 0..<columns { t[0, i, j] = Float(f(Double(i), Double(j))) }
    }
    return t
}
let q = closedForm(4, 3) { i, j in sin(1.0 + 0.7 * i + 1.3 * j) }
let k = closedForm(4, 3) { i, j in cos(0.5 + 0.9 * i - 0.4 * j) }
let v = closedForm(4, 2) { i, j in sin(0.2 + 0.3 * i + 0.8 * j) }
let g = closedForm(4, 2) { i, j in cos(0.6 * i + 1.1 * j) }  // ∂L/∂O, L = Σ O⊙G

func printRows(_ label: String, _ t: Tensor) {
    print(label)
    for i in 0..<t.shape[1] {
        let row = (0..<t.shape[2]).map { String(format: "%.7f", t[0, i, $0]) }
        print(row.map { pad($0, 12) }.joined())
    }
}
for causal in [false, true] {
    let forward = scaledDotProductAttention(query: q, key: k, value: v,
                                            causal: causal)
    let grads = scaledDotProductAttentionBackward(
        query: q, key: k, value: v, weights: forward.weights, outputGradient: g)
    printRows("causal=\(causal) weights", forward.weights)
    printRows("causal=\(causal) output", forward.output)
    printRows("causal=\(causal) dQ", grads.query)
    printRows("causal=\(causal) dK", grads.key)
    printRows("causal=\(causal) dV", grads.value)
}

// MARK: Snippet 11 (chapters/04-transformers.md:564)
let layer = Sequential(seed: 6) { SelfAttention(keyDim: 8, inputShape: [5, 8]) }
var shuffleRng = SeededGenerator(seed: 7)
let original = shuffleRng.normalTensor([1, 5, 8])
let order = [3, 0, 4, 1, 2]                 // new row r is old row order[r]
let shuffled = original.reshaped([5, 8]).gather(order).reshaped([1, 5, 8])
let before = layer(original), after = layer(shuffled)
var gap: Float = 0
for (r, old) in order.enumerated() {
    for c in 0..<8 { gap = max(gap, abs(after[0, r, c] - before[0, old, c])) }
}
print("shuffled output row r vs original output row order[r]:",
      gap < 1e-5 ? "equal (below 1e-5)" : "differ by \(gap)")

// MARK: Snippet 12 (chapters/04-transformers.md:598)
/// PE(pos, 2i) = sin(pos / 10000^(2i/d)),
/// PE(pos, 2i+1) = cos(pos / 10000^(2i/d)).
func positionalEncoding(_ position: Int, d: Int) -> [Double] {
    (0..<d).map { j in
        let angle = Double(position) / pow(10000, Double(j - j % 2) / Double(d))
        return j % 2 == 0 ? sin(angle) : cos(angle)
    }
}

let dModel = 64
// SeqKit's (100, 64) table
let table = sinusoidalPositionalEncoding(length: 100, dModel: dModel)
let tableGap = (0..<100).map { p in
    let library = (0..<dModel).map { Double(table[p, $0]) }
    return zip(positionalEncoding(p, d: dModel), library)
        .map { abs($0 - $1) }.max()!
}.max()!
print("largest difference from SeqKit's table:",
      tableGap < 1e-6 ? "below 1e-6" : "\(tableGap)")

// MARK: Snippet 13 (chapters/04-transformers.md:635)
let offsets = [0, 1, 2, 4, 8, 16]
print("PE(p)·PE(p+k)  " + offsets.map { pad("k=\($0)", 8) }.joined())
for p in [0, 7, 23, 60] {
    let here = positionalEncoding(p, d: dModel)
    let products = offsets.map {
        dot(here, positionalEncoding(p + $0, d: dModel))
    }
    print(pad("p = \(p)", 13),
          " " + products.map { pad(fmt($0, 4), 8) }.joined())
}
let closed = offsets.map { k in
    (0..<dModel / 2).reduce(0.0) { total, i in
        total + cos(Double(k) / pow(10000, Double(2 * i) / Double(dModel)))
    }
}
print(pad("Σ cos(ω_i k)", 13), " " + closed.map { pad(fmt($0, 4), 8) }.joined())

// MARK: Snippet 14 (chapters/04-transformers.md:672)
let encodings = (0..<32).map { p in (0..<dModel).map { Double(table[p, $0]) } }
show(Heatmap(title: "Sinusoidal positional encoding (d = 64)",
             values: encodings, xLabel: "dimension", yLabel: "position",
             colorScale: .blueRed, range: -1...1,
             description: "Stripes change fast from row to row in the first "
                 + "dimensions and hardly at all in the last."))

// MARK: Snippet 15 (chapters/04-transformers.md:698)
let letters = Array("ABCDEFGHIJ").map(String.init)
let length = 8

/// `count` random letter sequences and their reversals, as token ids
/// (Floats, as SeqKit wants).
func reversalData(count: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
    var rng = SeededGenerator(seed: seed)
    var x = Tensor(zeros: [count, length]), y = Tensor(zeros: [count, length])
    for n in 0..<count {
        let ids = (0..<length).map { _ in rng.int(below: letters.count) }
        for t in 0..<length {
            x[n, t] = Float(ids[t])
            y[n, t] = Float(ids[length - 1 - t])
        }
    }
    return (x, y)
}
let train = reversalData(count: 2000, seed: 11)
let validation = reversalData(count: 500, seed: 13)   // to watch training
let test = reversalData(count: 1000, seed: 12)        // scored once, at the end

func reverser(positions: Bool, seed: UInt64 = 4) -> Sequential {
    Sequential(seed: seed) {
        Embedding(vocabularySize: letters.count, dimension: 32,
                  inputLength: length)
        if positions { PositionalEncoding() }
        SelfAttention(keyDim: 32)
        Dense(letters.count)       // a score for each letter, at each position
    }
}
let model = reverser(positions: true)
// Keras' summary table is wider than this page; the same numbers, narrower:
print("layer                 output shape     parameters")
for (layer, shape) in zip(model.layers, model.outputShapes) {
    let name = String(describing: type(of: layer))
    let dims = shape.map(String.init).joined(separator: ", ")
    let shapeText = "(None, \(dims))"
    print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
          + shapeText.padding(toLength: 15, withPad: " ", startingAt: 0)
          + pad("\(layer.parameterCount)", 12))
}
print("total" + pad("\(model.parameterCount)", 44))

// MARK: Snippet 16 (chapters/04-transformers.md:757)
/// Fractions of letters and of whole sequences predicted right (argmax).
func accuracy(_ model: Sequential, _ data: (x: Tensor, y: Tensor))
    -> (letters: Double, sequences: Double) {
    let predicted = model.predict(data.x, batchSize: 250).argmaxRows()  // (nT)
    var right = 0, perfect = 0
    for n in 0..<data.x.rows {
        let hits = (0..<length).filter {
            predicted[n * length + $0] == Int(data.y[n, $0])
        }.count
        right += hits
        if hits == length { perfect += 1 }
    }
    return (Double(right) / Double(data.x.count),
            Double(perfect) / Double(data.x.rows))
}

func percent(_ x: Double) -> String { pad(fmt(100 * x, 1) + " %", 8) }

let blind = reverser(positions: false)
for m in [model, blind] {
    m.compile(optimizer: Adam(learningRate: 0.005),
              loss: .sparseSoftmaxCrossEntropy)
}
print("        │ with positions: validation │ without positions: validation")
print("        │   loss letters  sequences  │   loss letters  sequences")
for epoch in 1...5 {
    var line = "epoch \(epoch) │"
    for m in [model, blind] {
        let loss = m.fit(train.x, train.y, epochs: 1, batchSize: 50,
                         verbose: .silent).loss[0]
        let score = accuracy(m, validation)
        line += pad(fmt(loss), 7) + percent(score.letters)
            + pad(percent(score.sequences), 11) + "  │"
    }
    print(line.dropLast(3))
}

// MARK: Snippet 17 (chapters/04-transformers.md:809)
/// Trains one reverser from `seed` for five epochs; its test accuracies.
func trainedReverser(positions: Bool,
                     seed: UInt64) -> (letters: Double, sequences: Double) {
    let m = reverser(positions: positions, seed: seed)
    m.compile(optimizer: Adam(learningRate: 0.005),
              loss: .sparseSoftmaxCrossEntropy)
    m.fit(train.x, train.y, epochs: 5, batchSize: 50)
    return accuracy(m, test)
}

print("        │ with positions: test │ without positions: test")
print("        │ letters  sequences   │ letters  sequences")
for seed: UInt64 in [4, 5, 6] {
    let with = seed == 4 ? accuracy(model, test)
                         : trainedReverser(positions: true, seed: seed)
    let without = seed == 4 ? accuracy(blind, test)
                            : trainedReverser(positions: false, seed: seed)
    print("seed \(seed)  │" + percent(with.letters)
          + pad(percent(with.sequences), 11) + "   │" + percent(without.letters)
          + pad(percent(without.sequences), 11))
}

// MARK: Snippet 18 (chapters/04-transformers.md:850)
let example = test.x.slice(0..<1)
let predicted = model(example).argmaxRows()   // the forward pass keeps weights
let attentionLayer = model.layers.compactMap { $0 as? SelfAttention }.first!
let map = attentionLayer.lastAttentionWeights   // (1, queries, keys)
let input = (0..<length).map { letters[Int(example[0, $0])] }
let output = predicted.map { letters[$0] }
print("input :", input.joined(separator: " "))
print("output:", output.joined(separator: " "))
for i in 0..<length {
    let row = (0..<length).map { map[0, i, $0] }
    let j = row.indices.max { row[$0] < row[$1] }!
    print("output \(i) looks hardest at input \(j),",
          "with weight \(fmt(row[j], 3))")
}
let rounded = (0..<length).map { i in
    (0..<length).map { (Double(map[0, i, $0]) * 100).rounded() / 100 }
}
show(Heatmap(title: "Where each output position looks", values: rounded,
             rowLabels: (0..<length).map { "\($0): \(output[$0])" },
             columnLabels: (0..<length).map { "\($0): \(input[$0])" },
             xLabel: "input position (key)",
             yLabel: "output position (query)", range: 0...1, showValues: true,
             description: "The largest weight of each row lies on the "
                 + "anti-diagonal: output i looks at input 7 − i."))

// MARK: Snippet 19 (chapters/04-transformers.md:900)
_ = model(test.x)                                // one batch of 1,000
let all = attentionLayer.lastAttentionWeights    // (1000, queries, keys)
var mirror = 0.0, mirrorIsLargest = 0
for n in 0..<test.x.rows {
    for i in 0..<length {
        let row = (0..<length).map { all[n, i, $0] }
        mirror += Double(row[length - 1 - i])
        let largest = row.indices.max { row[$0] < row[$1] }!
        if largest == length - 1 - i { mirrorIsLargest += 1 }
    }
}
let queries = test.x.rows * length
print("mean weight on the mirror position: \(fmt(mirror / Double(queries), 3))")
print("queries whose largest weight is on the mirror position:",
      "\(mirrorIsLargest) of \(queries)")

// MARK: Snippet 20 (chapters/04-transformers.md:963)
/// Parameters of one Transformer block of width d: `attentions` attention
/// sublayers (four d×d projections with biases each), the feed-forward
/// network d → f → d, and one layer norm (a scale and a shift per dimension)
/// after every sublayer.
func blockParameters(d: Int, feedForward f: Int, attentions: Int = 1) -> Int {
    let attention = 4 * (d * d + d)
    let feedForwardNetwork = d * f + f + f * d + d
    let norms = (attentions + 1) * 2 * d
    return attentions * attention + feedForwardNetwork + norms
}
let transformerBase = 6 * blockParameters(d: 512, feedForward: 2048) // encoder
    // the decoder: self-attention and cross-attention
    + 6 * blockParameters(d: 512, feedForward: 2048, attentions: 2)
    + 37_000 * 512                           // one shared token embedding
let bertBase = 12 * blockParameters(d: 768, feedForward: 3072)
    // tokens, positions, segments; the embedding's layer norm
    + (30_522 + 512 + 2) * 768 + 2 * 768
    + 768 * 768 + 768                        // the pooler
let gpt = 12 * blockParameters(d: 768, feedForward: 3072)
    + (40_478 + 512) * 768                   // tokens, positions
let sizes = [("Transformer base (2017)", transformerBase, "65M (Table 3)"),
             ("BERT-base (2018)", bertBase, "110M (§3)"),
             ("GPT (2018)", gpt, "not stated")]
for (name, count, paper) in sizes {
    let millions = String(format: "%.1fM", Double(count) / 1e6)
    print(pad(name, 24), pad(millions, 8), "   paper:", paper)
}

// MARK: Solutions to the exercises (`swift run transformers --solutions` runs them)

// MARK: Snippet 21 (chapters/04-transformers.md:1025)
for p in 0...2 {
    let hand = [sin(Double(p)), cos(Double(p)),
                sin(Double(p) / 100), cos(Double(p) / 100)]
    let code = positionalEncoding(p, d: 4)
    let gap = zip(hand, code).map { abs($0 - $1) }.max()!
    print("PE(\(p)) = " + code.map { fmt($0, 6) }.joined(separator: "  "),
          " by hand:", gap < 1e-12 ? "same" : "differs by \(gap)")
}

// MARK: Snippet 22 (chapters/04-transformers.md:1046)
let offset = 3
let closedForm4 = cos(Double(offset)) + cos(Double(offset) / 100)
for p in [0, 10, 57] {
    let product = dot(positionalEncoding(p, d: 4),
                      positionalEncoding(p + offset, d: 4))
    print("p = \(p):  PE(p)·PE(p+3) = \(fmt(product, 6))")
}
print("cos 3 + cos 0.03 = \(fmt(closedForm4, 6))")

// MARK: Snippet 23 (chapters/04-transformers.md:1070)
for (i, word) in words.enumerated() {
    let scores = (0...i).map { dot(sentence[i], sentence[$0]) }
    let best = scores.indices.max { scores[$0] < scores[$1] }!
    let longest = (0...i).allSatisfy { wordLengths[$0] <= wordLengths[i] }
    print(pad(word, 6), " strongest key: \(pad(words[best], 6))",
          " diagonal wins: \(best == i)", " no longer key: \(longest)")
}
