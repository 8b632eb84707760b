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
    /// Stdout exactly as written, byte for byte.
    public var stdoutBytes: [UInt8]
    public var stderr: String
    public var termination: Termination
    public var seconds: Double

    /// Stdout as text (invalid UTF-8 shown as U+FFFD).
    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }

    public init(stdoutBytes: [UInt8], stderr: String, termination: Termination, seconds: Double) {
        self.stdoutBytes = stdoutBytes
        self.stderr = stderr
        self.termination = termination
        self.seconds = seconds
    }

    public init(stdout: String, stderr: String, termination: Termination, seconds: Double) {
        self.init(stdoutBytes: Array(stdout.utf8), stderr: stderr, termination: termination, seconds: seconds)
    }
}

/// Runs a program with a time limit and collects its output.
///
/// The program runs in a process group of its own. When it ends, or when it runs past the time
/// limit, the whole group is killed, so children it started do not outlive it; output is read
/// as it arrives, so whatever was written before is kept even when a child that escaped the
/// group holds stdout open (reading then stops `graceSeconds` after the program ended).
public enum ProcessRunner {
    public static let graceSeconds = 2.0

    /// - Parameters:
    ///   - removingEnvironment: variables of this process's environment not to pass on.
    ///   - channel: bytes the program can read on file descriptor 3 (then end of file).
    public static func run(
        _ executable: URL,
        arguments: [String] = [],
        environment: [String: String] = [:],
        removingEnvironment: [String] = [],
        currentDirectory: URL? = nil,
        timeout: Double,
        channel: [UInt8]? = nil
    ) throws -> RunResult {
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in removingEnvironment where environment[name] == nil { variables[name] = nil }

        let output = try Pipe2(), errors = try Pipe2()
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw failure("cannot open /dev/null") }
        var descriptors: [(source: Int32, target: Int32)] = [(null, 0), (output.write, 1), (errors.write, 2)]
        var channelPipe: Pipe2?
        if let channel {
            let pipe = try Pipe2()
            channelPipe = pipe
            // The message is small (a key and a path), far below a pipe's buffer: write it all now.
            var offset = 0
            while offset < channel.count {
                let written = channel[offset...].withUnsafeBytes { Foundation.write(pipe.write, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw failure("cannot write the channel") }
                offset += written
            }
            close(pipe.write)
            descriptors.append((pipe.read, 3))
        }
        defer {
            close(null); close(output.write); close(errors.write)
            if let channelPipe { close(channelPipe.read) }
        }

        let started = Date()
        let pid = try spawn(executable.path, arguments: arguments, environment: variables, descriptors: descriptors, directory: currentDirectory?.path)
        // The parent's copies of the write ends must close, or the reads never see end of file.
        close(output.write); close(errors.write)
        output.write = -1; errors.write = -1

        var out: [UInt8] = [], err: [UInt8] = []
        var open: [(fd: Int32, isStdout: Bool)] = [(output.read, true), (errors.read, false)]
        var status: Int32 = 0
        var exited = false, timedOut = false
        var stopReadingAt: Date?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if !exited, hasExited(pid) {
                // Kill what the program left behind while its group id is still reserved
                // (the program is a zombie until reaped), then reap it.
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0, errno == EINTR {}
                exited = true
                stopReadingAt = Date().addingTimeInterval(graceSeconds)
            }
            if !exited, !timedOut, Date().timeIntervalSince(started) >= timeout {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            if exited, open.isEmpty { break }
            if let stopReadingAt, Date() >= stopReadingAt { break }

            var polled = open.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), 20)
            if ready < 0, errno != EINTR { throw failure("poll failed") }
            guard ready > 0 else { continue }
            var closed: [Int32] = []
            for (index, entry) in polled.enumerated() where entry.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if open[index].isStdout { out += buffer[..<count] } else { err += buffer[..<count] }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    closed.append(entry.fd)
                }
            }
            open.removeAll { closed.contains($0.fd) }
        }
        close(output.read); close(errors.read)
        let seconds = Date().timeIntervalSince(started)

        let termination: Termination
        if timedOut {
            termination = .timedOut(timeout)
        } else if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            termination = .signaled(status & 0x7f)
        }
        return RunResult(stdoutBytes: out, stderr: String(decoding: err, as: UTF8.self), termination: termination, seconds: seconds)
    }

    /// Whether `pid` has ended, without reaping it.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return false }
        #if canImport(Glibc)
        return info._sifields._sigchld.si_pid == pid
        #else
        return info.si_pid == pid
        #endif
    }

    /// posix_spawn in a new process group, with default signal handling and an empty signal
    /// mask, the given descriptors in place and every other descriptor closed.
    private static func spawn(_ path: String, arguments: [String], environment: [String: String], descriptors: [(source: Int32, target: Int32)], directory: String?) throws -> pid_t {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // Every source descriptor is close-on-exec and at 10 or above, so dup2 onto 0…3 always
        // makes a fresh, inherited copy and nothing else leaks into the program.
        var high: [Int32] = []
        defer { high.forEach { close($0) } }
        for (source, target) in descriptors {
            let copy = fcntl(source, F_DUPFD_CLOEXEC, 10)
            guard copy >= 0 else { throw failure("cannot duplicate a descriptor") }
            high.append(copy)
            posix_spawn_file_actions_adddup2(&actions, copy, target)
        }
        if let directory {
            guard let addChdir = addChdirAction else { throw WorkbookError("cannot run \(path) in \(directory): this C library has no posix_spawn_file_actions_addchdir_np") }
            addChdir(&actions, directory)
        }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw WorkbookError("cannot run \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// glibc (2.29 and later) and macOS (10.15 and later) have it, but Swift's Glibc module does
    /// not show it: look it up by name.
    #if canImport(Glibc)
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    #else
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t?>, UnsafePointer<CChar>) -> Int32
    #endif
    nonisolated(unsafe) private static let addChdirAction: AddChdir? = {
        // RTLD_DEFAULT: 0 in glibc, -2 on Darwin.
        #if canImport(Glibc)
        let everywhere: UnsafeMutableRawPointer? = nil
        #else
        let everywhere = UnsafeMutableRawPointer(bitPattern: -2)
        #endif
        guard let symbol = dlsym(everywhere, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private static func failure(_ what: String) -> WorkbookError {
        WorkbookError("\(what): \(String(cString: strerror(errno)))")
    }
}

/// A pipe whose two ends are close-on-exec.
private final class Pipe2 {
    var read: Int32
    var write: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw WorkbookError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        read = ends[0]
        write = ends[1]
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
