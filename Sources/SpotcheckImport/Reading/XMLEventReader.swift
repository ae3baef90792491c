import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal SAX wrapper over Foundation's `XMLParser` for the XLSX parts.
///
/// XMLCoder would need a Codable model of every part and loads the whole tree;
/// sheets can hold a million rows, so a streaming callback reader is both
/// smaller and faster. Element names are reported without namespace prefix
/// (some generators write `x:c` instead of `c`).
final class XMLEventReader: NSObject, XMLParserDelegate {
    enum Event {
        case start(name: String, attributes: [String: String])
        case text(String)
        case end(name: String)
    }

    private let handler: (Event) -> Void
    private var failure: (any Error)?

    private init(handler: @escaping (Event) -> Void) {
        self.handler = handler
    }

    /// Parses `data`, calling `handler` for each event in document order.
    static func parse(_ data: Data, handler: @escaping (Event) -> Void) throws(ImportFileError) {
        let reader = XMLEventReader(handler: handler)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse() else {
            let detail = (reader.failure ?? parser.parserError).map { "\($0)" } ?? "XML 格式错误"
            throw .invalidWorkbook(detail)
        }
    }

    private static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        handler(.start(name: Self.localName(elementName), attributes: attributeDict))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        handler(.text(string))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        handler(.end(name: Self.localName(elementName)))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failure = parseError
    }
}
