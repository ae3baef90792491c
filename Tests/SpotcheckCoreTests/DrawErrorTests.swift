import Foundation
import SpotcheckCore
import Testing

/// Every refusal names its cause (and, for files, its line).
@Suite("Draw errors")
struct DrawErrorTests {
    private func run(_ edit: (inout DrawParameters) -> Void) throws -> DrawRecord {
        var parameters = DrawFixture.parameters
        edit(&parameters)
        return try DrawEngine.run(try DrawFixture.inputs(), parameters)
    }

    @Test func ratioOutsideOneToTenThousand() throws {
        #expect(throws: DrawError.ratioOutOfRange(stratum: "A", basisPoints: 0)) {
            try run { $0.ratios.explicit["A"] = 0 }
        }
        #expect(throws: DrawError.ratioOutOfRange(stratum: "B", basisPoints: 10_001)) {
            try RatioTable(parsing: "A=1,B=10001")
        }
    }

    @Test func missingAndUnknownRatios() throws {
        #expect(throws: DrawError.missingRatio(stratum: "D")) { try run { $0.ratios.explicit["D"] = nil } }
        #expect(throws: DrawError.ratioForUnknownStratum(stratum: "E")) { try run { $0.ratios.explicit["E"] = 100 } }
        let record = try run { $0.ratios = RatioTable(explicit: ["A": 2000], fallback: 5000) }
        #expect(record.objects.map(\.ratioBasisPoints) == [2000, 5000, 5000, 5000])
    }

    @Test func ratioListParsing() throws {
        let table = try RatioTable(parsing: " A=2000, *=3000 ")
        #expect(table.explicit == ["A": 2000])
        #expect(table.fallback == 3000)
        #expect(throws: DrawError.invalidParameter(name: "--ratio", value: "A=x")) { try RatioTable(parsing: "A=x") }
        #expect(throws: DrawError.invalidParameter(name: "--ratio", value: "A=1,A=2")) { try RatioTable(parsing: "A=1,A=2") }
    }

    @Test func inspectorCounts() throws {
        #expect(throws: DrawError.tooFewEligibleInspectors(dept: "yjj", eligible: 6, requested: 7)) {
            try run { $0.inspectorsPerDepartment["yjj"] = 7 }
        }
        #expect(throws: DrawError.unknownDepartment(dept: "gat")) { try run { $0.inspectorsPerDepartment["gat"] = 2 } }
        #expect(throws: DrawError.invalidInspectorCount(dept: "xf", count: 0)) { try run { $0.inspectorsPerDepartment["xf"] = 0 } }
        #expect(throws: DrawError.tooFewInspectorsForTeam(dept: "scjg", inspectors: 4, teamSize: 5)) { try run { $0.teamSize = 5 } }
        #expect(throws: DrawError.teamSizeTooSmall(1)) { try run { $0.teamSize = 1 } }
    }

    @Test func leftoverInspectorsWrapAroundFewTeams() throws {
        let teams = try TeamMatching.formTeams(inspectors: ["a", "b", "c", "d", "e", "f", "g"], teamSize: 4, dept: "d")
        #expect(teams == [["a", "b", "c", "d", "e", "f", "g"]])
        let three = try TeamMatching.formTeams(inspectors: ["a", "b", "c", "d", "e", "f", "g"], teamSize: 2, dept: "d")
        #expect(three == [["a", "b", "g"], ["c", "d"], ["e", "f"]])
    }

    @Test func rejectingAnIDNeverDrawn() throws {
        #expect(throws: DrawError.rejectedNeverDrawn(id: "93130534EUHUXQEE4G")) {
            try run { $0.rejectedEnterprises = ["93130534EUHUXQEE4G"] }
        }
        #expect(throws: DrawError.rejectedNeverDrawn(id: "nobody")) { try run { $0.rejectedInspectors = ["nobody"] } }
        #expect(throws: DrawError.rejectedNeverDrawn(id: "91130534EAHDQ8FX0X")) {
            try run { $0.rejectedEnterprises = ["91130534EAHDQ8FX0X", "91130534EAHDQ8FX0X"] }
        }
    }

    @Test func exhaustingAStratum() throws {
        // Stratum D has 4 candidates and k = 2: the third rejection finds no replacement.
        let record = try DrawEngine.run(try DrawFixture.inputs(), DrawFixture.parameters)
        let d = record.objects[3]
        #expect(throws: DrawError.noReplacementLeft(stratum: "D", rejected: d.replacements[0])) {
            try run { $0.rejectedEnterprises = d.selected + d.replacements }
        }
    }

    @Test func noConflictFreeTeam() throws {
        var conflicts = try DrawFixture.conflicts
        for inspector in ["130534200021", "130534200017", "130534200013", "130534200009"] {
            conflicts += "\(inspector),91130534AKAWX66Q0E\n"
        }
        let inputs = try DrawFixture.inputs(conflicts: conflicts)
        #expect(throws: DrawError.noConflictFreeTeam(dept: "scjg", enterprise: "91130534AKAWX66Q0E")) {
            try DrawEngine.run(inputs, DrawFixture.parameters)
        }
    }

    @Test func csvErrorsNameTheLine() throws {
        #expect(throws: DrawError.csv(file: "objects.csv", line: 4, reason: "编号 X1 与第 2 行重复 (duplicate id X1, first on line 2)")) {
            try DrawInputCSV.objects("uscc,stratum,depts\nX1,A,\nX2,A,\nX1,B,\n")
        }
        #expect(throws: DrawError.csv(file: "inspectors.csv", line: 1, reason: "表头缺少列 dept (missing column dept in the header)")) {
            try DrawInputCSV.inspectors("id,department\n1,yjj\n")
        }
        #expect(throws: DrawError.csv(file: "inspectors.csv", line: 3, reason: "缺少字段 dept (missing field dept)")) {
            try DrawInputCSV.inspectors("id,dept\n1,yjj\n2\n")
        }
        #expect(throws: DrawError.csv(file: "objects.csv", line: 2, reason: "stratum 为空 (empty stratum)")) {
            try DrawInputCSV.objects("uscc,stratum,depts\nX1,,\n")
        }
        #expect(throws: DrawError.emptyStratumList) { try DrawInputCSV.objects("uscc,stratum,depts\n") }
    }

    @Test func csvAcceptsBOMQuotesAndCRLF() throws {
        let plain = try DrawInputCSV.objects("uscc,stratum,depts\nX2,A,yjj;scjg\nX1,A,\n")
        let fancy = try DrawInputCSV.objects("\u{FEFF}uscc,stratum,depts\r\n\"X2\",A,\"yjj;scjg\"\r\n\r\nX1,\"A\",\r\n")
        let stratum = try #require(plain.candidates.strata.first)
        #expect(plain.candidates.digest(of: stratum) == fancy.candidates.digest(of: try #require(fancy.candidates.strata.first)))
        #expect(fancy.departments == [[], ["yjj", "scjg"]])
        #expect(fancy.candidates.ids(in: stratum) == ["X1", "X2"])
    }

    @Test func canonicalOrderIsByteOrder() throws {
        // "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9); long ids compare past the packed 24-byte key.
        let long = String(repeating: "9", count: 30)
        let list = try CandidateList(["é", "a", "Z", long + "b", long + "a", long, "10", "1"].map { Candidate(id: $0, stratum: "s") })
        #expect(list.ids(in: list.strata[0]) == ["1", "10", long, long + "a", long + "b", "Z", "a", "é"])
        #expect(throws: DrawError.duplicateCandidate(id: long + "a")) {
            try CandidateList([long + "a", "x", long + "a"].map { Candidate(id: $0, stratum: "s") })
        }
        #expect(throws: DrawError.duplicateCandidate(id: "x")) {
            try CandidateList([Candidate(id: "x", stratum: "A"), Candidate(id: "x", stratum: "B")])
        }
    }

    @Test func messagesAreBilingualAndNameTheCause() {
        let message = DrawError.noConflictFreeTeam(dept: "yjj", enterprise: "91130534AKAWX66Q0E").description
        #expect(message.contains("91130534AKAWX66Q0E"))
        #expect(message.contains("回避"))
        #expect(message.contains("conflict-free"))
        #expect(!message.contains("\n"))
    }
}

