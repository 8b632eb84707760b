import Foundation
import Testing
import SeqKit   // not @testable: the article's code must compile against the public API alone

/// The training example of the DocC article "Use SeqKit in your own package"
/// (Sources/SeqKit/SeqKit.docc/UsingSeqKit.md), compiled and run, so the article cannot rot:
/// the code between the `article:` markers must equal the article's `main.swift` listing, and
/// what it prints must equal the article's output listing, byte for byte.
@Suite("DocC article: Use SeqKit in your own package")
struct UsingSeqKitArticleTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let articlePath = "Sources/SeqKit/SeqKit.docc/UsingSeqKit.md"
    static let testPath = "Tests/SeqKitTests/UsingSeqKitArticleTests.swift"

    /// Runs the example, collecting what it prints (the local `print` shadows the standard one).
    static func runExample() -> (printed: [String], testAccuracy: Int) {
        var printed: [String] = []
        func print(_ line: String) { printed.append(line) }

        // article: begin
        // 320 sequences of 20 steps, one feature; label 1 if the sum is > 0.
        var rng = SeededGenerator(seed: 7)
        let x = rng.normalTensor([320, 20, 1])    // (batch, time, features)
        let labels = (0..<320).map { i in
            (0..<20).reduce(0) { $0 + x[i, $1, 0] } > 0 ? Float(1) : 0
        }
        let y = Tensor(shape: [320, 1], scalars: labels)    // (batch, 1)
        let (trainX, trainY) = (x.slice(0..<256), y.slice(0..<256))
        let (testX, testY) = (x.slice(256..<320), y.slice(256..<320))

        // An LSTM reads each sequence; a sigmoid unit turns its last hidden
        // state into a probability.
        let model = Sequential(seed: 42, inputShape: [20, 1]) {
            LSTM(16)
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.01),
                      loss: .binaryCrossEntropy, metrics: [.accuracy])
        let history = model.fit(trainX, trainY, epochs: 15, batchSize: 32)
        let (first, last) = (history.loss.first!, history.loss.last!)
        print("train loss \(fixedDigits(first, 4)) -> \(fixedDigits(last, 4))")

        let testLoss = model.evaluate(testX, testY)
        let p = model.predict(testX)              // (64, 1) probabilities
        let hits = (0..<64).filter { (p[$0, 0] > 0.5) == (testY[$0, 0] == 1) }
        print("test loss \(fixedDigits(testLoss, 4)), accuracy \(hits.count)/64")
        let firstFour = (0..<4).map { fixedDigits(p[$0, 0], 3) }
        print("first probabilities: " + firstFour.joined(separator: " "))
        // article: end
        return (printed, hits.count)
    }

    /// The fenced listings of a Markdown file, in order: (info string, lines).
    static func fences(_ text: String) -> [(info: String, lines: [String])] {
        var result: [(String, [String])] = []
        var open: (String, [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let o = open { result.append(o); open = nil } else { open = (String(line.dropFirst(3)), []) }
            } else if open != nil {
                open!.1.append(line)
            }
        }
        return result
    }

    @Test func exampleLearnsTheTask() {
        // Independent of the article's digits: the model must really have learned (a majority
        // guess scores about 32/64).
        let run = Self.runExample()
        #expect(run.testAccuracy >= 58, "\(run.printed)")
    }

    @Test func articleShowsTheCodeThisTestRuns() throws {
        let article = try String(contentsOf: Self.root.appendingPathComponent(Self.articlePath), encoding: .utf8)
        let source = try String(contentsOf: Self.root.appendingPathComponent(Self.testPath), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let begin = try #require(lines.firstIndex { $0.hasSuffix("// article: begin") })
        let end = try #require(lines.firstIndex { $0.hasSuffix("// article: end") })
        let indent = lines[begin].prefix { $0 == " " }.count
        let region = lines[(begin + 1)..<end].map { $0.isEmpty ? $0 : String($0.dropFirst(indent)) }

        let listing = try #require(Self.fences(article).first { $0.info == "swift" && $0.lines.first == "import SeqKit" },
                                   "the article has no ```swift listing starting with `import SeqKit`")
        // The article's main.swift is `import SeqKit`, a blank line, then exactly the region.
        #expect(Array(listing.lines.prefix(2)) == ["import SeqKit", ""])
        #expect(Array(listing.lines.dropFirst(2)) == region,
                "the article's main.swift differs from the code between the article: markers of \(Self.testPath)")
    }

    @Test func articleShowsWhatTheExamplePrints() throws {
        let article = try String(contentsOf: Self.root.appendingPathComponent(Self.articlePath), encoding: .utf8)
        let output = try #require(Self.fences(article).first { $0.info == "text" },
                                  "the article has no ```text listing of the output")
        let printed = Self.runExample().printed
        #expect(output.lines == printed,
                "the article's output listing differs; the example now prints:\n\(printed.joined(separator: "\n"))")
    }
}
