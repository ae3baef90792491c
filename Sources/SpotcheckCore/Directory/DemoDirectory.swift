/// A synthetic but plausible 清河县 directory for the demo and for tests:
/// a few hundred enterprises with valid codes in region 130534 across the four
/// departments' fields and all four risk classes, and an inspector roster per
/// department (yjj, scjg, swj, xf).
///
/// Deterministic: the same seed gives the same records on every run and
/// toolchain (see ``DemoRandom``), so screenshots and documented examples stay true.
public enum DemoDirectory {
    public static let defaultSeed: UInt64 = 130_534
    public static let countyRegionCode = "130534"

    /// Department codes and names of the seed notice, in display order.
    public static var departments: [(code: String, name: String)] {
        DemoNames.departments.map { ($0.code, $0.name) }
    }

    /// `count` enterprises (default 300), unique codes and names, sorted by code.
    public static func enterprises(count: Int = 300, seed: UInt64 = defaultSeed) -> [EnterpriseRecord] {
        var random = DemoRandom(seed: seed)
        var codes = Set<String>()
        var names = Set<String>()
        var records: [EnterpriseRecord] = []
        records.reserveCapacity(count)
        let totalWeight = DemoNames.trades.reduce(0) { $0 + $1.weight }
        while records.count < count {
            let trade = pickTrade(&random, totalWeight: totalWeight)
            let town = random.pick(DemoNames.towns)
            let name = makeName(trade: trade, town: town.name, random: &random)
            guard names.insert(name).inserted else { continue }
            // Position 2: 1 enterprise, 2 个体工商户 (small shops without 公司 in the name).
            let isSoleTrader = !name.hasSuffix("公司") && trade.tags == [.measuringInstruments]
            let uscc = makeUSCC(random: &random, kind: isSoleTrader ? "2" : "1")
            guard codes.insert(uscc).inserted else { continue }
            records.append(EnterpriseRecord(
                uscc: uscc,
                name: name,
                legalRepresentative: personName(&random),
                address: "河北省邢台市清河县\(town.name)\(random.pick(town.places))\(random.below(300) + 1)号",
                regionCode: random.chance(15) ? countyRegionCode : town.code,
                industry: trade.industry,
                tags: trade.tags,
                riskClass: riskClass(&random),
                status: status(&random),
                phone: random.chance(60) ? mobile(&random) : "0319-\(random.pick(["8", "5", "2"]))\(random.digits(6))"
            ))
        }
        return records.sorted { $0.uscc < $1.uscc }
    }

    /// Officers and experts of every department. Officers hold 执法证号
    /// `13053420` + 4 digits; experts get `ZJ` codes and no certificate. A few
    /// officers are on leave, have left, or hold an expired certificate, so
    /// eligibility filtering has something to filter.
    public static func inspectors(seed: UInt64 = defaultSeed) -> [InspectorRecord] {
        var random = DemoRandom(seed: seed ^ 0x1A5B_C0DE)
        var records: [InspectorRecord] = []
        var serial = 1
        var usedNames = Set<String>()
        for department in DemoNames.departments {
            for index in 0..<(department.officers + department.experts) {
                var name = personName(&random)
                while !usedNames.insert(name).inserted { name = personName(&random) }
                let isExpert = index >= department.officers
                let code = isExpert ? "ZJ\(countyRegionCode)\(pad(serial, 4))" : "13053420\(pad(serial, 4))"
                serial += 1
                let expiry: CivilDate? = isExpert ? nil : CivilDate(
                    year: random.chance(8) ? 2024 : 2026 + random.below(4),
                    month: random.below(12) + 1,
                    day: random.below(28) + 1
                )
                let roll = random.below(100)
                let status: InspectorStatus = roll < 88 ? .onDuty : roll < 95 ? .onLeave : .departed
                let expertise = [random.pick(department.expertise)] + (random.chance(30) ? [random.pick(department.expertise)] : [])
                records.append(InspectorRecord(
                    code: code, name: name, dept: department.code, mobile: mobile(&random), status: status,
                    certificateExpiry: expiry, expertise: Array(Set(expertise)).sorted(), isExpert: isExpert
                ))
            }
        }
        return records
    }

    // MARK: - Pieces

    private static func pickTrade(_ random: inout DemoRandom, totalWeight: Int) -> DemoNames.Trade {
        var roll = random.below(totalWeight)
        for trade in DemoNames.trades {
            if roll < trade.weight { return trade }
            roll -= trade.weight
        }
        return DemoNames.trades[0]
    }

    /// 清河县鑫泰羊绒制品有限公司; petrol stations and shops are named after the town
    /// (中石化… is avoided: real brands would mislead).
    private static func makeName(trade: DemoNames.Trade, town: String, random: inout DemoRandom) -> String {
        let brand = String(random.pick(DemoNames.brands)) + String(random.pick(DemoNames.brands))
        let tradeWord = random.pick(trade.trades)
        let form = random.pick(trade.forms)
        if form.isEmpty { return "清河县\(town)\(brand)\(tradeWord)" }
        return "清河县\(brand)\(tradeWord)\(form)"
    }

    /// 9, kind, 130534, MA + 6 chars + org check + USCC check. Only characters of
    /// the USCC alphabet are used so the organisation code fits inside it.
    private static func makeUSCC(random: inout DemoRandom, kind: String) -> String {
        while true {
            let body = "MA" + String((0..<6).map { _ in random.pick(Array("0123456789ABCDEFGHJKLMNPQRTUWXY")) })
            guard let orgCheck = OrganizationCode.checkCharacter(forBody: body),
                  let code = USCC.complete(prefix: "9\(kind)\(countyRegionCode)\(body)\(orgCheck)") else { continue }
            return code
        }
    }

    private static func personName(_ random: inout DemoRandom) -> String {
        let given = random.chance(70) ? 2 : 1
        return String(random.pick(DemoNames.surnames)) + String((0..<given).map { _ in random.pick(DemoNames.givenCharacters) })
    }

    private static func mobile(_ random: inout DemoRandom) -> String {
        random.pick(["130", "131", "132", "135", "136", "138", "139", "150", "151", "152", "158", "159", "186", "187", "188", "199"])
            + random.digits(8)
    }

    /// Roughly A 30 %, B 50 %, C 15 %, D 5 %, as monthly classifications look.
    private static func riskClass(_ random: inout DemoRandom) -> RiskClass {
        let roll = random.below(100)
        return roll < 30 ? .a : roll < 80 ? .b : roll < 95 ? .c : .d
    }

    private static func status(_ random: inout DemoRandom) -> EnterpriseStatus {
        let roll = random.below(100)
        return roll < 94 ? .active : roll < 98 ? .deregistered : .revoked
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
