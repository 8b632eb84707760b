// The code of this chapter is generated from chapters/02-rnn.md at build time.

// Portable math for the chapter's own code. A chapter imports Foundation and calls exp, log,
// sin, … on Doubles; declarations in the calling module take precedence over Glibc's/Darwin's,
// so these route every such call to SeqKit's PortableMath (the same bits on every platform).
// All five chapter folders carry this same block; Tests/SeqKitTests/PortableMathShadowingTests
// checks that they agree and that a call really lands here.
import SeqKit

@inline(__always) func exp(_ x: Double) -> Double { PortableMath.exp(x) }
@inline(__always) func expm1(_ x: Double) -> Double { PortableMath.expm1(x) }
@inline(__always) func log(_ x: Double) -> Double { PortableMath.log(x) }
@inline(__always) func log1p(_ x: Double) -> Double { PortableMath.log1p(x) }
@inline(__always) func log10(_ x: Double) -> Double { PortableMath.log10(x) }
@inline(__always) func sin(_ x: Double) -> Double { PortableMath.sin(x) }
@inline(__always) func cos(_ x: Double) -> Double { PortableMath.cos(x) }
@inline(__always) func tanh(_ x: Double) -> Double { PortableMath.tanh(x) }
@inline(__always) func pow(_ x: Double, _ y: Double) -> Double { PortableMath.pow(x, y) }
