// Argument and shape checks that speak in every build.
//
// `precondition` drops its message in `-O` builds, and SeqKit is always built optimized, so a
// wrong shape used to stop with nothing but "precondition failure". `check` keeps the message:
// it calls `fatalError`, which prints its text in every build except `-Ounchecked`.

/// Stops the program with `message` when `condition` is false.
///
/// Use it for every rule a caller can break (shapes, ranges, arguments). State the rule and
/// the values: `check(a.columns == b.rows, "matmul: inner dimensions differ: \(a.shape) × \(b.shape)")`.
@inline(__always)
func check(_ condition: Bool, _ message: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}
