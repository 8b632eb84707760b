import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The parts of an XML document the tests look at, as seen by a real XML parser.
struct ParsedXML {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
    }

    var elements: [Element] = []
    var error: String?

    var ids: [String] { elements.compactMap { $0.attributes["id"] } }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Parses `markup`; `error` is set if it is not well-formed.
    init(_ markup: String) {
        let collector = Collector()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = collector
        if !parser.parse() {
            error = parser.parserError.map { String(describing: $0) } ?? "parse failed"
        }
        elements = collector.elements
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        private var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(name: elementName, attributes: attributeDict))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }
    }
}
