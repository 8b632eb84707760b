import Foundation

/// Where `show` sends a figure: to the presenter a program installed (``FigureDisplay``), or
/// else to the reader's terminal: a 60-column rendering plus `[figure k: title → path]`, with the
/// SVG written to `${TMPDIR:-/tmp}/workbook-figures/<executable>/figure-<k>.svg`.
///
/// The environment, executable name and output are injected so that both are testable.
final class FigureSink: @unchecked Sendable {
    /// Width of terminal renderings: fixed, so output never depends on the terminal.
    static let terminalWidth = 60

    let environment: [String: String]
    let executableName: String
    private let output: @Sendable (String) -> Void
    private let counter = FigureCounter()
    // Safety: `installed` is only read and written while `lock` is held.
    private let lock = NSLock()
    private var installed: FigureDisplay.Presenter?

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

    var presenter: FigureDisplay.Presenter? {
        get { lock.lock(); defer { lock.unlock() }; return installed }
        set { lock.lock(); installed = newValue; lock.unlock() }
    }

    /// The folder of reader mode's SVG files.
    var readerDirectory: URL {
        var temporary = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        while temporary.count > 1 && temporary.hasSuffix("/") { temporary.removeLast() }
        let name = IDScope.sanitize(executableName)
        return URL(fileURLWithPath: temporary, isDirectory: true)
            .appendingPathComponent("workbook-figures", isDirectory: true)
            .appendingPathComponent(name, isDirectory: true)
    }

    /// Shows `figure` as the next figure of this process; returns its number k (1, 2, …).
    @discardableResult
    func show(_ figure: some Figure) -> Int {
        let k = counter.next()
        if let presenter {
            presenter(figure, k)
            return k
        }
        let path = readerDirectory.appendingPathComponent("figure-\(k).svg")
        let saved = write(figure.svg(), to: path)
        let title = Escaping.singleLine(figure.title)
        let place = saved ? path.path : "SVG not written, see stderr"
        output(figure.terminal(width: Self.terminalWidth) + "\n[figure \(k): \(title) → \(place)]\n")
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

/// Where ``show(_:)`` sends figures, for programs that display them themselves.
///
/// By default a figure is drawn in the terminal and saved as SVG under
/// `${TMPDIR:-/tmp}/workbook-figures/`. A program that renders figures elsewhere (the
/// workbook's verifier, which puts them in the site) installs a presenter once, at its start.
public enum FigureDisplay {
    /// Receives each figure `show` is given, and its number in the process (1, 2, …).
    public typealias Presenter = @Sendable (_ figure: any Figure, _ number: Int) -> Void

    /// Sends every later `show` to `presenter` instead of the terminal.
    public static func setPresenter(_ presenter: @escaping Presenter) {
        FigureSink.standard.presenter = presenter
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
