import Foundation
import Testing
import CPortableMath
@testable import SeqKit

/// PortableMath (Sources/CPortableMath/include/CPortableMath.h) against independent references:
/// Double functions against mpmath (References/math_reference.py → math_reference.json, 11,315
/// points with special values), Float functions against the platform's Double libm on dense
/// grids (a Double result is ~2²⁹ times more precise than a Float ulp, so its last-bit
/// differences between C libraries cannot move these measurements).
@Suite struct PortableMathTests {
    /// The stated bound of each Double function in ulps (measured maximum in the comment).
    static let doubleBounds: [String: (bound: Double, f: @Sendable ([Double]) -> Double)] = [
        "exp": (0.75, { PortableMath.exp($0[0]) }),      // 0.62
        "expm1": (0.75, { PortableMath.expm1($0[0]) }),  // 0.69
        "log": (0.51, { PortableMath.log($0[0]) }),      // 0.500
        "log1p": (0.51, { PortableMath.log1p($0[0]) }),  // 0.497
        "log10": (0.51, { PortableMath.log10($0[0]) }),  // 0.500
        "sin": (0.75, { PortableMath.sin($0[0]) }),      // 0.63
        "cos": (0.75, { PortableMath.cos($0[0]) }),      // 0.54
        "tanh": (2.0, { PortableMath.tanh($0[0]) }),     // 1.82
        "pow": (0.75, { PortableMath.pow($0[0], $0[1]) }), // 0.62
        "atan": (0.75, { PortableMath.atan($0[0]) }),    // 0.67
        "atan2": (1.25, { PortableMath.atan2($0[0], $0[1]) }), // 1.09: atan of a rounded quotient
    ]

    static func hex(_ s: String) -> Double {
        // Python's float.hex(): "0x1.8p+1", "-0x0.0p+0", "inf", "-inf", "nan".
        switch s {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        default: return Double(s)!   // Swift parses hexadecimal floating-point literals exactly
        }
    }

