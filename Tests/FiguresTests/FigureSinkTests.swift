import Foundation
import Testing
@testable import Figures

/// Collects what a sink writes to "stdout".
final class OutputRecorder: @unchecked Sendable {
    // Safety: `chunks` is only touched while `lock` is held.
    private let lock = NSLock()
    private var chunks: [String] = []

    func append(_ text: String) {
        lock.lock()
        chunks.append(text)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return chunks
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("figures-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// What a presenter received.
final class PresentedFigures: @unchecked Sendable {
    // Safety: `items` is only touched while `lock` is held.
    private let lock = NSLock()
    private var items: [(svg: String, number: Int)] = []

    func append(_ figure: any Figure, _ number: Int) {
        let svg = figure.svg()
        lock.lock()
        items.append((svg, number))
        lock.unlock()
    }

    var all: [(svg: String, number: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

@Suite struct FigureSinkTests {
    @Test func anInstalledPresenterGetsEveryFigureAndNothingIsPrinted() throws {
        let output = OutputRecorder()
        let presented = PresentedFigures()
        let sink = FigureSink(environment: [:], executableName: "lstm", output: output.append)
        sink.presenter = { figure, number in presented.append(figure, number) }
        #expect(sink.show(Samples.logLossPlot) == 1)
        #expect(sink.show(Samples.heatmap) == 2)
        #expect(output.all.isEmpty)
        #expect(presented.all.map(\.number) == [1, 2])
        #expect(presented.all.map(\.svg) == [Samples.logLossPlot.svg(), Samples.heatmap.svg()])
    }

    @Test func readerModePrintsTheTerminalRenderingAndThePath() throws {
        let temporary = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = OutputRecorder()
        let sink = FigureSink(environment: ["TMPDIR": temporary.path + "/"], executableName: "lstm", output: output.append)
        sink.show(Samples.bars)

        let path = temporary.path + "/workbook-figures/lstm/figure-1.svg"
        #expect(output.all == [Samples.bars.terminal(width: 60) + "\n[figure 1: Parameters → \(path)]\n"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Samples.bars.svg())
    }

    @Test func theEnvironmentNoLongerSwitchesModes() {
        // The verifier's old variables mean nothing to Figures: it does not know the verifier.
        let sink = FigureSink(environment: ["WORKBOOK_MARKER": "tok", "WORKBOOK_FIGURES": "/x"], executableName: "/usr/bin/x y", output: { _ in })
        #expect(sink.presenter == nil)
        #expect(sink.readerDirectory == URL(fileURLWithPath: "/tmp/workbook-figures/f-usr-bin-x-y", isDirectory: true))
    }

    @Test func figureNumbersAreUniqueUnderConcurrency() async throws {
        let sink = FigureSink(environment: [:], executableName: "x", output: { _ in })
        sink.presenter = { _, _ in }
        let numbers = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask { sink.show(Samples.scatter) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...40))
    }
}
