import Testing
@testable import SpotcheckCore

@Suite("演示名录")
struct DemoDirectoryTests {
    @Test func enterprisesAreValidUniqueAndInQinghe() {
        let enterprises = DemoDirectory.enterprises()
        #expect(enterprises.count == 300)
        #expect(Set(enterprises.map(\.uscc)).count == 300)
        #expect(Set(enterprises.map(\.name)).count == 300)
        for record in enterprises {
            #expect(USCC.isValid(record.uscc), "\(record.uscc)")
            #expect(OrganizationCode.isValid(inUSCC: record.uscc))
            #expect(record.uscc.dropFirst(2).hasPrefix("130534"))
            #expect(record.regionCode.hasPrefix("130534"))
            #expect(record.name.hasPrefix("清河县"))
            #expect(!record.tags.isEmpty && record.tags.allSatisfy { FieldTagVocabulary.standard.contains($0) })
        }
    }

    @Test func enterprisesCoverFieldsAndClasses() {
        let enterprises = DemoDirectory.enterprises()
        let tags = Set(enterprises.flatMap(\.tags))
        for tag in [FieldTag.hazardousChemicals, .industryAndTrade, .refinedOil, .fireSafetyKeyUnit, .auction, .measuringInstruments] {
            #expect(tags.contains(tag), "\(tag)")
        }
        #expect(Set(enterprises.map(\.riskClass)) == Set(RiskClass.allCases))
        #expect(enterprises.filter { $0.status == .active }.count > 250)
    }

    @Test func generationIsDeterministic() {
        #expect(DemoDirectory.enterprises() == DemoDirectory.enterprises())
        #expect(DemoDirectory.inspectors() == DemoDirectory.inspectors())
        #expect(DemoDirectory.enterprises(seed: 1) != DemoDirectory.enterprises(seed: 2))
        // Pinned so an accidental change to the generator is noticed (docs show these rows).
        let first = DemoDirectory.enterprises(count: 3)
        #expect(first.map(\.uscc) == ["91130534MAGD4J538R", "91130534MANJDHKE5U", "91130534MAPPP2XD3H"])
        #expect(first.map(\.name) == ["清河县诚宏化学试剂有限公司", "清河县信永商务酒店有限公司", "清河县天合汽车密封件有限公司"])
    }

    @Test func inspectorsPerDepartment() {
        let inspectors = DemoDirectory.inspectors()
        #expect(Set(inspectors.map(\.dept)) == ["yjj", "scjg", "swj", "xf"])
        #expect(Set(inspectors.map(\.code)).count == inspectors.count)
        let asOf = CivilDate(year: 2024, month: 5, day: 27)!
        for dept in ["yjj", "scjg", "swj", "xf"] {
            let officers = inspectors.filter { $0.dept == dept && !$0.isExpert }
            #expect(officers.filter { $0.isEligible(on: asOf) }.count >= 4, "\(dept)")
            #expect(inspectors.contains { $0.dept == dept && $0.isExpert })
        }
        for officer in inspectors where !officer.isExpert {
            #expect(officer.code.hasPrefix("13053420") && officer.code.count == 12)
            #expect(officer.certificateExpiry != nil)
            #expect(officer.mobile.count == 11 && officer.mobile.hasPrefix("1"))
        }
    }
}
