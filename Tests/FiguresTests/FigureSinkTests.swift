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

@Suite struct FigureSinkTests {
    @Test func verifierModeWritesFilesAndOnlyMarkersToStdout() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = OutputRecorder()
        let sink = FigureSink(environment: ["WORKBOOK_MARKER": "tok42", "WORKBOOK_FIGURES": directory.path],
                              executableName: "lstm", output: output.append)
        sink.show(Samples.logLossPlot)
        sink.show(Samples.heatmap)

        #expect(output.all == ["\u{1E}tok42:figure:figure-1.svg\u{1E}", "\u{1E}tok42:figure:figure-2.svg\u{1E}"])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["figure-1.svg", "figure-1.table.html", "figure-2.svg", "figure-2.table.html"])
        let svg = try String(contentsOf: directory.appendingPathComponent("figure-1.svg"), encoding: .utf8)
        #expect(svg == Samples.logLossPlot.svg())
        let table = try String(contentsOf: directory.appendingPathComponent("figure-2.table.html"), encoding: .utf8)
        #expect(table == Samples.heatmap.dataTableHTML())
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

    @Test func markerWithoutDirectoryMeansReaderMode() {
        let sink = FigureSink(environment: ["WORKBOOK_MARKER": "tok"], executableName: "/usr/bin/x y", output: { _ in })
        #expect(sink.mode == .reader(directory: URL(fileURLWithPath: "/tmp/workbook-figures/f-usr-bin-x-y", isDirectory: true)))
    }

    @Test func figureNumbersAreUniqueUnderConcurrency() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sink = FigureSink(environment: ["WORKBOOK_MARKER": "t", "WORKBOOK_FIGURES": directory.path],
                              executableName: "x", output: { _ in })
        let numbers = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask { sink.show(Samples.scatter) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...40))
    }
}
