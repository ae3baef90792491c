import Foundation
import Testing
@testable import SpotcheckImport

@Suite("编码识别")
struct TextDecodingTests {
    /// 统一社会信用代码,企业名称 in GB18030, as `iconv -t GB18030` prints it: fixed
    /// bytes so the test does not depend on the converter it checks.
    static let gb18030Header: [UInt8] = [
        0xCD, 0xB3, 0xD2, 0xBB, 0xC9, 0xE7, 0xBB, 0xE1, 0xD0, 0xC5, 0xD3, 0xC3, 0xB4, 0xFA, 0xC2, 0xEB,
        0x2C, 0xC6, 0xF3, 0xD2, 0xB5, 0xC3, 0xFB, 0xB3, 0xC6,
    ]

    @Test func gb18030FixedBytes() throws {
        let decoded = try TextDecoding.decode(Data(Self.gb18030Header))
        #expect(decoded.encoding == .gb18030)
        #expect(decoded.text == "统一社会信用代码,企业名称")
        #expect(TextDecoding.gb18030Data("统一社会信用代码,企业名称") == Data(Self.gb18030Header))
    }

    @Test func gb18030BeyondGBK() throws {
        // 4-byte GB18030 sequences (characters outside GBK) must round-trip too.
        let text = "𠀀㐀€"
        let data = try #require(TextDecoding.gb18030Data(text))
        #expect(try TextDecoding.decode(data).text == text)
    }

    @Test func iconvFallbackAgreesWithFoundation() throws {
        let bytes = try #require(TextDecoding.iconvConvert(Array("清河县羊绒".utf8), from: "UTF-8", to: "GB18030"))
        #expect(Data(bytes) == TextDecoding.gb18030Data("清河县羊绒"))
        let back = try #require(TextDecoding.iconvConvert(bytes, from: "GB18030", to: "UTF-8"))
        #expect(String(decoding: back, as: UTF8.self) == "清河县羊绒")
        #expect(TextDecoding.iconvConvert([0x81], from: "GB18030", to: "UTF-8") == nil)
    }

    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try TextDecoding.decode(Data("名称".utf8)) == ("名称", .utf8))
        let withBOM = try TextDecoding.utf8Bytes(Data([0xEF, 0xBB, 0xBF] + Array("名称".utf8)))
        #expect(withBOM.bytes == Array("名称".utf8))
        #expect(withBOM.encoding == .utf8WithBOM)
    }

    @Test func utf16WithBOM() throws {
        var data = Data([0xFF, 0xFE])
        for unit in "名称\t代码".utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        let decoded = try TextDecoding.decode(data)
        #expect(decoded.encoding == .utf16)
        #expect(decoded.text == "名称\t代码")
    }

    @Test func utf8Validation() {
        #expect(UTF8Validation.isValid(Array("ascii only, long enough for the word path".utf8)))
        #expect(UTF8Validation.isValid(Array("中文𠀀€ mixed ascii 12345678".utf8)))
        #expect(!UTF8Validation.isValid([0xC0, 0x80]))  // overlong
        #expect(!UTF8Validation.isValid([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!UTF8Validation.isValid([0xE4, 0xB8]))  // truncated
        #expect(!UTF8Validation.isValid([0xF4, 0x90, 0x80, 0x80]))  // above U+10FFFF
        #expect(!UTF8Validation.isValid(Array("abcdefgh".utf8) + [0xD6, 0xD0, 0xCE, 0xC4]))  // GB18030 中文
    }
}