    @Test func doubleFunctionsAgainstMpmath() throws {
        let reference = try loadReference("math_reference.json")
        let functions = try #require(reference["functions"] as? [String: [[String: Any]]])
        #expect(Set(functions.keys) == Set(Self.doubleBounds.keys))
        var checked = 0
        for (name, rows) in functions.sorted(by: { $0.key < $1.key }) {
            let (bound, f) = try #require(Self.doubleBounds[name])
            var worst = (error: 0.0, input: [Double]())
            for row in rows {
                let x = (row["x"] as! [String]).map(Self.hex)
                let y = Self.hex(row["y"] as! String), d = Self.hex(row["d"] as! String)
                let got = f(x)
                checked += 1
                if y.isNaN || y.isInfinite || (y == 0 && d == 0) {
                    // Special values are exact, sign of zero included.
                    #expect(got.isNaN == y.isNaN && (y.isNaN || got.bitPattern == y.bitPattern),
                            "\(name)\(x) = \(got), expected \(y)")
                    continue
                }
                // Error in ulps to a fraction of an ulp: the exact value is y + d.
                let error = ((got - y) - d).magnitude / y.ulp
                if !(error <= worst.error) { worst = (error.isNaN ? .infinity : error, x) }
            }
            #expect(worst.error <= bound, "\(name): \(worst.error) ulp at \(worst.input), bound \(bound)")
        }
        #expect(checked == 11315)
    }

    /// Error of a Float result against a Double reference, in ulps of the Float nearest to it.
    static func ulps(_ got: Float, _ reference: Double) -> Double {
        let ulp = Double(Float(reference).magnitude.ulp)
        return (Double(got) - reference).magnitude / ulp
    }

    /// Every `stride`-th Float in [low, high] (stride 1021: ~2 million points over [−87, 88],
    /// every binade densely covered) plus seeded random points.
    static func floats(_ low: Float, _ high: Float, stride: UInt32 = 1021, random: Int = 100_000) -> [Float] {
        var out: [Float] = []
        var x = low
        while x <= high {
            out.append(x)
            let next = Float(bitPattern: x < 0 ? x.bitPattern &- stride : x.bitPattern &+ stride)
            x = (x < 0 && (next >= 0 || next.isNaN)) ? 0 : next
            if x == 0 { out.append(0); x = Float.leastNonzeroMagnitude }
        }
        var rng = SeededGenerator(seed: 15)
        for _ in 0..<random { out.append(rng.uniform(low, high)) }
        return out
    }

    @Test func floatExpWithinOneUlp() {
        var worst = (0.0, Float(0))
        var clampedDiffers: [Float] = []
        for x in Self.floats(-87, 88) {
            let e = Self.ulps(PortableMath.exp(x), exp(Double(x)))
            if !(e <= worst.0) { worst = (e, x) }
            // The clamped kernel the layers use gives the same bits inside its range.
            if cpm_expf_clamped(x).bitPattern != PortableMath.exp(x).bitPattern { clampedDiffers.append(x) }
        }
        #expect(clampedDiffers.isEmpty, "clamped exp differs at \(clampedDiffers.prefix(5))")
        #expect(worst.0 <= 1.0, "exp: \(worst.0) ulp at \(worst.1)")   // measured 0.93
        // Beyond the clamp: overflow to inf, subnormals, 0.
        #expect(PortableMath.exp(Float(88.8)) == .infinity && PortableMath.exp(Float.infinity) == .infinity)
        #expect(PortableMath.exp(-Float.infinity) == 0 && PortableMath.exp(Float(-110)) == 0)
        #expect(PortableMath.exp(Float.nan).isNaN)
        for x: Float in [-88, -95, -100, -103] {   // subnormal results: within one subnormal ulp
            let r = exp(Double(x))
            #expect((Double(PortableMath.exp(x)) - r).magnitude <= Double(Float.leastNonzeroMagnitude), "exp(\(x))")
        }
        #expect(PortableMath.exp(Float(88.7)).isFinite)
    }

    @Test func floatLogWithinOneUlp() {
        var worst = (0.0, Float(0))
        var xs = Self.floats(Float.leastNonzeroMagnitude, 4, random: 0)
        var x = Float(4)
        while x < Float.greatestFiniteMagnitude / 1.0001 { xs.append(x); x *= 1.0001 }
        for x in xs where x != 1 && x > 0 {
            let e = Self.ulps(PortableMath.log(x), log(Double(x)))
            if !(e <= worst.0) { worst = (e, x) }
        }
        #expect(worst.0 <= 1.0, "log: \(worst.0) ulp at \(worst.1)")   // measured 0.74
        #expect(PortableMath.log(Float(1)) == 0 && PortableMath.log(Float(0)) == -.infinity)
        #expect(PortableMath.log(Float(-1)).isNaN && PortableMath.log(Float.nan).isNaN)
        #expect(PortableMath.log(Float.infinity) == .infinity)
    }

    @Test func floatSigmoidAndTanh() {
        var worstSigmoid = (0.0, Float(0)), worstTanhAbs = (0.0, Float(0)), worstTanhRel = (0.0, Float(0))
        for x in Self.floats(-87, 88, random: 20_000) {
            let s = 1 / (1 + exp(-Double(x))), t = tanh(Double(x))
            let es = Self.ulps(PortableMath.sigmoid(x), s)
            if !(es <= worstSigmoid.0) { worstSigmoid = (es, x) }
            let ta = (Double(PortableMath.tanh(x)) - t).magnitude
            if !(ta <= worstTanhAbs.0) { worstTanhAbs = (ta, x) }
            if x.magnitude >= 0.55 {
                let tr = Self.ulps(PortableMath.tanh(x), t)
                if !(tr <= worstTanhRel.0) { worstTanhRel = (tr, x) }
            }
        }
        #expect(worstSigmoid.0 <= 2.5, "sigmoid: \(worstSigmoid.0) ulp at \(worstSigmoid.1)")          // 2.31
        #expect(worstTanhAbs.0 <= 1e-7, "tanh: |error| \(worstTanhAbs.0) at \(worstTanhAbs.1)")         // 8.9e-8
        #expect(worstTanhRel.0 <= 1.5, "tanh (|x| ≥ 0.55): \(worstTanhRel.0) ulp at \(worstTanhRel.1)") // 1.48
        #expect(PortableMath.tanh(Float(-0.0)).sign == .minus && PortableMath.tanh(Float.infinity) == 1)
        #expect(PortableMath.tanh(-Float.infinity) == -1 && PortableMath.tanh(Float.nan).isNaN)
        #expect(PortableMath.sigmoid(Float(0)) == 0.5 && PortableMath.sigmoid(Float(100)) == 1)
    }

    /// The Swift form SeqKit computed its activations with before CPortableMath, kept here to
    /// prove the C kernel gives the same bits (so the chapters' Float outputs did not move).
    static func legacyExp(_ input: Float) -> Float {
        let x = min(max(input, -87), 88)
        let t = x * 1.44269504088896341 + 12_582_912
        let n = t - 12_582_912
        let r = x - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * (r * r) + r + 1
        let twoToN = Float(bitPattern: (t.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
        return er * twoToN
    }

    @Test func activationKernelsKeepTheirBits() {
        var differ: [Float] = []
        for x in Self.floats(-120, 120, stride: 4093, random: 10_000) + [.infinity, -.infinity] {
            let m = Self.legacyExp(-2 * x.magnitude)
            if fastExp(x).bitPattern != Self.legacyExp(x).bitPattern
                || fastSigmoid(x).bitPattern != (1 / (1 + Self.legacyExp(-x))).bitPattern
                || fastTanh(x).bitPattern != Float(signOf: x, magnitudeOf: (1 - m) / (1 + m)).bitPattern {
                differ.append(x)
            }
        }
        #expect(differ.isEmpty, "exp/σ/tanh kernels changed bits at \(differ.prefix(5))")
    }

    /// Values whose bits are pinned: any change to the arithmetic (a compiler that fused a·b + c,
    /// a different constant) shows here first, on every platform.
    @Test func pinnedBits() {
        #expect(PortableMath.exp(1.0).bitPattern == 0x4005_BF0A_8B14_5769)      // e, correctly rounded
        #expect(PortableMath.log(10.0).bitPattern == 0x4002_6BB1_BBB5_5516)
        #expect(PortableMath.sin(1.0).bitPattern == 0x3FEA_ED54_8F09_0CEE)
        #expect(PortableMath.cos(1.0).bitPattern == 0x3FE1_4A28_0FB5_068C)
        #expect(PortableMath.pow(10000, 0.25) == 10)
        #expect(PortableMath.log10(1000) == 3 && PortableMath.log10(1e-300) == -300)
        #expect(PortableMath.pow(-3, 2) == 9 && PortableMath.pow(-2, 3) == -8)
    }
}
