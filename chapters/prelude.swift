// Compiled ahead of every chapter's snippets (chapters/README.md, "A prelude for every chapter").
//
// The same bits on every machine: a chapter imports Foundation and calls exp, log, sin, … on
// Doubles, and the C libraries of Linux and macOS differ in the last bit of those. A declaration
// in the chapter's own module takes precedence over Glibc's and Darwin's (a free function in
// SeqKit would be ambiguous with them), so these forwarders route every such call to SeqKit's
// PortableMath. Tests/ChapterMathTests compiles this very file (through a symbolic link) and
// checks that the calls land there.
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
@inline(__always) func atan(_ x: Double) -> Double { PortableMath.atan(x) }
@inline(__always) func atan2(_ y: Double, _ x: Double) -> Double { PortableMath.atan2(y, x) }
