import Foundation

/// Writes and reads draw records as JSON.
///
/// Why our own writer: a record is published and compared byte for byte with
/// other implementations, so its layout must be fixed: keys in spec order,
/// two-space indentation, one array element per line, `"key": value`, `[]` for
/// empty arrays, a final newline — the layout of Python's `json.dumps(indent=2)`.
/// Like that default, every non-ASCII character is written as `\uXXXX`, so a
/// record stays 7-bit clean and survives editors and mail that assume GBK.
public enum DrawRecordJSON {
    /// The canonical bytes of `record`.
    public static func encode(_ record: DrawRecord) -> [UInt8] {
        var writer = Writer()
        writer.value(.object(fields(of: record)), indent: 0)
        writer.out.append(UInt8(ascii: "\n"))
        return writer.out
    }

    /// The canonical text of `record`.
    public static func string(_ record: DrawRecord) -> String {
        String(decoding: encode(record), as: UTF8.self)
    }

    /// Reads a record from any valid JSON with the fields of spec §7; extra fields are ignored.
    public static func decode(_ data: Data) throws(DrawError) -> DrawRecord {
        do {
            return try JSONDecoder().decode(DrawRecord.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw DrawError.invalidRecord(reason: "missing field \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DrawError.invalidRecord(reason: "wrong type at \(path(context.codingPath))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw DrawError.invalidRecord(reason: "null at \(path(context.codingPath))")
        } catch {
            throw DrawError.invalidRecord(reason: "not valid JSON")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// A JSON value with ordered object keys. Not `indirect`: arrays already hold their
    /// elements out of line, and boxing each of a province's 200,000 selected ids cost more
    /// than writing them.
    enum Value {
        case string(String)
        case int(Int)
        case array([Value])
        case object([(String, Value)])
    }

    private static func strings(_ values: [String]) -> Value { .array(values.map(Value.string)) }

    static func fields(of record: DrawRecord) -> [(String, Value)] {
        [
            ("protocol", .string(record.protocol)),
            ("commitment", .string(record.commitment)),
            ("secret", .string(record.secret)),
            ("entropy", .string(record.entropy)),
            ("seed", .string(record.seed)),
            ("conflicts_digest", .string(record.conflictsDigest)),
            ("objects", .array(record.objects.map { entry in
                .object([
                    ("stratum", .string(entry.stratum)),
                    ("ratio_bp", .int(entry.ratioBasisPoints)),
                    ("n", .int(entry.n)),
                    ("k", .int(entry.k)),
                    ("digest", .string(entry.digest)),
                    ("selected", strings(entry.selected)),
                    ("rejected", strings(entry.rejected)),
                    ("replacements", strings(entry.replacements)),
                ])
            })),
            ("inspectors", .array(record.inspectors.map { entry in
                .object([
                    ("dept", .string(entry.dept)),
                    ("n", .int(entry.n)),
                    ("k", .int(entry.k)),
                    ("digest", .string(entry.digest)),
                    ("selected", strings(entry.selected)),
                    ("rejected", strings(entry.rejected)),
                    ("replacements", strings(entry.replacements)),
                ])
            })),
            ("teams", .array(record.teams.map { entry in
                .object([
                    ("dept", .string(entry.dept)),
                    ("team_size", .int(entry.teamSize)),
                    ("teams", .array(entry.teams.map(strings))),
                    ("assignments", .array(entry.assignments.map { .array([.string($0.enterprise), .int($0.team)]) })),
                ])
            })),
        ]
    }

    struct Writer {
        var out: [UInt8] = []
        private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

        mutating func value(_ value: Value, indent: Int) {
            switch value {
            case let .string(text): string(text)
            case let .int(number): out.append(contentsOf: String(number).utf8)
            case let .array(items):
                guard !items.isEmpty else { return literal("[]") }
                literal("[")
                for (index, item) in items.enumerated() {
                    newline(indent + 2)
                    self.value(item, indent: indent + 2)
                    if index < items.count - 1 { out.append(UInt8(ascii: ",")) }
                }
                newline(indent)
                literal("]")
            case let .object(pairs):
                guard !pairs.isEmpty else { return literal("{}") }
                literal("{")
                for (index, (key, item)) in pairs.enumerated() {
                    newline(indent + 2)
                    string(key)
                    literal(": ")
                    self.value(item, indent: indent + 2)
                    if index < pairs.count - 1 { out.append(UInt8(ascii: ",")) }
                }
                newline(indent)
                literal("}")
            }
        }

        private mutating func literal(_ text: StaticString) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }

        private mutating func newline(_ indent: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        }

        private mutating func string(_ text: String) {
            out.append(UInt8(ascii: "\""))
            // Ids, digests and codes are printable ASCII with nothing to escape: copied as they are.
            let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != 0x22 && $0 != 0x5c }) else { return false }
                out.append(contentsOf: bytes)
                return true
            }
            if plain == true {
                out.append(UInt8(ascii: "\""))
                return
            }
            for unit in text.utf16 {
                switch unit {
                case 0x22: literal("\\\"")
                case 0x5c: literal("\\\\")
                case 0x0a: literal("\\n")
                case 0x0d: literal("\\r")
                case 0x09: literal("\\t")
                case 0x08: literal("\\b")
                case 0x0c: literal("\\f")
                case 0x20..<0x7f: out.append(UInt8(unit))
                default:
                    literal("\\u")
                    for shift in stride(from: 12, through: 0, by: -4) {
                        out.append(Self.hexDigits[Int((unit >> UInt16(shift)) & 0xf)])
                    }
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}
