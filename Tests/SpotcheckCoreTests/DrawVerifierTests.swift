import Foundation
import SpotcheckCore
import Testing

/// `verify` accepts the example and names the first field of each tampered copy.
@Suite("Draw verifier")
struct DrawVerifierTests {
    private func verify(_ edit: (inout DrawRecord) -> Void) throws -> DrawVerification {
        var record = try DrawFixture.expectedRecord
        edit(&record)
        return DrawVerifier.verify(record, inputs: try DrawFixture.inputs())
    }

    @Test func acceptsTheExample() throws {
        #expect(try verify { _ in } == .verified)
    }

    @Test func acceptsAnyJSONLayoutWithExtraFields() throws {
        let original = try JSONSerialization.jsonObject(with: Data(try DrawFixture.recordJSON.utf8))
        var object = try #require(original as? [String: Any])
        object["task"] = ["number": "2024-17", "reasons": ["91130534EAHDQ8FX0X": "已注销"]]
        let compact = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let record = try DrawRecordJSON.decode(compact)
        #expect(DrawVerifier.verify(record, inputs: try DrawFixture.inputs()) == .verified)
    }

    @Test func rejectsAChangedCommitment() throws {
        #expect(try verify { $0.commitment = String(repeating: "0", count: 64) } == .mismatch("commitment"))
    }

    @Test func rejectsAChangedSecret() throws {
        #expect(try verify { $0.secret = String(repeating: "ab", count: 32) } == .mismatch("commitment"))
        #expect(try verify { $0.secret = "not hex" } == .mismatch("secret"))
    }

    @Test func rejectsAChangedEntropy() throws {
        #expect(try verify { $0.entropy = "2024-05-27-witness-417-294" } == .mismatch("seed"))
    }

    @Test func rejectsAChangedCandidateList() throws {
        let edited = try DrawFixture.objects.replacingOccurrences(of: "93130534KR53E9429N,A", with: "93130534KR53E9429M,A")
        let inputs = try DrawInputCSV.inputs(
            objects: edited, inspectors: try DrawFixture.inspectors, conflicts: try DrawFixture.conflicts)
        #expect(DrawVerifier.verify(try DrawFixture.expectedRecord, inputs: inputs) == .mismatch("objects[A].digest"))
    }

    @Test func rejectsAChangedRoster() throws {
        let edited = try DrawFixture.inspectors.replacingOccurrences(of: "130534200023,xf", with: "130534200099,xf")
        let inputs = try DrawInputCSV.inputs(
            objects: try DrawFixture.objects, inspectors: edited, conflicts: try DrawFixture.conflicts)
        #expect(DrawVerifier.verify(try DrawFixture.expectedRecord, inputs: inputs) == .mismatch("inspectors[xf].digest"))
    }

    @Test func rejectsChangedConflicts() throws {
        let edited = try DrawFixture.conflicts.replacingOccurrences(of: "130534200021,91130534028DE71142", with: "130534200021,91130534028DE71143")
        #expect(DrawVerifier.verify(try DrawFixture.expectedRecord, inputs: try DrawFixture.inputs(conflicts: edited))
            == .mismatch("conflicts_digest"))
    }

    @Test func rejectsAnEditedSelection() throws {
        #expect(try verify { $0.objects[1].selected[2] = "93130534EUHUXQEE4G" } == .mismatch("objects[B].selected[2]"))
        #expect(try verify { $0.inspectors[0].selected.swapAt(0, 2) } == .mismatch("inspectors[scjg].selected[0]"))
    }

    @Test func rejectsAnEditedQuota() throws {
        #expect(try verify { $0.objects[0].k = 5 } == .mismatch("objects[A].k"))
        #expect(try verify { $0.objects[0].ratioBasisPoints = 0 } == .mismatch("objects[A].ratio_bp"))
    }

    @Test func rejectsAnEditedReplacement() throws {
        #expect(try verify { $0.objects[3].replacements[0] = "921305344ADWTXWX08" } == .mismatch("objects[D].replacements[0]"))
        #expect(try verify { $0.inspectors[0].replacements = [] } == .mismatch("inspectors[scjg].replacements[0]"))
    }

    @Test func rejectsARejectionOfAnIDNeverDrawn() throws {
        #expect(try verify { $0.objects[1].rejected = ["93130534EUHUXQEE4G"] } == .mismatch("objects[B].rejected[0]"))
    }

    @Test func rejectsAMovedTeamAssignment() throws {
        #expect(try verify { $0.teams[3].assignments[3].team = 0 } == .mismatch("teams[yjj].assignments[3]"))
    }

    @Test func rejectsSwappedTeamMembers() throws {
        #expect(try verify { $0.teams[3].teams[0].swapAt(1, 2) } == .mismatch("teams[yjj].teams[0][1]"))
    }

    @Test func rejectsAnEditedTeamSize() throws {
        #expect(try verify { $0.teams[0].teamSize = 3 } == .mismatch("teams[scjg].team_size"))
        #expect(try verify { $0.teams[3].teamSize = 3 } == .mismatch("teams[yjj].team_size"))
    }

    @Test func rejectsAMissingTeamEntry() throws {
        #expect(try verify { $0.teams.remove(at: 1) } == .mismatch("teams[swj]"))
    }

    @Test func commitmentIsCheckedBeforeEverythingElse() throws {
        let result = try verify {
            $0.commitment = String(repeating: "1", count: 64)
            $0.objects[1].selected[2] = "x"
        }
        #expect(result == .mismatch("commitment"))
    }

    @Test func refusesInvalidJSON() {
        #expect(throws: DrawError.self) { try DrawRecordJSON.decode(Data("{".utf8)) }
        #expect(throws: DrawError.invalidRecord(reason: "missing field .seed")) {
            try DrawRecordJSON.decode(Data(#"{"protocol":"spotcheck-draw/1","commitment":"","secret":"","entropy":""}"#.utf8))
        }
    }
}
