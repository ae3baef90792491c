import Testing
@testable import SpotcheckCore

@Suite("统一社会信用代码")
struct USCCTests {
    @Test("real codes pass", arguments: ["914403001922038216", "91110108551385082Q"])
    func realCodesPass(code: String) {
        #expect(USCC.validate(code) == .valid)
        #expect(USCC.isValid(code))
        #expect(OrganizationCode.isValid(inUSCC: code))
    }

    @Test func checkCharacterIsComputed() {
        #expect(USCC.checkCharacter(forPrefix: "91440300192203821") == "6")
        #expect(USCC.checkCharacter(forPrefix: "91110108551385082") == "Q")
        #expect(USCC.complete(prefix: "91110108551385082") == "91110108551385082Q")
        #expect(USCC.checkCharacter(forPrefix: "9111010855138508") == nil)
        #expect(USCC.checkCharacter(forPrefix: "9111010855138508I") == nil)
    }

    @Test func wrongCheckCharacterNamesTheExpectedOne() {
        let result = USCC.validate("914403001922038217")
        #expect(result == .wrongCheckCharacter(expected: "6"))
        #expect(result.reason == "校验位错误（应为 6）")
    }

    @Test func wrongLength() {
        #expect(USCC.validate("91440300192203821").reason == "长度不是 18 位")
        #expect(USCC.validate("9144030019220382166").reason == "长度不是 18 位")
        #expect(USCC.validate("") == .wrongLength(0))
        // 18 bytes but 16 characters: the user sees 16 characters, so it is a length problem.
        #expect(USCC.validate("914403001922038中") == .wrongLength(16))
    }

    @Test("letters outside the alphabet are named", arguments: ["I", "O", "S", "V", "Z", "a", "-"])
    func illegalCharacter(letter: String) {
        let code = "91440300" + letter + "922038216"
        #expect(USCC.validate(code) == .invalidCharacter(Character(letter)))
        #expect(USCC.validate(code).reason == "含非法字符 \(letter)")
    }

    @Test func fullWidthCharacterIsIllegalNotLength() {
        #expect(USCC.validate("91440300192203821６") == .invalidCharacter("６"))
    }

    @Test func everyPossibleCheckCharacterRoundTrips() {
        // Vary one position so the check value walks through all 31 values.
        var seen = Set<Character>()
        for character in USCC.alphabet {
            let prefix = "9144030019220382" + String(character)
            let code = USCC.complete(prefix: prefix)!
            #expect(USCC.isValid(code))
            seen.insert(code.last!)
        }
        #expect(seen.count == 31)
    }

    @Test func normalizedTrimsAndUppercases() {
        #expect(USCC.normalized("  91110108551385082q\u{3000}") == "91110108551385082Q")
    }

    @Test func organisationCode() {
        #expect(OrganizationCode.checkCharacter(forBody: "19220382") == "1")
        #expect(OrganizationCode.checkCharacter(forBody: "55138508") == "2")
        #expect(OrganizationCode.isValid("192203821"))
        #expect(!OrganizationCode.isValid("192203822"))
        #expect(OrganizationCode.extract(fromUSCC: "914403001922038216") == "192203821")
        #expect(OrganizationCode.checkCharacter(forBody: "1922038") == nil)
    }

    @Test func organisationCodeMapsTenToXAndElevenToZero() {
        // Search bodies whose check is X and 0 and confirm the mapping by the formula.
        var foundX = false
        var foundZero = false
        for number in 0..<2000 {
            let digits = String(number)
            let body = String(repeating: "0", count: 8 - digits.count) + digits
            let sum = zip(body.compactMap(\.wholeNumberValue), [3, 7, 9, 10, 5, 8, 4, 2]).reduce(0) { $0 + $1.0 * $1.1 }
            let check = OrganizationCode.checkCharacter(forBody: body)
            switch 11 - sum % 11 {
            case 10: #expect(check == "X"); foundX = true
            case 11: #expect(check == "0"); foundZero = true
            default: #expect(check == Character(String(11 - sum % 11)))
            }
        }
        #expect(foundX && foundZero)
    }

    @Test func riskClassParsing() {
        #expect(RiskClass(parsing: "A") == .a)
        #expect(RiskClass(parsing: " c ") == .c)
        #expect(RiskClass(parsing: "D类") == .d)
        #expect(RiskClass(parsing: "信用风险较高") == .c)
        #expect(RiskClass(parsing: "E") == nil)
        #expect(RiskClass.b.label == "信用风险一般")
    }

    @Test func statusesAndTags() {
        #expect(EnterpriseStatus(parsing: "吊销") == .revoked)
        #expect(EnterpriseStatus(parsing: "歇业") == nil)
        #expect(InspectorStatus(parsing: "休假") == .onLeave)
        #expect(InspectorStatus(parsing: "出差") == nil)
        #expect(FieldTag.splitList("危险化学品；工贸、 成品油;;") == ["危险化学品", "工贸", "成品油"])
        #expect(FieldTagVocabulary.standard.contains(.auction))
        #expect(!FieldTagVocabulary.standard.contains(FieldTag("特种设备")))
        #expect(FieldTagVocabulary.standard.adding([FieldTag("特种设备")]).contains(FieldTag("特种设备")))
    }
}
