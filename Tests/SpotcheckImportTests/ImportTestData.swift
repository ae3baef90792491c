import Foundation
import SpotcheckCore

/// Shared inputs for the import tests.
enum ImportTestData {
    static let englishHeader = "uscc,name,legal_representative,address,region_code,industry,tags,risk_class,status,phone"

    /// A valid code for index `n` in Qinghe (91 130534 + 9 varying chars + check).
    static func code(_ n: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var body = "91130534MA"
        var rest = n + 1000
        for _ in 0..<7 {
            body.append(alphabet[rest % 31])
            rest /= 31
        }
        return USCC.complete(prefix: body)!
    }

    /// `code` with a wrong 18th character.
    static func badCheck(_ n: Int) -> String {
        let good = code(n)
        let last = good.last!
        return String(good.dropLast()) + (last == "0" ? "1" : "0")
    }

    /// The case: 10 rows, of which line 4 has a bad check character,
    /// line 7 repeats line 2's code and line 9 has class E. Lines count the header as 1.
    static let tenRowRows: [[String]] = (0..<10).map { index in
        let line = index + 2
        var uscc = code(index)
        var riskClass = ["A", "B", "C", "D"][index % 4]
        if line == 4 { uscc = badCheck(index) }
        if line == 7 { uscc = code(0) }
        if line == 9 { riskClass = "E" }
        return [uscc, "清河县测试\(index)号有限公司", "张三", "清河县武松路\(index)号", "130534100", "纺织业",
                index % 2 == 0 ? "工贸" : "工贸;消防重点单位", riskClass, "存续", "1383190000\(index)"]
    }

    static var tenRowCSV: String {
        ([englishHeader] + tenRowRows.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    static let tenRowBadLines = [4, 7, 9]
}
