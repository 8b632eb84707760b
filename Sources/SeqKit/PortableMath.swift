// SeqKit's elementary functions: the same bits on every CPU, C library and build.
//
// Every function forwards to Sources/CPortableMath/include/CPortableMath.h (methods, constants
// and ulp bounds are written there and checked by Tests/SeqKitTests/PortableMathTests.swift).
// The platform's libm is not used for anything SeqKit trains or prints: glibc, musl and Apple's
// libm differ in the last bit, and training magnifies such a bit into printed digits.
//
// Why a namespace and not free functions `exp`, `log`, …: a free `exp(_: Double)` in SeqKit is
// *ambiguous* with Glibc's/Darwin's in every file that imports both Foundation and SeqKit
// (measured with Swift 6.3: Swift prefers SeqKit's declaration only when the C library is
// visible solely through SeqKit, never when the file imports Foundation itself). Declarations
// in the calling module itself always win, so the chapters get one-line forwarding functions
// in their own target (Sources/Chapters/<name>/Chapter.swift) and call plain `exp(x)`.
import CPortableMath

/// Deterministic elementary functions for `Double` and `Float`.
///
/// `PortableMath.exp(x)` and friends give bit-identical results on every platform: they are
/// built from correctly rounded IEEE operations only (no libm, no fused multiply-add).
/// Accuracy (measured against mpmath, checked by the tests): `exp`, `expm1`, `sin`, `cos`, `pow`
/// ≤ 0.75 ulp; `log`, `log1p`, `log10` ≤ 0.51 ulp; `tanh` ≤ 2 ulp. Caveat: `sin`/`cos` are
/// accurate for |x| ≤ 2²⁰·π/2 ≈ 1.6e6 only; beyond, they stay deterministic but lose accuracy.
public enum PortableMath {
    /// eˣ. Overflows to +inf above ≈ 709.78, underflows through subnormals to 0 below ≈ −745.1.
    @inlinable public static func exp(_ x: Double) -> Double { cpm_exp(x) }
    /// eˣ − 1, accurate for x near 0.
    @inlinable public static func expm1(_ x: Double) -> Double { cpm_expm1(x) }
    /// ln x; ln 0 = −inf, ln(x < 0) = NaN.
    @inlinable public static func log(_ x: Double) -> Double { cpm_log(x) }
    /// ln(1 + x), accurate for x near 0.
    @inlinable public static func log1p(_ x: Double) -> Double { cpm_log1p(x) }
    /// log₁₀ x; exact powers of ten give exact integers.
    @inlinable public static func log10(_ x: Double) -> Double { cpm_log10(x) }
    /// sin x (radians); accurate for |x| ≤ 1.6e6, deterministic everywhere.
    @inlinable public static func sin(_ x: Double) -> Double { cpm_sin(x) }
    /// cos x (radians); accurate for |x| ≤ 1.6e6, deterministic everywhere.
    @inlinable public static func cos(_ x: Double) -> Double { cpm_cos(x) }
    /// tanh x.
    @inlinable public static func tanh(_ x: Double) -> Double { cpm_tanh(x) }
    /// atan x (radians), in [−π/2, π/2].
    @inlinable public static func atan(_ x: Double) -> Double { cpm_atan(x) }
    /// atan2(y, x): the angle of the point (x, y), in (−π, π], with C99's special cases.
    @inlinable public static func atan2(_ y: Double, _ x: Double) -> Double { cpm_atan2(y, x) }
    /// xʸ with C99's special cases; negative x only for integer y.
    ///
    /// Computed as e^(y·ln x) in double-double; `pow(x, 2)` is exactly `x * x`.
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { cpm_pow(x, y) }

    /// eˣ in Float (Cephes scheme, ≤ 2 ulp on normal results; inf above ≈ 88.72).
    @inlinable public static func exp(_ x: Float) -> Float { cpm_expf(x) }
    /// ln x in Float (≤ 2 ulp).
    @inlinable public static func log(_ x: Float) -> Float { cpm_logf(x) }
    /// tanh x in Float: σ-style form with absolute error ≈ 1 ulp of 1 near 0.
    @inlinable public static func tanh(_ x: Float) -> Float { cpm_tanhf(x) }
    /// σ(x) = 1 / (1 + e^(−x)) in Float, the arithmetic of SeqKit's sigmoid layers.
    @inlinable public static func sigmoid(_ x: Float) -> Float { cpm_sigmoidf(x) }
}
