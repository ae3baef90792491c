import ArgumentParser
import Foundation
import SpotcheckCore

/// `spotcheck bench`: in-memory benchmarks of the domain's hot paths.
///
/// Why a subcommand and not a timed unit test: timings belong in a release build
/// on a quiet machine, and they are compared within one run against a baseline.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能基准 / benchmarks (build with -c release).",
        subcommands: [BenchDrawCommand.self, BenchImportCommand.self, BenchTaskCommand.self, BenchStatsCommand.self, BenchPublicSeedCommand.self]
    )
}

/// `spotcheck bench draw`: the verifiable draw against an unverifiable `shuffled()`.
///
/// Why this baseline: `shuffled()` + `prefix` with the system RNG is what a
/// plain implementation does (like `ORDER BY RAND() LIMIT k`); the protocol adds
/// a canonical sort, digests and a hash-driven shuffle, and this measures the
/// price of verifiability on the same ids in the same run.
struct BenchDrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "抽取与匹配基准 / benchmark the draw (20 % of N in 4 strata) and matching."
    )

    @Option(help: "候选数量，逗号分隔 / candidate counts, comma-separated.")
    var sizes: String = "1000000,10000000"

    @Option(help: "抽查比例（基点）/ ratio in basis points.")
    var ratio: Int = 2000

    @Option(help: "匹配基准的企业数 / enterprises for the matching benchmark.")
    var matchEnterprises: Int = 200_000

    @Option(help: "匹配基准的检查组数 / teams for the matching benchmark.")
    var matchTeams: Int = 500

    @Option(help: "每项重复次数，取最快一次 / runs per measurement; the fastest counts.")
    var runs: Int = 1

    @Flag(help: "只测本协议（用于性能分析）/ measure the protocol only, for profiling.")
    var skipBaseline = false

    func run() async throws {
        let counts = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }), (1...10_000).contains(ratio), runs >= 1 else {
            throw ValidationError("--sizes 须为正整数列表，--ratio 在 1–10000 / bad --sizes, --ratio or --runs")
        }
        var rows: [(n: Int, ours: Timing, baseline: Timing)] = []
        for n in counts {
            progress("生成 \(n) 个合成统一社会信用代码 / generating \(n) synthetic ids in 4 strata…")
            let (builder, byStratum) = Self.syntheticCandidates(count: n, seed: 0x5eed_0000 &+ UInt64(n))
            var ours = Timing.infinite, baseline = Timing.infinite
            for run in 1...runs {
                progress("  [\(run)/\(runs)] protocol: sort, digests, partial shuffle…")
                // Both sides return what they drew, so freeing it is not timed on either side.
                var phases: [(String, Timing)] = []
                let (seconds, entries) = try Self.time { () throws(DrawError) -> [DrawRecord.StratumEntry] in
                    let (sort, list) = try Self.time { () throws(DrawError) in try CandidateList(builder) }
                    let (shuffle, draws) = try Self.time { () throws(DrawError) in
                        try DrawEngine.drawEnterprises(
                            list, ratios: RatioTable(explicit: [:], fallback: ratio),
                            seed: DrawSeed(bytes: Array(repeating: 7, count: 32)))
                    }
                    let (record, entries) = Self.time { draws.map(\.entry) }
                    phases = [("sort+check", sort), ("shuffle", shuffle), ("digests+ids", record)]
                    return entries
                }
                ours = ours.faster(seconds)
                progress("      \(Self.format(seconds.wall)) s (CPU \(Self.format(seconds.cpu)) s), \(entries.reduce(0) { $0 + $1.selected.count }) selected; "
                    + phases.map { "\($0.0) \(Self.format($0.1.wall)) s" }.joined(separator: ", "))
                if skipBaseline { continue }
                progress("  [\(run)/\(runs)] baseline: shuffled() + prefix with the system RNG…")
                let (baseSeconds, baseDrawn) = Self.time { () -> [[String]] in
                    byStratum.map { ids in Array(ids.shuffled().prefix(Quota.count(n: ids.count, basisPoints: ratio))) }
                }
                baseline = baseline.faster(baseSeconds)
                progress("      \(Self.format(baseSeconds.wall)) s (CPU \(Self.format(baseSeconds.cpu)) s), \(baseDrawn.reduce(0) { $0 + $1.count }) selected")
            }
            rows.append((n, ours, baseline))
        }

        progress("匹配 / matching \(matchEnterprises) enterprises to \(matchTeams) teams…")
        let (enterprises, teams, conflicts) = Self.syntheticMatching(enterprises: matchEnterprises, teams: matchTeams)
        var matchSeconds = Timing.infinite
        for _ in 1...runs {
            let (seconds, _) = try Self.time { () throws(DrawError) -> Int in
                try TeamMatching.assignments(
                    enterprises: enterprises, teams: teams, conflicts: conflicts,
                    seed: DrawSeed(bytes: Array(repeating: 7, count: 32)), dept: "bench").count
            }
            matchSeconds = matchSeconds.faster(seconds)
        }

        print("| N | ours (s) | baseline (s) | ratio | ours CPU (s) | baseline CPU (s) | CPU ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows {
            let wallRatio = Self.format(row.ours.wall / row.baseline.wall, digits: 2)
            let cpuRatio = Self.format(row.ours.cpu / row.baseline.cpu, digits: 2)
            print("| \(row.n) | \(Self.format(row.ours.wall)) | \(Self.format(row.baseline.wall)) | \(wallRatio)× "
                + "| \(Self.format(row.ours.cpu)) | \(Self.format(row.baseline.cpu)) | \(cpuRatio)× |")
        }
        print("")
        print("matching \(matchEnterprises) enterprises to \(matchTeams) teams (\(conflicts.pairs.count) conflicts): "
            + "\(Self.format(matchSeconds.wall)) s (CPU \(Self.format(matchSeconds.cpu)) s)")
    }

    private func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Wall-clock and process CPU seconds of `body`.
    ///
    /// CPU time is reported too because a shared build machine can stretch wall
    /// time several-fold; the ratio of CPU times is the fairer comparison there.
    private static func time<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (Timing, T) {
        let clock = ContinuousClock()
        let start = clock.now, cpuStart = cpuSeconds()
        let value = try body()
        let elapsed = clock.now - start
        let (seconds, attoseconds) = elapsed.components
        return (Timing(wall: Double(seconds) + Double(attoseconds) / 1e18, cpu: cpuSeconds() - cpuStart), value)
    }

    private static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    struct Timing {
        var wall: Double
        var cpu: Double
        static let infinite = Timing(wall: .infinity, cpu: .infinity)
        func faster(_ other: Timing) -> Timing { wall <= other.wall ? self : other }
    }

    private static func format(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// Deterministic test data: SplitMix64, not the draw's stream.
    private struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// 18-character USCC-like ids (`9` + kind + 6-digit region + 10 random), in input order,
    /// plus the same ids as strings per stratum for the baseline.
    private static func syntheticCandidates(count: Int, seed: UInt64) -> (CandidateListBuilder, [[String]]) {
        var random = SplitMix64(state: seed)
        var builder = CandidateListBuilder(capacity: count)
        let strata = ["A", "B", "C", "D"].map { builder.stratumNumber(for: $0) }
        var byStratum: [[String]] = Array(repeating: [], count: 4)
        var id = [UInt8](repeating: 0, count: 18)
        for _ in 0..<count {
            var word = random.next()
            id[0] = UInt8(ascii: "9")
            id[1] = UInt8(ascii: "1") + UInt8(word % 3)
            word /= 3
            for (index, digit) in Array("130534".utf8).enumerated() { id[2 + index] = digit }
            for index in 8..<18 {
                if index == 13 { word = random.next() }
                id[index] = alphabet[Int(word % UInt64(alphabet.count))]
                word /= UInt64(alphabet.count)
            }
            let stratum = Int(word % 4)
            builder.append(id: id, stratum: strata[stratum])
            byStratum[stratum].append(String(decoding: id, as: UTF8.self))
        }
        return (builder, byStratum)
    }

    /// Enterprises, teams of two and one conflict per 100 enterprises.
    private static func syntheticMatching(enterprises: Int, teams: Int) -> ([String], [[String]], ConflictSet) {
        var random = SplitMix64(state: 42)
        var ids = Set<String>()
        while ids.count < enterprises {
            let value = random.next()
            ids.insert("91130534" + String(value % 10_000_000_000, radix: 10).leftPadded(to: 10))
        }
        let list = Array(ids)
        let teamList = (0..<teams).map { team in ["13053420\(String(team * 2).leftPadded(to: 4))", "13053420\(String(team * 2 + 1).leftPadded(to: 4))"] }
        var pairs: [ConflictSet.Pair] = []
        for (index, id) in list.enumerated() where index % 100 == 0 {
            pairs.append(ConflictSet.Pair(inspector: teamList[index % teams][0], enterprise: id))
        }
        return (list, teamList, ConflictSet(pairs))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