@Suite("Objects file fast path")
struct FastObjectsTests {
    /// The platform's own shape is read by the fast path; the same content with one quoted
    /// field goes through the general reader. Both must give the same list.
    @Test("the fast path and the general reader agree")
    func agree() throws {
        var lines = ["uscc,stratum,depts"]
        for index in 0..<500 {
            let id = USCC.complete(prefix: "91130534" + String(format: "%09d", index * 7919 % 100_000))!
            let depts = ["yjj;scjg", "scjg", "xf;scjg;swj", ""][index % 4]
            lines.append("\(id),\(["A", "B", "C", "D"][index % 4]),\(depts)")
        }
        let plain = lines.joined(separator: "\n") + "\n"
        var quotedLines = lines
        quotedLines[1] = "\"" + quotedLines[1].replacingOccurrences(of: ",", with: "\",", options: [], range: quotedLines[1].range(of: ","))
        let quoted = quotedLines.joined(separator: "\n") + "\n"
        let fast = try DrawInputCSV.objects(plain)
        let general = try DrawInputCSV.objects(quoted)
        #expect(fast.candidates.strata == general.candidates.strata)
        #expect(fast.candidates.strata.map { fast.candidates.digest(of: $0) } == general.candidates.strata.map { general.candidates.digest(of: $0) })
        #expect(fast.departments == general.departments)
        #expect(fast.candidates.ids(at: Array(0..<fast.candidates.count)) == general.candidates.ids(at: Array(0..<general.candidates.count)))
        // A duplicate falls back to the general reader, which names both lines.
        let duplicate = plain + lines[1] + "\n"
        #expect(throws: DrawError.self) { try DrawInputCSV.objects(duplicate) }
        do {
            _ = try DrawInputCSV.objects(duplicate)
        } catch {
            #expect("\(error)".contains("第 2 行"))
        }
    }
}
