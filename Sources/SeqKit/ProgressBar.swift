// The terminal progress bar of `fit`. It writes to standard error and only when standard output
// is a terminal, so a program whose output is captured (the book's verification) never sees it.
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

final class ProgressBar {
    private let total: Int
    private var prefix = ""

    init(total: Int) { self.total = total }

    static var standardOutputIsTerminal: Bool { isatty(1) != 0 }

    private func write(_ s: String) {
        // write(2) on the descriptor: unbuffered, and no shared C `FILE*` global.
        var bytes = Array(s.utf8)
        _ = bytes.withUnsafeMutableBytes { systemWrite(2, $0.baseAddress, $0.count) }
    }

    func start(epoch: Int, of epochs: Int) {
        prefix = "Epoch \(epoch)/\(epochs) "
        advance(to: 0, loss: nil)
    }

    func advance(to done: Int, loss: Float?) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
        write("\r\(prefix)\(done)/\(total) \(bar)" + (loss.map { " loss \(fixed($0))" } ?? ""))
    }

    func finish(_ line: String) { write("\r\u{1B}[2K\(line)\n") }
}
