import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The character encodings a spreadsheet export arrives in.
public enum SourceEncoding: String, Sendable, Hashable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    /// What Chinese Excel writes for "CSV (逗号分隔)"; a superset of GBK and GB2312.
    case gb18030 = "GB18030"
    /// Excel's "Unicode 文本" export.
    case utf16 = "UTF-16"
}

/// Turns file bytes into UTF-8 bytes for the parsers.
///
/// Detection rule: a UTF-8 BOM or bytes that are valid UTF-8 are UTF-8;
/// a UTF-16 BOM is UTF-16; anything else is decoded as GB18030. Valid UTF-8 is
/// very unlikely to be meaningful GB18030 text, while GB18030 Chinese is almost
/// never valid UTF-8, so the order is safe.
public enum TextDecoding {
    /// NSStringEncoding for kCFStringEncodingGB_18030_2000 (0x0632); Foundation
    /// on Linux decodes it through ICU but exposes no named constant.
    static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)

    /// UTF-8 bytes without BOM, and the encoding found.
    public static func utf8Bytes(_ data: Data) throws(ImportFileError) -> (bytes: [UInt8], encoding: SourceEncoding) {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes[3...])
            guard UTF8Validation.isValid(body) else { throw .undecodableText }
            return (body, .utf8WithBOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else { throw .undecodableText }
            return (Array(text.utf8).droppingBOM(), .utf16)
        }
        if UTF8Validation.isValid(bytes) { return (bytes, .utf8) }
        guard let converted = gb18030ToUTF8(bytes) else { throw .undecodableText }
        return (converted, .gb18030)
    }

    /// Calls `body` with the UTF-8 bytes (BOM removed). For UTF-8 input the
    /// file's own buffer is passed, so a 200 MB CSV is not copied; other
    /// encodings are converted first.
    static func withUTF8Buffer<R>(
        _ data: Data, _ body: (UnsafeBufferPointer<UInt8>, SourceEncoding) throws -> R
    ) throws -> R {
        let isUTF8: SourceEncoding? = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                return UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[3...])) ? .utf8WithBOM : nil
            }
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
            return UTF8Validation.isValid(bytes) ? .utf8 : nil
        }
        if let isUTF8 {
            return try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                return try body(isUTF8 == .utf8WithBOM ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes, isUTF8)
            }
        }
        let (converted, encoding) = try utf8Bytes(data)
        return try converted.withUnsafeBufferPointer { try body($0, encoding) }
    }

    /// The decoded text (without BOM) and the encoding found.
    public static func decode(_ data: Data) throws(ImportFileError) -> (text: String, encoding: SourceEncoding) {
        let (bytes, encoding) = try utf8Bytes(data)
        return (String(decoding: bytes, as: UTF8.self), encoding)
    }

    /// GB18030 bytes of `text`, for tests and for exports to old systems.
    public static func gb18030Data(_ text: String) -> Data? {
        if let data = text.data(using: gb18030Encoding) { return data }
        return iconvConvert(Array(text.utf8), from: "UTF-8", to: "GB18030").map { Data($0) }
    }

    /// glibc's iconv first: on a 1 M-row file it converts about three times
    /// faster than Foundation's ICU path, and yields bytes directly. Foundation
    /// is the fallback where iconv lacks the converter (or on other platforms).
    static func gb18030ToUTF8(_ bytes: [UInt8]) -> [UInt8]? {
        if let converted = iconvConvert(bytes, from: "GB18030", to: "UTF-8") { return converted }
        return String(data: Data(bytes), encoding: gb18030Encoding).map { Array($0.utf8) }
    }

    /// Whole-buffer conversion with glibc iconv; nil on any invalid sequence.
    static func iconvConvert(_ input: [UInt8], from source: String, to target: String) -> [UInt8]? {
        #if canImport(Glibc)
        let descriptor = iconv_open(target, source)
        guard Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        var input = input
        // UTF-8 ↔ GB18030 grows at most 1.5× (2-byte GBK → 3-byte UTF-8); 2× is safe for both ways.
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        output.removeLast(output.count - produced)
        return output
        #else
        return nil
        #endif
    }
}

extension Array where Element == UInt8 {
    fileprivate func droppingBOM() -> [UInt8] {
        starts(with: [0xEF, 0xBB, 0xBF]) ? Array(self[3...]) : self
    }
}
