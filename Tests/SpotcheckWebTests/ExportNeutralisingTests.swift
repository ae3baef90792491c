import Foundation
import Hummingbird
import HummingbirdTesting
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

/// Exports never hand a spreadsheet a formula (issue 13 item 10): one writer for every CSV.
@Suite("CSV exports neutralise formulas")
struct ExportNeutralisingTests {
    static let hostile = [
        "=HYPERLINK(\"http://evil.example\",\"点击\")", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "\t=1+1",
    ]

    @Test("the directory export writes hostile names as inert text", arguments: [TestDatabase.sqlite])
    func directoryExport(database: TestDatabase) async throws {
        try await withDemoApp(database) { client, store in
            let records = Self.hostile.enumerated().map { index, name in
                EnterpriseRecord(uscc: USCC.complete(prefix: "91130534MA0WWW" + String(format: "%03d", index)) ?? "", name: name, riskClass: .b)
            }
            _ = try await EnterpriseDirectory(db: store.db).upsert(records, actor: .init("office"))
            var office = WebSession(client: client)
            _ = try await office.login("office")
            let csv = try await office.get("/enterprises/export.csv")
            #expect(csv.status == .ok)
            let text = String(decoding: Data(buffer: csv.body).dropFirst(3), as: UTF8.self)
            for record in records {
                let line = try #require(text.split(separator: "\r\n").first { $0.hasPrefix(record.uscc) }, "\(record.name)")
                let name = line.dropFirst(record.uscc.count + 1)
                // The cell begins with an apostrophe (quoted or not), never with the formula character.
                #expect(name.hasPrefix("'") || name.hasPrefix("\"'"), "\(line)")
            }
        }
    }

    @Test("the one field rule: formula starts get an apostrophe, other text is untouched")
    func fieldRule() {
        #expect(CSVField.escaped("=1+1") == "'=1+1")
        #expect(CSVField.escaped("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVField.escaped("+cmd|calc") == "'+cmd|calc")
        #expect(CSVField.escaped("-3") == "'-3")
        #expect(CSVField.escaped("\t=1") == "'\t=1")
        #expect(CSVField.escaped("\r=1") == "\"'\r=1\"")
        #expect(CSVField.escaped("=A1,\"x\"") == "\"'=A1,\"\"x\"\"\"")
        #expect(CSVField.escaped("清河县恒安加油站") == "清河县恒安加油站")
        #expect(CSVField.escaped("a=b") == "a=b")
        #expect(CSVField.escaped("") == "")
    }
}
