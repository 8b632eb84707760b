/// The info string of a fenced code block: a language word, then attributes.
///
/// Attributes are `name` or `name=value`, where a value with spaces is written in double quotes
/// (`traps="Index out of range"`, with `\"` and `\\` as escapes inside quotes).
public struct InfoString: Hashable, Sendable {
    public var language: String
    public var attributes: [Attribute]

    public struct Attribute: Hashable, Sendable {
        public var name: String
        /// `nil` for a bare flag such as `setup`.
        public var value: String?
        public init(name: String, value: String?) { self.name = name; self.value = value }
    }

    public init(language: String, attributes: [Attribute] = []) {
        self.language = language
        self.attributes = attributes
    }

    /// The attribute called `name`, if present.
    public func attribute(_ name: String) -> Attribute? {
        attributes.first { $0.name == name }
    }

    /// Parses `text`; the error message says what is wrong (the caller knows the line).
    public init(parsing text: String) throws(InfoStringError) {
        var scalars = Array(text.unicodeScalars)[...]
        func skipSpaces() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        func word() -> String {
            var result = ""
            while let first = scalars.first, first != " ", first != "\t", first != "=" {
                result.unicodeScalars.append(first)
                scalars.removeFirst()
            }
            return result
        }
        skipSpaces()
        language = word()
        attributes = []
        while true {
            skipSpaces()
            guard !scalars.isEmpty else { break }
            let name = word()
            guard !name.isEmpty else { throw InfoStringError(message: "expected an attribute name before '='") }
            guard attribute(name) == nil else { throw InfoStringError(message: "attribute '\(name)' is given twice") }
            guard scalars.first == "=" else {
                attributes.append(Attribute(name: name, value: nil))
                continue
            }
            scalars.removeFirst()
            if scalars.first == "\"" {
                scalars.removeFirst()
                var value = ""
                var closed = false
                while let next = scalars.popFirst() {
                    if next == "\"" { closed = true; break }
                    if next == "\\", let escaped = scalars.popFirst() {
                        value.unicodeScalars.append(escaped)
                    } else {
                        value.unicodeScalars.append(next)
                    }
                }
                guard closed else { throw InfoStringError(message: "attribute '\(name)' has an unterminated quoted value") }
                attributes.append(Attribute(name: name, value: value))
            } else {
                let value = word()
                guard !value.isEmpty else { throw InfoStringError(message: "attribute '\(name)' has an empty value") }
                attributes.append(Attribute(name: name, value: value))
            }
        }
    }
}

public struct InfoStringError: Error, Sendable, Equatable {
    public var message: String
}
