/// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed hash
/// built to authenticate short messages. The verifier uses it as a MAC on each marker, so that
/// only a holder of the run's key can write a marker the verifier accepts.
///
/// Checked against the paper's test vector (key 00…0f, message 00…0e → 0xa129ca6149be45e5).
public struct SipHash24: Sendable {
    private let k0: UInt64
    private let k1: UInt64

    /// `key` must hold 16 bytes (read little-endian as two 64-bit words, as in the paper).
    public init(key: [UInt8]) {
        precondition(key.count == 16, "SipHash24: the key must be 16 bytes, got \(key.count)")
        var a: UInt64 = 0, b: UInt64 = 0
        for i in 0..<8 {
            a |= UInt64(key[i]) << (8 * UInt64(i))
            b |= UInt64(key[8 + i]) << (8 * UInt64(i))
        }
        k0 = a
        k1 = b
    }

    public func hash(_ message: [UInt8]) -> UInt64 {
        var v0: UInt64 = 0x736f6d6570736575 ^ k0
        var v1: UInt64 = 0x646f72616e646f6d ^ k1
        var v2: UInt64 = 0x6c7967656e657261 ^ k0
        var v3: UInt64 = 0x7465646279746573 ^ k1
        func round() {
            v0 &+= v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
            v2 &+= v3; v3 = rotl(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotl(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
        }
        let whole = message.count / 8 * 8
        var i = 0
        while i < whole {
            var m: UInt64 = 0
            for j in 0..<8 { m |= UInt64(message[i + j]) << (8 * UInt64(j)) }
            v3 ^= m
            round(); round()
            v0 ^= m
            i += 8
        }
        // The last block: the remaining bytes, with the message length in the top byte.
        var last = UInt64(truncatingIfNeeded: message.count) << 56
        for j in 0..<(message.count - whole) { last |= UInt64(message[whole + j]) << (8 * UInt64(j)) }
        v3 ^= last
        round(); round()
        v0 ^= last
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    private func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
}
