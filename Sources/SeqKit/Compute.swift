// Which matrix-multiply kernel and how many threads SeqKit uses. None of this changes a result:
// every kernel and thread count computes the same bits (see Matmul.swift). It exists so tests
// and CI can force each path, and so a benchmark can say which one it measured.

import CSeqKitKernels

/// SeqKit's compute settings: the matrix-multiply kernel and the thread count.
///
/// Defaults come from the environment, read once at first use:
/// `SEQKIT_KERNEL=auto|avx512|avx2|neon|portable` (default `auto`: the best kernel this CPU
/// runs) and `SEQKIT_THREADS=1|2` (default 2 when the machine has at least two cores). A
/// kernel the CPU lacks, or an unknown value, stops the program with a message (exit status 2).
///
/// Caveat: the settings are process-wide; `withSettings` overrides them for one thread only,
/// which is what tests running in parallel need.
public enum SeqKitCompute {
    /// A matrix-multiply kernel.
    public enum Kernel: String, CaseIterable, Sendable {
        /// The best kernel this CPU supports (AVX-512F, then AVX2+FMA, then NEON, then portable).
        case auto
        /// x86-64 AVX-512F: 6×32 register tiles of 16-lane vectors.
        case avx512
        /// x86-64 AVX2 + FMA3: 6×16 tiles of 8-lane vectors.
        case avx2
        /// aarch64 NEON: 6×16 tiles of 4-lane vectors.
        case neon
        /// Any CPU: generic 4-lane vectors with a correctly rounded fma (the C library's `fmaf`
        /// where the CPU has no FMA instruction, which is slow but gives the same bits).
        case portable

        var code: Int32 {
            switch self {
            case .auto: Int32(SK_KERNEL_AUTO)
            case .avx512: Int32(SK_KERNEL_AVX512)
            case .avx2: Int32(SK_KERNEL_AVX2)
            case .neon: Int32(SK_KERNEL_NEON)
            case .portable: Int32(SK_KERNEL_PORTABLE)
            }
        }

        init(code: Int32) {
            self = Kernel.allCases.first { $0.code == code } ?? .portable
        }

        /// Whether this CPU can run the kernel (`auto` always can).
        public var isSupported: Bool { sk_kernel_supported(code) != 0 }
    }

    /// Why a setting was refused.
    public enum SettingError: Error, Equatable, CustomStringConvertible {
        /// The CPU cannot run this kernel (e.g. `avx512` on a CPU without AVX-512F).
        case unsupportedKernel(Kernel, supported: [Kernel])
        /// Thread counts are 1 or 2.
        case invalidThreadCount(Int)

        /// The refusal as one line, naming the rule and the value: the kernel and the kernels this
        /// CPU supports, or the thread count given.
        public var description: String {
            switch self {
            case let .unsupportedKernel(k, supported):
                "SeqKitCompute: this CPU cannot run the \(k.rawValue) kernel; it supports \(supported.map(\.rawValue).joined(separator: ", "))"
            case let .invalidThreadCount(n):
                "SeqKitCompute: thread count must be 1 or 2, got \(n)"
            }
        }
    }

    /// The kernels this CPU can run, best first, without `auto`.
    public static var supportedKernels: [Kernel] {
        [.avx512, .avx2, .neon, .portable].filter(\.isSupported)
    }

    /// The concrete kernel (never `auto`) that a product started now on this thread uses.
    public static var kernel: Kernel { Kernel(code: sk_kernel_in_use()) }

    /// Name of the kernel in use (`"avx2"`, …), for benchmark output.
    public static var kernelName: String { String(cString: sk_kernel_name(sk_kernel_in_use())) }

    /// The thread count (1 or 2) that a product started now on this thread uses.
    public static var threads: Int { Int(sk_threads_in_use()) }

    /// Sets the process-wide kernel and/or thread count (nil leaves a setting as it is).
    ///
    /// Throws `SettingError` and changes nothing when the CPU lacks the kernel or the count is
    /// not 1 or 2.
    public static func configure(kernel: Kernel? = nil, threads: Int? = nil) throws(SettingError) {
        try validate(kernel: kernel, threads: threads)
        if let kernel { _ = sk_set_kernel(kernel.code) }
        if let threads { _ = sk_set_threads(Int32(threads)) }
    }

    /// Runs `body` with this kernel and thread count on the calling thread only, then removes
    /// the override (the thread follows the process-wide settings again; calls do not nest).
    ///
    /// Throws `SettingError` (without running `body`) for a kernel the CPU lacks or a count
    /// other than 1 or 2. Products that `body` hands to other threads use those threads' settings.
    public static func withSettings<R>(kernel: Kernel, threads: Int, _ body: () throws -> R) throws -> R {
        try validate(kernel: kernel, threads: threads)
        _ = sk_set_thread_override(kernel.code, Int32(threads))
        defer { _ = sk_set_thread_override(-1, 0) }
        return try body()
    }

    private static func validate(kernel: Kernel?, threads: Int?) throws(SettingError) {
        if let kernel, !kernel.isSupported { throw .unsupportedKernel(kernel, supported: supportedKernels) }
        if let threads, threads != 1 && threads != 2 { throw .invalidThreadCount(threads) }
    }
}

/// The closure `inHalves` hands to the C worker, and the count it splits.
private final class Halves {
    let count: Int
    let body: (Range<Int>, Int) -> Void
    init(count: Int, body: @escaping (Range<Int>, Int) -> Void) {
        self.count = count
        self.body = body
    }
}

/// Runs `body(range, part)` for `0 ..< ⌈count/2⌉` (part 0, this thread) and the rest (part 1,
/// SeqKit's worker thread) at the same time when two threads are in use, `count ≥ 2` and the
/// work is worth waking the worker for (`multiplyAdds` ≥ 256 k, as for the LSTM recurrence's
/// split); else `body(0 ..< count, 0)` here. For batches of independent sequences: the two
/// calls must write disjoint memory, and may use their part number to pick their own scratch.
/// Each part's products run on one thread with this thread's kernel, so every element is the
/// same chain as with one thread and the result the same bits.
func inHalves(_ count: Int, multiplyAdds: Double, _ body: (Range<Int>, Int) -> Void) {
    guard count >= 2, multiplyAdds >= 256 * 1024, sk_threads_in_use() >= 2 else {
        body(0..<count, 0)
        return
    }
    withoutActuallyEscaping(body) { body in
        let halves = Halves(count: count, body: body)
        let ran = withExtendedLifetime(halves) {
            sk_run_halves({ raw, part in
                let halves = Unmanaged<Halves>.fromOpaque(raw!).takeUnretainedValue()
                let half = (halves.count + 1) / 2
                halves.body(part == 0 ? 0..<half : half..<halves.count, Int(part))
            }, Unmanaged.passUnretained(halves).toOpaque())
        }
        if ran == 0 { body(0..<count, 0) }
    }
}
