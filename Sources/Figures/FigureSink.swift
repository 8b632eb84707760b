import Foundation

/// Where `show` sends a figure: the verifier's side channel or the reader's terminal.
///
/// - Verifier mode (both `WORKBOOK_MARKER` and `WORKBOOK_FIGURES` set): writes
///   `figure-<k>.svg` and `figure-<k>.table.html` atomically into `$WORKBOOK_FIGURES`, then emits
///   exactly `"\u{1E}" + marker + ":figure:figure-<k>.svg" + "\u{1E}"` and nothing else, so the
///   verifier can cut figures out of the text it compares.
/// - Reader mode (otherwise): writes `${TMPDIR:-/tmp}/workbook-figures/<executable>/figure-<k>.svg`
///   and prints a 60-column terminal rendering plus `[figure k: title → path]`.
///
/// The environment, executable name and output are injected so both modes are testable.
final class FigureSink: Sendable {
    /// Width of terminal renderings: fixed, so output never depends on the terminal.
    static let terminalWidth = 60
    static let recordSeparator = "\u{1E}"

    let environment: [String: String]
    let executableName: String
    private let output: @Sendable (String) -> Void
    private let counter = FigureCounter()

    init(environment: [String: String], executableName: String, output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.executableName = executableName
        self.output = output
    }

    /// The sink used by `show`: the process environment, the executable's name, and stdout.
    static let standard = FigureSink(
        environment: ProcessInfo.processInfo.environment,
        executableName: CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "workbook",
        output: { text in
            // `print` goes through the same C stdio buffer as the chapter's own prints, so order is kept;
            // fflush(nil) flushes it without touching the `stdout` global (not concurrency-safe in Swift 6).
            print(text, terminator: "")
            fflush(nil)
        }
    )

    enum Mode: Equatable {
        case verifier(marker: String, directory: URL)
        case reader(directory: URL)
    }

    var mode: Mode {
        if let marker = environment["WORKBOOK_MARKER"], !marker.isEmpty,
           let directory = environment["WORKBOOK_FIGURES"], !directory.isEmpty {
            return .verifier(marker: marker, directory: URL(fileURLWithPath: directory, isDirectory: true))
        }
        var temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        while temporary.count > 1 && temporary.hasSuffix("/") { temporary.removeLast() }
        let name = IDScope.sanitize(executableName)
        return .reader(directory: URL(fileURLWithPath: temporary, isDirectory: true)
            .appendingPathComponent("workbook-figures", isDirectory: true)
            .appendingPathComponent(name, isDirectory: true))
    }

    /// Shows `figure` as the next figure of this process; returns its number k (1, 2, …).
    @discardableResult
    func show(_ figure: some Figure) -> Int {
        let k = counter.next()
        let svgName = "figure-\(k).svg"
        switch mode {
        case let .verifier(marker, directory):
            // A failed write still emits the marker: the verifier then reports the missing file at the
            // snippet that showed it, and the reason is on stderr.
            write(figure.svg(), to: directory.appendingPathComponent(svgName))
            write(figure.dataTableHTML(), to: directory.appendingPathComponent("figure-\(k).table.html"))
            output(Self.recordSeparator + marker + ":figure:" + svgName + Self.recordSeparator)
        case let .reader(directory):
            let path = directory.appendingPathComponent(svgName)
            let saved = write(figure.svg(), to: path)
            let title = Escaping.singleLine(figure.title)
            let place = saved ? path.path : "SVG not written, see stderr"
            output(figure.terminal(width: Self.terminalWidth) + "\n[figure \(k): \(title) → \(place)]\n")
        }
        return k
    }

    /// Writes `text` atomically, creating the directory; reports failure on stderr.
    @discardableResult
    private func write(_ text: String, to url: URL) -> Bool {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            return true
        } catch {
            FileHandle.standardError.write(Data("figures: cannot write \(url.path): \(error.localizedDescription)\n".utf8))
            return false
        }
    }
}

/// The process-wide figure number. A lock rather than `Synchronization.Mutex`, which needs macOS 15.
final class FigureCounter: @unchecked Sendable {
    // Safety: `value` is only read and written while `lock` is held.
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
