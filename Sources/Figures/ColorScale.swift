import CPortableMath  // pow with the same bits on every platform (no libm)

/// A continuous colour scale: maps a number in a domain to a fixed sRGB colour.
///
/// Colours are interpolated linearly (in sRGB components) between closely spaced anchors taken
/// from a published palette; with nine anchors the result stays perceptually ordered.
/// Heatmap cells use these fixed colours in both light and dark themes.
public struct ColorScale: Sendable, Equatable {
    /// Anchor colours from low to high, evenly spaced over the domain.
    public let anchors: [RGB]
    /// A short name for the scale, e.g. `"viridis"` or `"blue-red"`.
    public let name: String

    /// A scale interpolating between `anchors`, listed from low to high and spaced evenly over
    /// the domain.
    ///
    /// Needs at least two anchors (stops the program otherwise).
    public init(name: String, anchors: [RGB]) {
        precondition(anchors.count >= 2, "ColorScale: needs at least two anchors, got \(anchors.count)")
        self.name = name
        self.anchors = anchors
    }

    /// Viridis (Stéfan van der Walt and Nathaniel Smith, matplotlib 1.5, 2015): perceptually
    /// uniform, readable in greyscale and with colour-vision deficiencies. Anchors are the nine
    /// evenly spaced colours of `viridisLite::viridis(9)` (R package viridisLite).
    public static let viridis = ColorScale(name: "viridis", anchors: [
        RGB(0x44, 0x01, 0x54), RGB(0x47, 0x2D, 0x7B), RGB(0x3B, 0x52, 0x8B),
        RGB(0x2C, 0x72, 0x8E), RGB(0x21, 0x90, 0x8C), RGB(0x27, 0xAD, 0x81),
        RGB(0x5D, 0xC8, 0x63), RGB(0xAA, 0xDC, 0x32), RGB(0xFD, 0xE7, 0x25),
    ])

    /// A diverging blue–white–red scale for signed values such as tanh outputs or weights
    /// (ColorBrewer "RdBu", 7 classes, reversed so negative is blue; Cynthia Brewer, colorbrewer2.org).
    /// Use it with a domain symmetric around zero, e.g. `-1...1`.
    public static let blueRed = ColorScale(name: "blue-red", anchors: [
        RGB(0x21, 0x66, 0xAC), RGB(0x67, 0xA9, 0xCF), RGB(0xD1, 0xE5, 0xF0),
        RGB(0xF7, 0xF7, 0xF7), RGB(0xFD, 0xDB, 0xC7), RGB(0xEF, 0x8A, 0x62),
        RGB(0xB2, 0x18, 0x2B),
    ])

    /// The colour at `t` in 0...1 (clamped): linear interpolation between the two nearest anchors.
    public func color(at t: Double) -> RGB {
        guard t.isFinite else { return anchors[0] }
        let clamped = min(max(t, 0), 1)
        let position = clamped * Double(anchors.count - 1)
        let lower = min(Int(position), anchors.count - 2)
        let fraction = position - Double(lower)
        return anchors[lower].mixed(with: anchors[lower + 1], fraction: fraction)
    }

    /// The colour of `value` in `domain` (values outside are clamped to the ends).
    public func color(for value: Double, in domain: ClosedRange<Double>) -> RGB {
        let span = domain.upperBound - domain.lowerBound
        return color(at: span > 0 ? (value - domain.lowerBound) / span : 0.5)
    }
}

/// An sRGB colour with 8-bit components.
public struct RGB: Sendable, Equatable, CustomStringConvertible {
    /// The red component, 0–255 (sRGB-encoded, not linear).
    public var red: UInt8
    /// The green component, 0–255 (sRGB-encoded, not linear).
    public var green: UInt8
    /// The blue component, 0–255 (sRGB-encoded, not linear).
    public var blue: UInt8

    /// The colour with these sRGB components, e.g. `RGB(0x44, 0x01, 0x54)`.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`, lower case.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var result = "#"
        for component in [red, green, blue] {
            result.append(digits[Int(component >> 4)])
            result.append(digits[Int(component & 0x0F)])
        }
        return result
    }

    /// The colour as ``hex``: `#rrggbb`, lower case.
    public var description: String { hex }

    /// Relative luminance (WCAG 2 definition), used to pick black or white text on a cell.
    var luminance: Double {
        func linear(_ component: UInt8) -> Double {
            let c = Double(component) / 255
            return c <= 0.04045 ? c / 12.92 : cpm_pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The colour a fraction of the way from `self` to `other`, rounded to the nearest 8-bit value.
    func mixed(with other: RGB, fraction: Double) -> RGB {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * fraction).rounded(.toNearestOrAwayFromZero))
        }
        return RGB(mix(red, other.red), mix(green, other.green), mix(blue, other.blue))
    }
}
