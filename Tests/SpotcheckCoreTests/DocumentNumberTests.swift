import SpotcheckCore
import Testing

@Suite("文号 as an office writes it")
struct DocumentNumberTests {
    @Test("the year's brackets become 〔〕 whatever was typed; the rest is kept", arguments: [
        ("清双随机办[2024]21号", "清双随机办〔2024〕21号"),
        ("  清双随机办［2024］21号 ", "清双随机办〔2024〕21号"),
        ("清双随机办【2024】21号", "清双随机办〔2024〕21号"),
        ("清双随机办〔2024〕21号", "清双随机办〔2024〕21号"),
        ("冀市监(2024)3号", "冀市监(2024)3号"),
    ])
    func normalized(typed: String, stored: String) {
        #expect(TaskPlan.normalizedDocumentNumber(typed) == stored)
    }

    @Test func chineseDates() {
        #expect(CivilDate("2024-05-27")!.chineseText == "2024年5月27日")
        #expect(CivilDate("2024-12-03")!.chineseText == "2024年12月3日")
    }
}
