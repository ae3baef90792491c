/// RFC 4180 CSV parsing over UTF-8 bytes.
///
/// Why not CSV.swift's `CSVReader`: it pulls one `Unicode.Scalar` at a time
/// through an `AnyIterator` and appends to a `String` per scalar. On a 1 M-row
/// enterprise file (171 MB, release build, this machine, CPU time) it parsed
/// about 140 000 rows/s, against about 1.2 M rows/s for this parser — and the
/// import must reach half of sqlite3 `.import` speed *including* validation and
/// the database write. CSV.swift therefore stays off the hot path.
///
/// Rules: fields separated by `delimiter`, records by CRLF, LF or CR; a field
/// starting with `"` is quoted and may contain delimiters, line breaks and `""`
/// for a quote. Lenient where Excel is: a stray `"` inside an unquoted field is
/// kept literally, and text after a closing quote is appended to the field.
///
/// The bytes must be valid UTF-8 (``TextDecoding`` guarantees it); fields are
/// made with `String(decoding:)`, which would repair anything else.
public struct CSVParser: Sendable {
    public var delimiter: UInt8
    /// Strip ASCII white space and U+3000 around every field, quoted or not.
    /// Done here, on bytes, because spreadsheet imports want it for every cell
    /// and it is far cheaper than trimming a million Strings afterwards.
    public var trimsFields: Bool
    /// Columns per record and bytes per record, checked as the record is read: a hostile line
    /// of a million empty fields is refused at its 65th, not turned into a million Strings.
    public var limits: ImportLimits

    public init(delimiter: UInt8 = UInt8(ascii: ","), trimsFields: Bool = false, limits: ImportLimits = .standard) {
        self.delimiter = delimiter
        self.trimsFields = trimsFields
        self.limits = limits
    }

    /// Comma unless the first line has tabs and no commas (Excel's "Unicode 文本").
    public static func detectingDelimiter(in bytes: UnsafeBufferPointer<UInt8>) -> CSVParser {
        var commas = 0
        var tabs = 0
        for byte in bytes {
            if byte == 0x0A || byte == 0x0D { break }
            if byte == UInt8(ascii: ",") { commas += 1 } else if byte == 0x09 { tabs += 1 }
        }
        return CSVParser(delimiter: tabs > 0 && commas == 0 ? 0x09 : UInt8(ascii: ","))
    }

    /// Calls `body` for every record with its 0-based index (so the spreadsheet
    /// row is index + 1) and its fields. The `fields` array is reused between
    /// calls: copy it if you keep it. A trailing line break does not make an
    /// extra record; an empty line in the middle is a record with one empty field.
    public func forEachRecord(
        in buffer: UnsafeBufferPointer<UInt8>,
        _ body: (_ index: Int, _ fields: [String]) throws -> Void
    ) throws {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        let quote = UInt8(ascii: "\"")
        let delimiter = self.delimiter
        let stops = SeparatorScan(delimiter: delimiter)
        var index = 0
        var recordIndex = 0
        let trims = trimsFields
        var fieldsPerRecord = 16
        var scratch: [UInt8] = []
        let maxColumns = limits.maxColumns
        let maxLineBytes = limits.maxLineBytes

        while index < count {
            // A fresh array per record: cheaper than removeAll(keepingCapacity:),
            // which goes through the generic replaceSubrange path.
            var fields: [String] = []
            fields.reserveCapacity(fieldsPerRecord)
            let recordStart = recordIndex
            let recordStartByte = index
            recordLoop: while true {
                if fields.count >= maxColumns { throw ImportFileError.tooManyColumns(line: recordStart + 1, limit: maxColumns) }
                if index < count && base[index] == quote {
                    index += 1
                    scratch.removeAll(keepingCapacity: true)
                    var start = index
                    while true {
                        guard index < count else { throw ImportFileError.unterminatedQuote(line: recordStart + 1) }
                        if index - recordStartByte > maxLineBytes {
                            throw ImportFileError.lineTooLong(line: recordStart + 1, limitBytes: maxLineBytes)
                        }
                        if base[index] == quote {
                            scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
                            if index + 1 < count && base[index + 1] == quote {
                                scratch.append(quote)
                                index += 2
                                start = index
                                continue
                            }
                            index += 1
                            break
                        }
                        index += 1
                    }
                    // Text between the closing quote and the next separator (malformed, but Excel keeps it).
                    let tailStart = index
                    index = stops.next(in: base, from: index, count: count)
                    if index - recordStartByte > maxLineBytes {
                        throw ImportFileError.lineTooLong(line: recordStart + 1, limitBytes: maxLineBytes)
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(start: base + tailStart, count: index - tailStart))
                    fields.append(scratch.withUnsafeBufferPointer { Self.string($0, trimming: trims) })
                } else {
                    let start = index
                    index = stops.next(in: base, from: index, count: count)
                    if index - recordStartByte > maxLineBytes {
                        throw ImportFileError.lineTooLong(line: recordStart + 1, limitBytes: maxLineBytes)
                    }
                    fields.append(Self.string(UnsafeBufferPointer(start: base + start, count: index - start), trimming: trims))
                }
                guard index < count else { break recordLoop }
                let separator = base[index]
                index += 1
                if separator == delimiter {
                    if index == count { fields.append("") }
                    continue recordLoop
                }
                if separator == 0x0D && index < count && base[index] == 0x0A { index += 1 }
                break recordLoop
            }
            fieldsPerRecord = max(fieldsPerRecord, fields.count)
            try body(recordIndex, fields)
            recordIndex += 1
        }
    }

    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, trimming: Bool) -> String {
        guard trimming, let first = bytes.first, let last = bytes.last,
              isSpace(first) || first == 0xE3 || isSpace(last) || last == 0x80 else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var start = 0
        var end = bytes.count
        while start < end {
            if isSpace(bytes[start]) {
                start += 1
            } else if end - start >= 3, bytes[start] == 0xE3, bytes[start + 1] == 0x80, bytes[start + 2] == 0x80 {
                start += 3
            } else {
                break
            }
        }
        while end > start {
            if isSpace(bytes[end - 1]) {
                end -= 1
            } else if end - start >= 3, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 {
                end -= 3
            } else {
                break
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Convenience for small inputs and tests: every record as an array.
    public func records(in bytes: [UInt8]) throws -> [[String]] {
        var result: [[String]] = []
        try bytes.withUnsafeBufferPointer { buffer in
            try forEachRecord(in: buffer) { _, fields in result.append(fields) }
        }
        return result
    }
}

/// Finds the next delimiter, LF or CR eight bytes at a time (SWAR): most of a
/// CSV is field content, and testing a word for three byte values costs about
/// as much as testing one byte.
struct SeparatorScan {
    private let delimiterMask: UInt64
    private let delimiter: UInt8
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080
    private static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        delimiterMask = UInt64(delimiter) &* Self.ones
    }

    /// Index of the first separator at or after `from`, or `count`.
    @inline(__always)
    func next(in base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int {
        var index = from
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if Self.hasZeroByte(word ^ delimiterMask) || Self.hasZeroByte(word ^ Self.lineFeeds) || Self.hasZeroByte(word ^ Self.returns) {
                break
            }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte == delimiter || byte == 0x0A || byte == 0x0D { return index }
            index += 1
        }
        return count
    }

    /// The classic "word has a zero byte" test (no false negatives; a false
    /// positive only sends us to the byte loop early, which is still correct).
    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }
}
