// A seeded pseudo-random generator that yields the same stream on every platform.
//
// xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2021),
// its 256-bit state filled from the seed by SplitMix64 (Steele, Lea & Flood 2014), as the
// authors recommend. Only integer arithmetic defines the stream; floats are derived from its
// top bits, and the normal draw uses PortableMath's log and cos, so no platform's libm or
// `SystemRandomNumberGenerator` enters anything verified.

/// Seeded xoshiro256** generator. Conforms to `RandomNumberGenerator`, so it can also drive
/// `shuffled(using:)` — but note that the standard library's algorithms are not promised to stay
/// the same across Swift versions; the library's own code uses `shuffle(_:)` below instead.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose 256-bit state is four successive SplitMix64 outputs from `seed`.
    ///
    /// SplitMix64: `z += 0x9E3779B97F4A7C15`, then `x = (z ^ z>>30)·0xBF58476D1CE4E5B9`,
    /// `x = (x ^ x>>27)·0x94D049BB133111EB`, output `x ^ x>>31` (wrapping arithmetic). Every seed,
    /// 0 included, gives a non-zero state (the mixing step is a bijection, so at most one of
    /// the four words can be 0).
    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 bits of the xoshiro256** stream: `rotl(s₁·5, 7)·9`, then the state advances.
    ///
    /// Integer arithmetic only, so the stream is the same on every platform; the other draws
    /// (``uniformFloat()`` and the rest) are derived from it.
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 24 random bits: every representable multiple of 2⁻²⁴.
    public mutating func uniformFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * uniformFloat()
    }

    /// Standard normal draw (Box–Muller in Double, rounded to Float).
    ///
    /// `log` and `cos` are PortableMath's, so the draw has the same bits on every platform.
    public mutating func normal(mean: Float = 0, standardDeviation: Float = 1) -> Float {
        Float(normalDouble()) * standardDeviation + mean
    }

    /// Standard normal draw in Double.
    public mutating func normalDouble() -> Double {
        // 1 − u lies in (0, 1], so the log is finite.
        let u1 = 1 - uniformDouble()
        let u2 = uniformDouble()
        return (-2 * PortableMath.log(u1)).squareRoot() * PortableMath.cos(2 * Double.pi * u2)
    }

    /// Uniform integer in 0..<n by rejection (no modulo bias); deterministic everywhere.
    public mutating func int(below n: Int) -> Int {
        check(n > 0, "SeededGenerator.int(below:): n must be positive, got \(n)")
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let r = next()
            if r < limit { return Int(r % bound) }
        }
    }

    /// Fisher–Yates shuffle driven only by `int(below:)`.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// A tensor of normal draws.
    public mutating func normalTensor(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in normal(mean: mean, standardDeviation: standardDeviation) })
    }

    /// A tensor of uniform draws in [low, high).
    public mutating func uniformTensor(_ shape: [Int], _ low: Float = 0, _ high: Float = 1) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in uniform(low, high) })
    }
}
