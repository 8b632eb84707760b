// The terminal progress bar of `fit`, and of any training loop a program writes itself. It
// draws only when its file descriptor (standard error by default) is a terminal: never into
// standard output, piped or not, and never into a program's captured output (the book's
// verifier reads stderr through a pipe, so no bar is drawn there).
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

/// A one-line progress bar, `char-LSTM 120/500 ━━━━━━━─────────────── loss 2.4121`, redrawn in
/// place on a terminal (Keras' `Progbar`).
///
/// `fit` draws one per epoch when its `verbose` is ``Verbosity/auto``. A hand-written loop
/// makes its own:
///
/// ```swift
/// let bar = ProgressBar(total: steps, label: "GPT")
/// for step in 1...steps {
///     let loss = model.trainStep(x, y)
///     bar.update(step, loss: loss)
/// }
/// bar.finish()
/// ```
///
/// The bar writes with `write(2)` to `fileDescriptor` and only when that descriptor is a
/// terminal (``isDrawn``); otherwise every call does nothing. Standard output never gets a
/// byte of it, so a program's verified output is the same with or without a terminal.
public final class ProgressBar {
    /// Steps (batches) that make the bar full.
    public let total: Int
    /// Text before the counts, for example `"Epoch 3/20"` or a model's name.
    public var label: String
    /// Whether the bar is drawn: its file descriptor is a terminal (`isatty`).
    public let isDrawn: Bool
    private let fileDescriptor: Int32
    private var done = 0
    private var loss: Float?

    /// A bar for `total` steps, drawn on `fileDescriptor` (standard error unless told) when it
    /// is a terminal.
    public init(total: Int, label: String = "", fileDescriptor: Int32 = 2) {
        check(total >= 0, "ProgressBar: total must not be negative, got \(total)")
        self.total = total
        self.label = label
        self.fileDescriptor = fileDescriptor
        self.isDrawn = isatty(fileDescriptor) != 0
    }

    private func write(_ s: String) {
        // write(2) on the descriptor: unbuffered, and no shared C `FILE*` global.
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { systemWrite(fileDescriptor, $0.baseAddress, $0.count) }
    }

    /// The line as drawn: label, counts, 30 cells and the loss, if any, with four decimals.
    var line: String {
        let width = 30
        let filled = total == 0 ? width : min(done, total) * width / total
        let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
        return (label.isEmpty ? "" : label + " ") + "\(done)/\(total) \(bar)"
            + (loss.map { " loss \(fixed($0))" } ?? "")
    }

    /// Redraws the line with `done` of ``total`` steps filled and the loss, if given.
    public func update(_ done: Int, loss: Float? = nil) {
        guard isDrawn else { return }           // no line is built for a pipe
        self.done = done
        self.loss = loss
        write("\r\u{1B}[2K" + line)
    }

    /// Ends the bar's line: the bar as it stands, or `summary` in its place.
    public func finish(_ summary: String? = nil) {
        guard isDrawn else { return }
        write("\r\u{1B}[2K" + (summary ?? line) + "\n")
    }
}
