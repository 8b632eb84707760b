// The terminal progress bar of `fit`. It writes to standard error and only when standard error
// is a terminal: never into standard output (piped or not), and never into a program's captured
// output (the book's verification reads stderr through a pipe, so no bar is drawn there).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Musl)
private let systemWrite = Musl.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// The one-line `Epoch 3/20 12/32 ━━━━━━━━━━──── loss 0.4121` bar that `fit` redraws after each
/// batch when ``Verbosity/auto`` finds a terminal.
///
/// Writes to standard error with `write(2)`, `\r` returning to the line start, and never to
/// standard output, so nothing it draws can reach text a chapter compares.
final class ProgressBar {
    private let total: Int
    private var prefix = ""

    /// A bar for `total` batches per epoch.
    init(total: Int) { self.total = total }

    /// Whether standard error, where the bar is drawn, is a terminal (`isatty(2)`): only then is
    /// it drawn. `swift run lstm > out.txt` shows the bar and keeps out.txt clean.
    static var standardErrorIsTerminal: Bool { isatty(2) != 0 }

    private func write(_ s: String) {
        // write(2) on the descriptor: unbuffered, and no shared C `FILE*` global.
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { systemWrite(2, $0.baseAddress, $0.count) }
    }

    /// Starts the line of epoch `epoch` (1-based) of `epochs`, with an empty bar.
    func start(epoch: Int, of epochs: Int) {
        prefix = "Epoch \(epoch)/\(epochs) "
        advance(to: 0, loss: nil)
    }

    /// Redraws the line with `done` of `total` batches filled (30 cells) and the running loss.
    func advance(to done: Int, loss: Float?) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
        write("\r\(prefix)\(done)/\(total) \(bar)" + (loss.map { " loss \(fixed($0))" } ?? ""))
    }

    /// Clears the bar and writes `line` (the epoch's summary) in its place, ending the line.
    func finish(_ line: String) { write("\r\u{1B}[2K\(line)\n") }
}
