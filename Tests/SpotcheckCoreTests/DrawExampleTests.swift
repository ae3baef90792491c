import Foundation
import SpotcheckCore
import Testing

/// The worked example of spec §9 reproduced exactly.
@Suite("Draw example (spec §9 record.json)")
struct DrawExampleTests {
    @Test func reproducesRecordFieldForField() throws {
        let record = try DrawEngine.run(try DrawFixture.inputs(), DrawFixture.parameters)
        let expected = try DrawFixture.expectedRecord
        #expect(record.commitment == expected.commitment)
        #expect(record.seed == expected.seed)
        #expect(record.conflictsDigest == expected.conflictsDigest)
        #expect(record.objects == expected.objects)
        #expect(record.inspectors == expected.inspectors)
        #expect(record.teams == expected.teams)
        #expect(record == expected)
    }

    @Test func reproducesRecordByteForByte() throws {
        let record = try DrawEngine.run(try DrawFixture.inputs(), DrawFixture.parameters)
        #expect(DrawRecordJSON.string(record) == (try DrawFixture.recordJSON))
    }

    @Test func serializerRoundTripsTheExample() throws {
        let expected = try DrawFixture.expectedRecord
        #expect(DrawRecordJSON.string(expected) == (try DrawFixture.recordJSON))
    }

    @Test func exampleDigestsMatchThePublishedNotice() throws {
        let inputs = try DrawFixture.inputs()
        let list = inputs.objects.candidates
        #expect(list.strata.map(\.name) == ["A", "B", "C", "D"])
        #expect(list.strata.map(\.count) == [16, 24, 16, 4])
        #expect(list.digest(of: list.stratum(named: "A")!) == "3d501178828eaae307a9b3df5579463535316731bb75890fc10e24cc24e93fc0")
        #expect(inputs.conflicts.digest == "64336fe710c215319621a64b612d987fc4169d974e9c9d33d5bf96fd4c0cfe8c")
        #expect(inputs.inspectors.strata.map(\.name) == ["scjg", "swj", "xf", "yjj"])
    }

    @Test func secondRejectionOfAReplacementDrawsTheNextPosition() throws {
        var parameters = DrawFixture.parameters
        parameters.rejectedEnterprises = ["91130534EAHDQ8FX0X", "91130534028DE71142"]
        let record = try DrawEngine.run(try DrawFixture.inputs(), parameters)
        let stratumB = try #require(record.objects.first { $0.stratum == "B" })
        #expect(stratumB.rejected == ["91130534EAHDQ8FX0X", "91130534028DE71142"])
        #expect(stratumB.replacements.count == 2)
        #expect(stratumB.replacements[0] == "91130534028DE71142")
        #expect(!stratumB.selected.contains(stratumB.replacements[1]))
        #expect(DrawVerifier.verify(record, inputs: try DrawFixture.inputs()) == .verified)
    }

    @Test func nonASCIIIsEscapedLikePython() throws {
        var record = try DrawFixture.expectedRecord
        record.entropy = "见证人\"/\u{1F600}"
        let text = DrawRecordJSON.string(record)
        #expect(text.contains(#""entropy": "\u89c1\u8bc1\u4eba\"/\ud83d\ude00","#))
        #expect(try DrawRecordJSON.decode(Data(text.utf8)) == record)
    }
}
