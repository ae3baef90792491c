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

    private let handler: (Event) throws(ImportFileError) -> Void
    private var failure: (any Error)?
    /// Why the handler stopped the parse (a limit passed); thrown as it is.
    private var refusal: ImportFileError?

    private init(handler: @escaping (Event) throws(ImportFileError) -> Void) {
        self.handler = handler
    }

    /// Parses `data`, calling `handler` for each event in document order. A handler that throws
    /// stops the parse at once, and its error is what `parse` throws.
    static func parse(_ data: Data, handler: @escaping (Event) throws(ImportFileError) -> Void) throws(ImportFileError) {
        let reader = XMLEventReader(handler: handler)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let finished = parser.parse()
        if let refusal = reader.refusal { throw refusal }
        guard finished else {
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
        deliver(.start(name: Self.localName(elementName), attributes: attributeDict), parser)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        deliver(.text(string), parser)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        deliver(.end(name: Self.localName(elementName)), parser)
    }

    private func deliver(_ event: Event, _ parser: XMLParser) {
        guard refusal == nil else { return }
        do {
            try handler(event)
        } catch {
            refusal = error
            parser.abortParsing()
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        failure = parseError
    }
}
