import Foundation

/// How a program run ended.
public enum Termination: Hashable, Sendable {
    case exited(Int32)
    case signaled(Int32)
    /// Killed by us after running longer than the limit (seconds).
    case timedOut(Double)

    public var isSuccess: Bool { self == .exited(0) }
}

/// Everything a program run produced.
public struct RunResult: Sendable {
    public var stdout: String
    public var stderr: String
    public var termination: Termination
    public var seconds: Double

    public init(stdout: String, stderr: String, termination: Termination, seconds: Double) {
        self.stdout = stdout
        self.stderr = stderr
        self.termination = termination
        self.seconds = seconds
    }
}

/// Runs a program with a time limit and collects its output.
public enum ProcessRunner {
    public static func run(
        _ executable: URL,
        arguments: [String] = [],
        environment: [String: String] = [:],
        currentDirectory: URL? = nil,
        timeout: Double
    ) throws -> RunResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice

        let collected = Collected()
        let readers = DispatchGroup()
        for (pipe, isStdout) in [(stdoutPipe, true), (stderrPipe, false)] {
            readers.enter()
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread {
                let data = handle.readDataToEndOfFile()
                collected.set(data, stdout: isStdout)
                readers.leave()
            }
        }
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let started = Date()
        try process.run()
        // The parent's copies of the write ends must close, or the readers never see EOF.
        try? stdoutPipe.fileHandleForWriting.close()
        try? stderrPipe.fileHandleForWriting.close()

        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        let seconds = Date().timeIntervalSince(started)
        // A killed program's own children could keep the pipes open; do not wait for them forever.
        _ = readers.wait(timeout: .now() + 5)

        let termination: Termination
        if timedOut {
            termination = .timedOut(timeout)
        } else if process.terminationReason == .uncaughtSignal {
            termination = .signaled(process.terminationStatus)
        } else {
            termination = .exited(process.terminationStatus)
        }
        let (out, err) = collected.get()
        return RunResult(
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self),
            termination: termination,
            seconds: seconds
        )
    }
}

/// Output gathered by the reader threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func set(_ data: Data, stdout: Bool) {
        lock.lock(); defer { lock.unlock() }
        if stdout { out = data } else { err = data }
    }

    func get() -> (Data, Data) {
        lock.lock(); defer { lock.unlock() }
        return (out, err)
    }
}

/// The conventional name of a signal number, for messages.
public func signalName(_ number: Int32) -> String {
    switch number {
    case SIGILL: return "SIGILL"
    case SIGTRAP: return "SIGTRAP"
    case SIGABRT: return "SIGABRT"
    case SIGBUS: return "SIGBUS"
    case SIGFPE: return "SIGFPE"
    case SIGKILL: return "SIGKILL"
    case SIGSEGV: return "SIGSEGV"
    case SIGTERM: return "SIGTERM"
    default: return "signal \(number)"
    }
}
