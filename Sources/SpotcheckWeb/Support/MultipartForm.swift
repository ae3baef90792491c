import Foundation
import SpotcheckCore

/// A minimal `multipart/form-data` reader (RFC 7578) for the import upload: MultipartKit is not
/// among the local packages, and one file plus a few text fields is all a plain HTML form sends.
/// The body is already size-limited by the caller (`collectBody(upTo:)`), so parts are sliced from
/// one buffer without streaming.
struct MultipartForm {
    struct Part {
        let name: String
        let fileName: String?
        let contentType: String?
        let data: Data
    }

    enum ParseError: Error, CustomStringConvertible {
        case notMultipart
        case malformed

        var description: String {
            switch self {
            case .notMultipart: "请通过页面上的表单上传文件（需要 multipart/form-data）"
            case .malformed: "上传的表单内容不完整，请重新选择文件后再试"
            }
        }
    }

    let parts: [Part]

    /// The first part named `name`.
    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// A text field's value (UTF-8), or nil when absent.
    func text(_ name: String) -> String? { part(name).map { String(decoding: $0.data, as: UTF8.self) } }

    /// The boundary parameter of a `multipart/form-data` content type, quoted or not.
    static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            // RFC 2046: 1–70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    init(parts: [Part]) { self.parts = parts }

    init(body: Data, contentType: String) throws {
        guard let boundary = Self.boundary(fromContentType: contentType) else { throw ParseError.notMultipart }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var positions = Self.occurrences(of: delimiter, in: bytes)
        guard positions.count >= 2 else { throw ParseError.malformed }
        var parts: [Part] = []
        // Each part lies between one delimiter line and the CRLF before the next delimiter.
        positions.sort()
        for (start, end) in zip(positions, positions.dropFirst()) {
            var cursor = start + delimiter.count
            guard cursor + 1 < bytes.count, bytes[cursor] == 0x0D, bytes[cursor + 1] == 0x0A else { continue }
            cursor += 2
            guard let headerEnd = Self.firstOccurrence(of: [0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: cursor, before: end) else {
                throw ParseError.malformed
            }
            let headers = Self.headers(String(decoding: bytes[cursor..<headerEnd], as: UTF8.self))
            let contentStart = headerEnd + 4
            let contentEnd = max(contentStart, end - 2)  // the CRLF that precedes the delimiter
            guard let disposition = headers["content-disposition"], let name = Self.parameter("name", in: disposition) else { continue }
            let fileName = Self.fileName(in: disposition)
            let data = Data(bytes[contentStart..<contentEnd])
            // The text rule for what is not file content: field names, file names and text fields.
            try TextInput.check(name, field: "表单字段名", limit: .code)
            if let fileName {
                try TextInput.check(fileName, field: "文件名", limit: .name)
            } else {
                try TextInput.check(String(decoding: data, as: UTF8.self), field: "提交的内容", limit: .freeText)
            }
            parts.append(Part(name: name, fileName: fileName, contentType: headers["content-type"], data: data))
        }
        self.parts = parts
    }

    private static func headers(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// `filename*=UTF-8''…` (RFC 5987) when present, else `filename="…"`, which browsers send as
    /// raw UTF-8; only the last path component is kept (old IE sent the full client path).
    private static func fileName(in disposition: String) -> String? {
        var name: String?
        if let extended = parameter("filename*", in: disposition), let quote = extended.range(of: "''") {
            name = String(extended[quote.upperBound...]).removingPercentEncoding
        }
        if name == nil { name = parameter("filename", in: disposition) }
        guard let name, !name.isEmpty else { return nil }
        return name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    private static func parameter(_ key: String, in header: String) -> String? {
        var index = header.startIndex
        while let range = header.range(of: key + "=", options: .caseInsensitive, range: index..<header.endIndex) {
            index = range.upperBound
            // Match whole keys only: `name=` must not match inside `filename=`.
            if range.lowerBound != header.startIndex {
                let before = header[header.index(before: range.lowerBound)]
                guard before == ";" || before == " " else { continue }
            }
            let rest = header[range.upperBound...]
            if rest.hasPrefix("\"") {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\"") else { return String(body) }
                return String(body[..<close])
            }
            return String(rest.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Start offsets of `needle` at line starts (offset 0 or after CRLF), as delimiters must be.
    private static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        var result: [Int] = []
        var from = 0
        while let found = firstOccurrence(of: needle, in: bytes, from: from, before: bytes.count) {
            if found == 0 || (found >= 2 && bytes[found - 2] == 0x0D && bytes[found - 1] == 0x0A) { result.append(found) }
            from = found + needle.count
        }
        return result
    }

    private static func firstOccurrence(of needle: [UInt8], in bytes: [UInt8], from: Int, before end: Int) -> Int? {
        guard let first = needle.first, end - from >= needle.count else { return nil }
        var index = from
        let last = end - needle.count
        while index <= last {
            if bytes[index] == first {
                var matches = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }
}
