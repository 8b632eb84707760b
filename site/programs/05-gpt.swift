// Chapter 5, “The machine that writes: a character-level LSTM and a tiny GPT”: the whole program of chapters/05-gpt.md.
// Every snippet in order, hidden lines and setup snippets included: what `swift run gpt`
// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and
// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).

// MARK: Snippet 1 (chapters/05-gpt.md:23, setup: hidden on the page)
import Foundation
import SeqKit
import Figures

/// `x` with a fixed number of decimals, the same text on every machine.
func fmt(_ x: Double, _ decimals: Int = 3) -> String {
    fixedDigits(x, decimals)
}
/// Right-aligns `s` in a column of `width` characters.
func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
}
/// Writes to standard error: seen when the chapter runs, never compared.
func note(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

// MARK: Snippet 2 (chapters/05-gpt.md:50)
let path = "chapters/data/pride-and-prejudice-vol1.txt"
let text = try! String(contentsOfFile: path, encoding: .utf8)
let vocabulary = Array(Set(text.unicodeScalars)).sorted { $0.value < $1.value }
let idOf = Dictionary(uniqueKeysWithValues:
                        vocabulary.enumerated().map { ($1, $0) })
let V = vocabulary.count

func encode(_ s: String) -> [Int] { s.unicodeScalars.map { idOf[$0]! } }
func decode(_ ids: [Int]) -> String {
    String(String.UnicodeScalarView(ids.map { vocabulary[$0] }))
}

let ids = encode(text)
print("characters:", ids.count, "  vocabulary:", V)
let listed = String(String.UnicodeScalarView(vocabulary))
print("vocabulary:", String(reflecting: String(listed.prefix(37))))
print("           ", String(reflecting: String(listed.dropFirst(37))))
let opening = "It is a"
print(opening, "->", encode(opening), "->", decode(encode(opening)))

// MARK: Snippet 3 (chapters/05-gpt.md:87)
let cut = ids.count * 9 / 10
let trainIDs = Array(ids[..<cut]), validIDs = Array(ids[cut...])
print("training:", trainIDs.count, "characters   validation:", validIDs.count)
print("validation starts:", String(reflecting: decode(Array(validIDs[0..<44]))))

// MARK: Snippet 4 (chapters/05-gpt.md:118)
func bits(nats: Double) -> Double { nats / log(2) }

let uniformBits = log(Double(V)) / log(2)
var counts = [Double](repeating: 1, count: V)
for c in trainIDs { counts[c] += 1 }
let total = counts.reduce(0, +)
let unigram = counts.map { $0 / total }
let unigramBits = validIDs.reduce(0.0) { $0 - log(unigram[$1]) / log(2) }
    / Double(validIDs.count)

func report(_ name: String, _ b: Double) {
    print(pad(name, 20), pad(fmt(b), 7), "bits/char   perplexity",
          pad(fmt(pow(2, b), 1), 5))
}
report("uniform", uniformBits)
report("unigram", unigramBits)

// MARK: Snippet 5 (chapters/05-gpt.md:151)
let T = 64
/// `count` windows of `T` ids at random offsets in `source`, and the same
/// windows shifted by one: the targets. Ids are Floats, as Embedding wants.
func windows(_ source: [Int], count: Int, using rng: inout SeededGenerator)
    -> (x: Tensor, y: Tensor) {
    var x = [Float](), y = [Float]()
    for _ in 0..<count {
        let start = rng.int(below: source.count - T - 1)
        x += source[start..<(start + T)].map(Float.init)
        y += source[(start + 1)...(start + T)].map(Float.init)
    }
    return (Tensor(shape: [count, T], scalars: x),
            Tensor(shape: [count, T], scalars: y))
}
var demo = SeededGenerator(seed: 5)
let example = windows(trainIDs, count: 1, using: &demo)
let shown = 24
let exIn = decode((0..<shown).map { Int(example.x[0, $0]) })
let exOut = decode((0..<shown).map { Int(example.y[0, $0]) })
print("input :", String(reflecting: exIn))
print("target:", String(reflecting: exOut))

// MARK: Snippet 6 (chapters/05-gpt.md:193)
func consecutiveWindows(_ source: [Int]) -> (x: Tensor, y: Tensor) {
    let n = (source.count - 1) / T
    let x = (0..<(n * T)).map { Float(source[$0]) }
    let y = (0..<(n * T)).map { Float(source[$0 + 1]) }
    return (Tensor(shape: [n, T], scalars: x),
            Tensor(shape: [n, T], scalars: y))
}
let validation = consecutiveWindows(validIDs)
print("validation windows:", validation.x.shape, "=",
      validation.x.count, "predictions")

// MARK: Snippet 7 (chapters/05-gpt.md:217)
let lstmUnits = 108
func makeLSTM() -> Sequential {
    Sequential(name: "char_lstm", seed: 1) {
        Embedding(vocabularySize: V, dimension: 24, inputLength: T)
        LSTM(lstmUnits, returnSequences: true)
        Dense(V)
    }
}
let lstmModel = makeLSTM()
print(lstmModel.summary())

// MARK: Snippet 8 (chapters/05-gpt.md:250)
let batch = 32, steps = 500, every = 50
struct Run {
    var steps: [Int] = [], validationBits: [Double] = []
    var seconds = 0.0, cpuSeconds = 0.0
}
func train(_ model: Sequential, learningRate: Float) -> Run {
    let adam = Adam(learningRate: learningRate, globalClipNorm: 1)
    model.compile(optimizer: adam, loss: .sparseSoftmaxCrossEntropy)
    var rng = SeededGenerator(seed: 2024)    // the same batches for each model
    var run = Run()
    let start = Date(), cpuStart = clock()
    let bar = ProgressBar(total: steps)     // on a terminal's stderr only
    for step in 1...steps {
        let (x, y) = windows(trainIDs, count: batch, using: &rng)
        bar.update(step, loss: model.trainStep(x, y))
        if step % every == 0 {
            let loss = model.evaluate(validation.x, validation.y, batchSize: 64)
            run.steps.append(step)
            run.validationBits.append(bits(nats: Double(loss)))
        }
    }
    bar.finish()
    run.seconds = Date().timeIntervalSince(start)
    run.cpuSeconds = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
    return run
}
let lstmRun = train(lstmModel, learningRate: 0.005)
note("char-LSTM: \(steps) steps, \(fmt(lstmRun.seconds, 1)) s wall, "
     + "\(fmt(lstmRun.cpuSeconds, 1)) s CPU")
for (s, b) in zip(lstmRun.steps, lstmRun.validationBits) where s % 100 == 0 {
    print("step", pad(String(s), 4), "  validation", fmt(b), "bits/char")
}

// MARK: Snippet 9 (chapters/05-gpt.md:293)
var lstmPlot = LinePlot(title: "Char-LSTM: validation loss while training",
                        xLabel: "training step", yLabel: "bits per character")
lstmPlot.add(series: "char-LSTM", x: lstmRun.steps, y: lstmRun.validationBits)
lstmPlot.add(series: "unigram", x: [0, steps], y: [unigramBits, unigramBits])
show(lstmPlot)

// MARK: Snippet 10 (chapters/05-gpt.md:315)
let promptIDs = Array(validIDs[1000..<(1000 + T)])
print("prompt ends:", String(reflecting: decode(Array(promptIDs.suffix(30)))))
/// The logits of the last position for one window of ids.
func nextLogits(_ model: Sequential, _ window: [Int]) -> [Float] {
    let out = model(Tensor(shape: [1, T], scalars: window.map(Float.init)))
    return Array(out.scalars[((T - 1) * V)..<(T * V)])
}
let logits = nextLogits(lstmModel, promptIDs)
let truth = validIDs[1000 + T]                // the character Austen wrote next
for tau in [0.25, 0.5, 1.0, 1.5, 2.0] {
    let p = temperatureSoftmax(logits, temperature: tau)
    let top = p.indices.sorted { p[$0] > p[$1] }.prefix(3).map {
        "\(String(reflecting: decode([$0]))) \(fmt(p[$0], 2))"
    }
    print("τ", fmt(tau, 2), "  entropy", fmt(entropyBits(p), 2), "bits   top:",
          top.joined(separator: "  "))
}
let atOne = temperatureSoftmax(logits)
print("Austen wrote", String(reflecting: decode([truth])) + ": probability",
      fmt(atOne[truth], 3), "at τ 1.00")

// MARK: Snippet 11 (chapters/05-gpt.md:351)
/// Continues `prompt` by `count` characters drawn at temperature `tau`; returns
/// the text and the mean entropy (bits) of the distributions it drew from.
func write(_ model: Sequential, prompt: [Int], count: Int, tau: Double,
           seed: UInt64) -> (text: String, entropy: Double) {
    var rng = SeededGenerator(seed: seed)
    var context = prompt, written = [Int](), entropy = 0.0
    for _ in 0..<count {
        let p = temperatureSoftmax(nextLogits(model, context), temperature: tau)
        entropy += entropyBits(p)
        let next = rng.categorical(p)
        written.append(next)
        context = Array(context.dropFirst()) + [next]
    }
    return (decode(written), entropy / Double(count))
}
/// Prints `s` in lines of at most 72 characters, a newline in `s` shown as "⏎".
func printWrapped(_ s: String) {
    var line = ""
    for c in s.replacingOccurrences(of: "\n", with: "⏎") {
        line.append(c)
        if line.count == 72 { print("  " + line); line = "" }
    }
    if !line.isEmpty { print("  " + line) }
}
for tau in [0.5, 1.0, 1.5] {
    let sample = write(lstmModel, prompt: promptIDs, count: 240, tau: tau,
                       seed: 7)
    print("τ = \(fmt(tau, 1)), mean entropy \(fmt(sample.entropy, 2)) bits:")
    printWrapped(sample.text)
}

// MARK: Snippet 12 (chapters/05-gpt.md:446)
let width = 48, heads = 4, blocks = 2
func makeGPT() -> Sequential {
    Sequential(name: "tiny_gpt", seed: 1) {
        Embedding(vocabularySize: V, dimension: width, inputLength: T)
        PositionEmbedding(maxLength: T)
        for _ in 0..<blocks {
            TransformerBlock(heads: heads, keyDim: width / heads,
                             hidden: 4 * width)
        }
        LayerNorm()
        Dense(V)
    }
}
let gptModel = makeGPT()
print("layer                 output shape   parameters")
for (layer, shape) in zip(gptModel.layers, gptModel.outputShapes) {
    print(layer.typeName.padding(toLength: 20, withPad: " ", startingAt: 0),
          pad("\(shape)", 14), pad(String(layer.parameterCount), 12))
}
let gptTotal = gptModel.parameters.reduce(0) { $0 + $1.value.count }
print("total", pad(String(gptTotal), 44))

// MARK: Snippet 13 (chapters/05-gpt.md:486)
func blockCount(_ d: Int) -> Int {
    4 * (d * d + d) + (8 * d * d + 5 * d) + 4 * d
}
let gptByHand = V * width + T * width + blocks * blockCount(width) + 2 * width
    + (width * V + V)
let H = lstmUnits
let lstmByHand = V * 24 + 4 * (24 * H + H * H + H) + (H * V + V)
print("tiny GPT :", gptByHand, "by hand,",
      gptModel.layers.reduce(0) { $0 + $1.parameterCount }, "in SeqKit")
print("char-LSTM:", lstmByHand, "by hand,",
      lstmModel.layers.reduce(0) { $0 + $1.parameterCount }, "in SeqKit")

// MARK: Snippet 14 (chapters/05-gpt.md:514)
let lstmWork = 24 * 4 * lstmUnits + lstmUnits * 4 * lstmUnits + lstmUnits * V
let gptWork = blocks * (12 * width * width + 2 * T * width) + width * V
print("multiply-adds per character, forward: LSTM", lstmWork, "  GPT", gptWork)

// MARK: Snippet 15 (chapters/05-gpt.md:530)
let gptRun = train(gptModel, learningRate: 0.002)
note("tiny GPT: \(steps) steps, \(fmt(gptRun.seconds, 1)) s wall, "
     + "\(fmt(gptRun.cpuSeconds, 1)) s CPU")
print("                     validation bits/char")
print("  step   char-LSTM    tiny GPT")
for i in gptRun.steps.indices {
    print(pad(String(gptRun.steps[i]), 6),
          pad(fmt(lstmRun.validationBits[i]), 11),
          pad(fmt(gptRun.validationBits[i]), 11))
}
report("uniform", uniformBits)
report("unigram", unigramBits)
report("char-LSTM", lstmRun.validationBits.last!)
report("tiny GPT", gptRun.validationBits.last!)

// MARK: Snippet 16 (chapters/05-gpt.md:566)
var racePlot = LinePlot(title: "The race: validation loss per training step",
                        xLabel: "training step", yLabel: "bits per character")
racePlot.add(series: "char-LSTM", x: lstmRun.steps, y: lstmRun.validationBits)
racePlot.add(series: "tiny GPT", x: gptRun.steps, y: gptRun.validationBits)
racePlot.add(series: "unigram", x: [0, steps], y: [unigramBits, unigramBits])
show(racePlot)

// MARK: Snippet 17 (chapters/05-gpt.md:605)
for tau in [0.5, 1.0] {
    let sample = write(gptModel, prompt: promptIDs, count: 240, tau: tau,
                       seed: 7)
    print("tiny GPT, τ = \(fmt(tau, 1)),",
          "mean entropy \(fmt(sample.entropy, 2)) bits:")
    printWrapped(sample.text)
}

// MARK: Snippet 18 (chapters/05-gpt.md:636)
let lineIDs = Array(validIDs[2000..<(2000 + T)])
_ = gptModel(Tensor(shape: [1, T], scalars: lineIDs.map(Float.init)))
let maps = gptModel.layers.compactMap { $0 as? TransformerBlock }
    .map { $0.attention.lastAttentionWeights }   // (1, heads, T, T) per block
print("window ends:", String(reflecting: decode(Array(lineIDs.suffix(24)))))
var best = (block: 0, head: 0, previous: -1)
for (b, a) in maps.enumerated() {
    for h in 0..<heads {
        var distance = 0.0, previous = 0
        for i in 1..<T {
            var strongest = 0
            for j in 0...i {
                distance += Double(a[0, h, i, j]) * Double(i - j)
                if a[0, h, i, j] > a[0, h, i, strongest] { strongest = j }
            }
            if strongest == i - 1 { previous += 1 }
        }
        if previous > best.previous { best = (b, h, previous) }
        print("block \(b) head \(h): mean look-back",
              fmt(distance / Double(T - 1), 1), "characters,",
              "previous one strongest", pad(String(previous), 2), "times")
    }
}

// MARK: Snippet 19 (chapters/05-gpt.md:685)
let span = (T - 20)..<T
let labels = span.map { String(reflecting: decode([lineIDs[$0]])) }
let chosen = maps[best.block]
let cells = span.map { i in span.map { j in
    j <= i ? (Double(chosen[0, best.head, i, j]) * 100).rounded() / 100 : 0 } }
show(Heatmap(title: "Where head \(best.head) of block \(best.block) looks",
             values: cells, rowLabels: labels, columnLabels: labels,
             xLabel: "earlier character (key)",
             yLabel: "character whose successor is predicted (query)",
             range: 0...1,
             description: "Causal attention weights of one head on Austen."))

// MARK: Solutions to the exercises (`swift run gpt --solutions` runs them)

// MARK: Snippet 20 (chapters/05-gpt.md:744)
var pairs = [[Double]](repeating: [Double](repeating: 1, count: V), count: V)
for t in 1..<trainIDs.count { pairs[trainIDs[t - 1]][trainIDs[t]] += 1 }
let rowTotals = pairs.map { $0.reduce(0, +) }
var bigramNats = 0.0
for t in 1..<validIDs.count {
    let (a, b) = (validIDs[t - 1], validIDs[t])
    bigramNats -= log(pairs[a][b] / rowTotals[a])
}
report("bigram", bits(nats: bigramNats / Double(validIDs.count - 1)))

// MARK: Snippet 21 (chapters/05-gpt.md:764)
var context = promptIDs, greedy = [Int]()
for _ in 0..<240 {
    let z = nextLogits(lstmModel, context)
    let best = z.indices.max { z[$0] < z[$1] }!
    greedy.append(best)
    context = Array(context.dropFirst()) + [best]
}
printWrapped(decode(greedy))
let starts = 0...(greedy.count - 20)
let stretches = Set(starts.map { Array(greedy[$0..<($0 + 20)]) })
print("distinct 20-character stretches:", stretches.count, "of", starts.count)

// MARK: Snippet 22 (chapters/05-gpt.md:789)
let positions = gptModel.layers.compactMap { $0 as? PositionEmbedding }.first!
let saved = positions.table.value
positions.table.value = Tensor(zeros: saved.shape)
let withoutPositions = gptModel.evaluate(validation.x, validation.y,
                                         batchSize: 64)
positions.table.value = saved
let withPositions = gptModel.evaluate(validation.x, validation.y,
                                      batchSize: 64)
report("with positions", bits(nats: Double(withPositions)))
report("without positions", bits(nats: Double(withoutPositions)))
