import Foundation

/// Runs blocking work — waiting for a chapter's process, reading a socket — on a thread of its
/// own and suspends until it ends. Swift concurrency has only as many cooperative threads as
/// cores (two here): work that blocks one of them starves every task that needs it, such as an
/// HTTP server in the same process. Use this instead of `Task.detached` for anything that waits.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
