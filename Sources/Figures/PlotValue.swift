/// A number a figure can plot: `Double`, `Float` and the integer types, so chapters pass their
/// arrays as they are (`[Float]` losses, `[Int]` epochs, `1...20`).
public protocol PlotValue {
    /// The value as a `Double`.
    var plotValue: Double { get }
}

extension Double: PlotValue { public var plotValue: Double { self } }
extension Float: PlotValue { public var plotValue: Double { Double(self) } }
extension Int: PlotValue { public var plotValue: Double { Double(self) } }
extension Int32: PlotValue { public var plotValue: Double { Double(self) } }
extension Int64: PlotValue { public var plotValue: Double { Double(self) } }
extension UInt: PlotValue { public var plotValue: Double { Double(self) } }
