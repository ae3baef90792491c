import Foundation
import PropertyBased
import SpotcheckCore
import Testing

/// Properties of the draw that must hold for every seed and list, not just the example.
@Suite("Draw properties")
struct DrawPropertyTests {
    /// Upper 1e-6 tail of the chi-square distribution by degrees of freedom: a correct
    /// implementation fails one of these checks about once in a million runs.
    static let chiSquareCritical: [Int: Double] = [1: 23.93, 2: 27.63, 4: 33.38, 5: 35.89, 6: 38.26, 9: 44.81]

    static func chiSquare(_ counts: [Int]) -> Double {
        let total = Double(counts.reduce(0, +))
        let expected = total / Double(counts.count)
        return counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
    }

    static func seed(_ value: Int) -> DrawSeed {
        DrawSeed(secret: withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).bigEndian, Array.init), entropy: "property")
    }

    @Test func uniformIsUniformForSmallN() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...4).map { [2, 3, 5, 7, 10][$0] }) { value, n in
            var stream = DrawStream(seed: Self.seed(value), label: "objects/chi")
            var counts = [Int](repeating: 0, count: n)
            for _ in 0..<(2_000 * n) { counts[Int(stream.uniform(UInt64(n)))] += 1 }
            #expect(Self.chiSquare(counts) < Self.chiSquareCritical[n - 1]!)
        }
    }

    @Test func shuffleOfThreeGivesEveryPermutationEqually() async {
        await propertyCheck(count: 10, input: Gen.int(in: 0...Int.max)) { value in
            var counts: [[Int]: Int] = [:]
            for trial in 0..<6_000 {
                let stream = DrawStream(seed: Self.seed(value), label: "match/\(trial)")
                counts[PartialShuffle.fullShuffle(count: 3, stream: stream), default: 0] += 1
            }
            #expect(counts.count == 6)
            #expect(Self.chiSquare(Array(counts.values)) < Self.chiSquareCritical[5]!)
        }
    }

    @Test func quotaIsTheCeilingOfTheRatio() async {
        await propertyCheck(input: Gen.int(in: 0...5_000_000), Gen.int(in: 1...10_000)) { n, bp in
            let k = Quota.count(n: n, basisPoints: bp)
            #expect(k * 10_000 >= n * bp)
            #expect(k == 0 || (k - 1) * 10_000 < n * bp)
            #expect(k <= n)
            if bp == 10_000 { #expect(k == n) }
            if n > 0 { #expect(k >= 1) }
        }
    }

    @Test func replacementsNeverRepeatAnID() async throws {
        await propertyCheck(input: Gen.int(in: 0...Int.max), Gen.int(in: 1...60), Gen.int(in: 1...10_000)) { value, n, bp in
            var random = SplitMix(value)
            let list = try CandidateList((0..<n).map { Candidate(id: "E\(random.next() % 1_000_000)-\($0)", stratum: "S") })
            var draw = try EnterpriseDraw(list: list, stratum: list.strata[0], basisPoints: bp, seed: Self.seed(value))
            for _ in 0..<Int(random.next() % 12) {
                let drawn = draw.selection.finalPositions
                guard !drawn.isEmpty else { break }
                let victim = list.id(at: drawn[Int(random.next() % UInt64(drawn.count))])
                do {
                    try draw.reject(victim)
                } catch DrawError.noReplacementLeft {
                    #expect(draw.selection.k + draw.selection.replacementPositions.count == n)
                    break
                }
            }
            let all = draw.selection.selectedPositions + draw.selection.replacementPositions
            #expect(Set(all).count == all.count)
            #expect(Set(draw.selection.rejectedPositions).count == draw.selection.rejectedPositions.count)
            #expect(draw.selection.finalPositions.count == draw.selection.k)
        }
    }

    @Test func noConflictedInspectorIsEverMatched() async {
        await propertyCheck(input: Gen.int(in: 0...Int.max), Gen.int(in: 1...80), Gen.int(in: 2...20), Gen.int(in: 2...4)) {
            value, enterpriseCount, inspectorCount, teamSize in
            guard inspectorCount >= teamSize else { return }
            var random = SplitMix(value)
            let enterprises = (0..<enterpriseCount).map { "91\($0)" }.sorted { $0.utf8Precedes($1) }
            let inspectors = (0..<inspectorCount).map { "I\($0)" }
            var pairs: [ConflictSet.Pair] = []
            for _ in 0..<Int(random.next() % 60) {
                pairs.append(ConflictSet.Pair(
                    inspector: inspectors[Int(random.next() % UInt64(inspectorCount))],
                    enterprise: enterprises[Int(random.next() % UInt64(enterpriseCount))]))
            }
            let conflicts = ConflictSet(pairs)
            let teams = try TeamMatching.formTeams(inspectors: inspectors, teamSize: teamSize, dept: "d")
            do {
                let matched = try TeamMatching.match(
                    enterprises: enterprises, teams: teams, conflicts: conflicts, seed: Self.seed(value), dept: "d")
                for (enterprise, team) in zip(enterprises, matched) {
                    #expect(!teams[team].contains { conflicts.contains(inspector: $0, enterprise: enterprise) })
                }
            } catch let DrawError.noConflictFreeTeam(_, enterprise) {
                #expect(teams.allSatisfy { team in team.contains { conflicts.contains(inspector: $0, enterprise: enterprise) } })
            }
        }
    }

    @Test func teamsAreNeverSmallerThanTheTeamSize() async {
        await propertyCheck(input: Gen.int(in: 2...200), Gen.int(in: 2...6)) { k, teamSize in
            guard k >= teamSize else { return }
            let inspectors = (0..<k).map { "I\($0)" }
            let teams = try TeamMatching.formTeams(inspectors: inspectors, teamSize: teamSize, dept: "d")
            #expect(teams.count == k / teamSize)
            #expect(teams.allSatisfy { $0.count >= teamSize })
            #expect(teams.flatMap { $0 }.sorted() == inspectors.sorted())
        }
    }

    @Test func canonicalOrderIsByteOrderForLargeLists() async {
        // Large enough for the radix path; shared prefixes, ids longer than the
        // 24 packed bytes, non-ASCII, and several strata.
        await propertyCheck(count: 12, input: Gen.int(in: 0...Int.max), Gen.int(in: 50...4_000)) { value, count in
            var random = SplitMix(value)
            let alphabet = Array("019AZaz\u{E9}\u{4E2D}")
            var ids = Set<String>()
            while ids.count < count {
                let length = 1 + Int(random.next() % 40)
                let prefix = random.next() % 3 == 0 ? "91130534" : ""
                ids.insert(prefix + String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }))
            }
            let candidates = ids.map { Candidate(id: $0, stratum: ["B", "A", "C"][Int(random.next() % 3)]) }
            let list = try CandidateList(candidates)
            for stratum in list.strata {
                let expected = candidates.filter { $0.stratum == stratum.name }.map(\.id).sorted { $0.utf8Precedes($1) }
                #expect(list.ids(in: stratum) == expected)
            }
            #expect(list.strata.map(\.name) == ["A", "B", "C"].filter { name in candidates.contains { $0.stratum == name } })
            let duplicate = candidates[Int(random.next() % UInt64(candidates.count))]
            #expect(throws: DrawError.duplicateCandidate(id: duplicate.id)) {
                try CandidateList(candidates + [Candidate(id: duplicate.id, stratum: "Z")])
            }
        }
    }

    @Test func idsAtPositionsMatchesOneByOneLookup() async throws {
        await propertyCheck(count: 5, input: Gen.int(in: 0...Int.max)) { value in
            var random = SplitMix(value)
            let list = try CandidateList((0..<30_000).map { Candidate(id: "91\($0 * 7919 % 30_011)", stratum: "A") })
            var shuffle = PartialShuffle(count: list.count, stream: DrawStream(seed: Self.seed(value), label: "ids"))
            let positions = shuffle.elements(0..<(5_000 + Int(random.next() % 20_000)))
            #expect(list.ids(at: positions) == positions.map(list.id(at:)))
        }
    }

    @Test func rerunsAreDeterministicAndVerify() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max)) { value in
            let (inputs, parameters) = Self.scenario(value)
            guard let record = try? DrawEngine.run(inputs, parameters) else { return }
            let again = try DrawEngine.run(inputs, parameters)
            #expect(record == again)
            #expect(DrawRecordJSON.encode(record) == DrawRecordJSON.encode(again))
            let decoded = try DrawRecordJSON.decode(Data(DrawRecordJSON.encode(record)))
            #expect(DrawVerifier.verify(decoded, inputs: inputs) == .verified)
        }
    }

    /// A random small task: 1–4 strata, 2–3 departments, some conflicts and rejections.
    static func scenario(_ value: Int) -> (DrawInputs, DrawParameters) {
        var random = SplitMix(value)
        let strata = Array(["A", "B", "C", "D"].prefix(1 + Int(random.next() % 4)))
        let depts = Array(["scjg", "swj", "yjj"].prefix(2 + Int(random.next() % 2)))
        var objects: [(candidate: Candidate, departments: [String])] = []
        for index in 0..<(5 + Int(random.next() % 60)) {
            let stratum = strata[Int(random.next() % UInt64(strata.count))]
            objects.append((Candidate(id: "9113\(random.next() % 100_000)X\(index)", stratum: stratum),
                            depts.filter { _ in random.next() % 2 == 0 }))
        }
        var inspectors: [Candidate] = []
        var counts: [String: Int] = [:]
        for dept in depts {
            let n = 2 + Int(random.next() % 10)
            for index in 0..<n { inspectors.append(Candidate(id: "\(dept)-\(index)", stratum: dept)) }
            counts[dept] = 2 + Int(random.next() % UInt64(n - 1))
        }
        let pairs = (0..<Int(random.next() % 10)).map { _ in
            ConflictSet.Pair(inspector: inspectors[Int(random.next() % UInt64(inspectors.count))].id,
                             enterprise: objects[Int(random.next() % UInt64(objects.count))].candidate.id)
        }
        var ratios: [String: Int] = [:]
        for stratum in strata { ratios[stratum] = 1 + Int(random.next() % 10_000) }
        let enterprises = try! EnterpriseList(objects)
        let inputs = DrawInputs(objects: enterprises, inspectors: try! CandidateList(inspectors), conflicts: ConflictSet(pairs))
        var parameters = DrawParameters(
            secret: (0..<32).map { _ in UInt8(random.next() % 256) }, entropy: "e\(value)",
            ratios: RatioTable(explicit: ratios), inspectorsPerDepartment: counts, teamSize: 2)
        // Reject the first selected enterprise and inspector when the draw allows it.
        if let record = try? DrawEngine.run(inputs, parameters) {
            parameters.rejectedEnterprises = record.objects.compactMap { $0.k < $0.n ? $0.selected.first : nil }
            parameters.rejectedInspectors = record.inspectors.compactMap { $0.k < $0.n ? $0.selected.first : nil }
        }
        return (inputs, parameters)
    }
}

/// Deterministic scenario generator (SplitMix64), independent of the draw's own stream.
struct SplitMix {
    var state: UInt64
    init(_ seed: Int) { state = UInt64(truncatingIfNeeded: seed) }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
