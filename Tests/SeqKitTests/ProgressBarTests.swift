#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SeqKit

/// The progress bar draws on a terminal and nowhere else: checked on a real pseudo-terminal
/// and on a pipe, byte for byte.
@Suite("Progress bar")
struct ProgressBarTests {
    #if canImport(Glibc)
    // Glibc's Swift module leaves out the X/Open pseudo-terminal calls; libc has them.
    func libc<F>(_ name: String, as: F.Type) throws -> F {
        unsafeBitCast(try #require(dlsym(nil, name)), to: F.self)
    }
    var posix_openpt: @convention(c) (Int32) -> Int32 { get throws { try libc("posix_openpt", as: (@convention(c) (Int32) -> Int32).self) } }
    var grantpt: @convention(c) (Int32) -> Int32 { get throws { try libc("grantpt", as: (@convention(c) (Int32) -> Int32).self) } }
    var unlockpt: @convention(c) (Int32) -> Int32 { get throws { try libc("unlockpt", as: (@convention(c) (Int32) -> Int32).self) } }
    var ptsname: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>? { get throws { try libc("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self) } }
    #endif

    /// A pseudo-terminal in raw mode (no newline translation): (controller, terminal).
    func pseudoTerminal() throws -> (Int32, Int32) {
        let controller = try posix_openpt(O_RDWR | O_NOCTTY)
        try #require(controller >= 0 && (try grantpt(controller)) == 0 && (try unlockpt(controller)) == 0)
        let name = try #require(try ptsname(controller))
        let terminal = open(name, O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        var mode = termios()
        tcgetattr(terminal, &mode)
        cfmakeraw(&mode)
        tcsetattr(terminal, TCSANOW, &mode)
        return (controller, terminal)
    }

    /// What arrives on `fd`: read until `complete` holds for the text so far (at most 10 s), then
    /// whatever else arrives within 50 ms, so surplus output still fails the test. A
    /// pseudo-terminal hands written bytes on to its controller asynchronously: read at once,
    /// without waiting, the controller was sometimes still empty (seen in CI under load).
    func drain(_ fd: Int32, until complete: (String) -> Bool = { _ in true }) -> String {
        var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
        func text() -> String { String(decoding: bytes, as: UTF8.self) }
        /// Waits up to `ms` for input and reads it; false if none came.
        func readSome(waiting ms: Int32) -> Bool {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, ms) > 0 else { return false }
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { return false }
            bytes += buffer[0..<n]
            return true
        }
        var waited = 0
        while !complete(text()) && waited < 100 {
            if !readSome(waiting: 100) { waited += 1 }
        }
        while readSome(waiting: 50) {}
        return text()
    }

    @Test func onATerminalItRedrawsOneLineInPlace() throws {
        let (controller, terminal) = try pseudoTerminal()
        defer { close(controller); close(terminal) }
        let bar = ProgressBar(total: 4, label: "GPT", fileDescriptor: terminal)
        #expect(bar.isDrawn)
        bar.update(1, loss: 2.5)
        bar.update(4, loss: 1.25)
        bar.finish()
        let clear = "\r\u{1B}[2K"
        let seven = String(repeating: "━", count: 7) + String(repeating: "─", count: 23)
        let full = String(repeating: "━", count: 30)
        #expect(drain(controller, until: { $0.hasSuffix("\n") }) == clear + "GPT 1/4 \(seven) loss 2.5000"
                + clear + "GPT 4/4 \(full) loss 1.2500"
                + clear + "GPT 4/4 \(full) loss 1.2500\n")
    }

    @Test func fitDrawsEpochLinesOnlyOnATerminal() throws {
        let (controller, terminal) = try pseudoTerminal()
        defer { close(controller); close(terminal) }
        let m = Sequential(seed: 1, inputShape: [1]) { Dense(1) }
        m.progressFileDescriptor = terminal
        m.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let x = Tensor(shape: [4, 1], scalars: [0, 1, 2, 3])
        m.fit(x, x, epochs: 2, batchSize: 2)
        let drawn = drain(controller, until: { $0.filter { $0 == "\n" }.count >= 2 })
        // Each epoch: an empty bar, one redraw per batch, then the epoch's summary line.
        #expect(drawn.components(separatedBy: "\r\u{1B}[2KEpoch 1/2 0/2 ").count == 2)
        #expect(drawn.components(separatedBy: "\r\u{1B}[2KEpoch 2/2 2/2 ").count == 2)
        #expect(drawn.hasSuffix("\n") && drawn.components(separatedBy: "\n").count == 3)
        #expect(drawn.contains("\r\u{1B}[2Kepoch 2/2  loss "))
    }

    @Test func onAPipeItWritesNothing() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let bar = ProgressBar(total: 2, fileDescriptor: fds[1])
        #expect(!bar.isDrawn)
        bar.update(1, loss: 1)
        bar.finish("done")
        #expect(drain(fds[0]) == "")
    }
}
