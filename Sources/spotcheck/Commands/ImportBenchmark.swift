import Foundation
import SpotcheckCore

/// Reusable parts of `spotcheck bench import`: the deterministic CSV generator, the timers and
/// the runners for the databases' own loaders (`sqlite3 .import`, `psql \copy`).
///
/// Kept in the executable: nothing here belongs to the product's libraries.
enum ImportBenchmark {
    /// The English headers of the enterprise import, in file order.
    static let header = "uscc,name,legal_representative,address,region_code,industry,tags,risk_class,status,phone"
    static let columns = header.split(separator: ",").map(String.init)

    // MARK: Timing

    struct Timing {
        var wall: Double
        /// CPU seconds of this process (and, for subprocess runs, of the child).
        var cpu: Double
        static let infinite = Timing(wall: .infinity, cpu: .infinity)
        func faster(_ other: Timing) -> Timing { wall <= other.wall ? self : other }
    }

    static func time<T>(_ body: () async throws -> T) async rethrows -> (Timing, T) {
        let clock = ContinuousClock()
        let start = clock.now, cpuStart = cpuSeconds()
        let value = try await body()
        return (Timing(wall: seconds(clock.now - start), cpu: cpuSeconds() - cpuStart), value)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU seconds of reaped children (user + system).
    static func childCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return value(usage.ru_utime) + value(usage.ru_stime)
    }

    // MARK: Subprocesses

    struct ProcessFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `executable` to completion and returns its timing and standard output. Standard
    /// error is passed through; a non-zero exit throws.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (Timing, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let cpuStart = childCPUSeconds()
        let start = clock.now
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let timing = Timing(wall: seconds(clock.now - start), cpu: childCPUSeconds() - cpuStart)
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ProcessFailure(description: "\((executable as NSString).lastPathComponent) \(arguments.joined(separator: " ")) "
                + "failed (status \(process.terminationStatus)): \(text.prefix(500))")
        }
        return (timing, text)
    }

    /// The first executable called `name` on `PATH`, then in `extraDirectories`.
    static func findExecutable(_ name: String, extraDirectories: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + extraDirectories {
            let candidate = (directory as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `psql` is on PATH with Debian's postgresql-client; the server packages keep theirs under
    /// /usr/lib/postgresql/VERSION/bin.
    static func findPsql() -> String? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let directories = versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin" }
        return findExecutable("psql", extraDirectories: directories)
    }

    /// `CREATE TABLE enterprises_plain (…)`: the import's columns as text, no constraints, the
    /// table a database's own loader fills.
    static var plainTableSQL: String {
        "CREATE TABLE enterprises_plain (" + columns.map { "\($0) TEXT" }.joined(separator: ", ") + ")"
    }

    /// `enterprises_plain` with the directory's primary key and its two indexes (migration 0006),
    /// for the informative second baseline.
    static var indexedTableSQL: [String] {
        ["CREATE TABLE enterprises_plain (" + columns.map { "\($0) TEXT\($0 == "uscc" ? " PRIMARY KEY" : " NOT NULL")" }.joined(separator: ", ") + ")",
         "CREATE INDEX enterprises_plain_risk_uscc ON enterprises_plain (risk_class, uscc)",
         "CREATE INDEX enterprises_plain_name ON enterprises_plain (name)"]
    }

    /// A literal for psql and sqlite3 dot-commands: single quotes, doubled inside.
    static func quoted(_ path: String) -> String {
        "'" + path.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Removes a SQLite file with its WAL and shared-memory companions.
    static func removeSQLiteFile(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    // MARK: The CSV

    /// Deterministic pseudo-random numbers (SplitMix64): the same file on every machine.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// Writes `rows` valid enterprises under the English header. Codes are unique by
    /// construction (a bijection of the row number fills six of the nine organisation
    /// characters) and carry a correct GB 32100 check character.
    static func writeEnterpriseCSV(rows: Int, to path: String, seed: UInt64 = 0x5107_c4ec, progress: (Int) -> Void) throws {
        precondition(rows < 887_503_681, "more rows than six base-31 characters can number")
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ProcessFailure(description: "cannot create \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var random = SplitMix64(state: seed)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 22)
        buffer.append(contentsOf: (header + "\n").utf8)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let totalWeight = Words.trades.reduce(0) { $0 + $1.weight }
        var prefix: [Character] = Array(repeating: "0", count: 17)
        for index in 0..<rows {
            let county = random.pick(Words.counties)
            let (townCode, townName, places) = random.pick(county.towns)
            var roll = random.below(totalWeight)
            let trade = Words.trades.first { roll -= $0.weight; return roll < 0 }!

            let form = random.pick(trade.forms)

            // 9 + 1/2/3 (企业, 个体工商户, 农民专业合作社) + county code + organisation code.
            prefix[0] = "9"
            prefix[1] = form.isEmpty ? "2" : (random.below(20) == 0 ? "3" : "1")
            for (offset, digit) in county.code.enumerated() { prefix[2 + offset] = digit }
            var numbered = UInt64(index) &* 0x1F3D_5B7 % 887_503_681  // 31^6; the multiplier is prime to 31
            for offset in 0..<6 {
                prefix[8 + offset] = alphabet[Int(numbered % 31)]
                numbered /= 31
            }
            for offset in 14..<17 { prefix[offset] = alphabet[random.below(31)] }
            guard let uscc = USCC.complete(prefix: String(prefix)) else { fatalError("bad generated prefix") }

            let brand = String([random.pick(Words.brands), random.pick(Words.brands)])
            let name = county.shortName + brand + random.pick(trade.trades) + form
            let representative = String(random.pick(Words.surnames))
                + String((0..<(1 + random.below(2))).map { _ in random.pick(Words.givenCharacters) })
            let address = county.fullName + townName + random.pick(places) + "\(1 + random.below(300))号"
            let tags = trade.tags.count > 1 && random.below(3) == 0
                ? trade.tags.prefix(1).map(\.rawValue).joined()
                : trade.tags.map(\.rawValue).joined(separator: ";")
            let riskClass: String
            switch random.below(100) {
            case ..<30: riskClass = "A"
            case ..<75: riskClass = "B"
            case ..<95: riskClass = "C"
            default: riskClass = "D"
            }
            let phone = random.below(3) == 0
                ? "\(county.areaCode)-\(2_000_000 + random.below(8_000_000))"
                : "1\(random.pick(["3", "5", "7", "8", "9"]))\(String(100_000_000 + random.below(900_000_000)))"
            let line = "\(uscc),\(name),\(representative),\(address),\(townCode),\(trade.industry),\(tags),\(riskClass),存续,\(phone)\n"
            buffer.append(contentsOf: line.utf8)
            if buffer.count >= 1 << 22 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            if (index + 1) % 100_000 == 0 || index + 1 == rows { progress(index + 1) }
        }
        try handle.write(contentsOf: buffer)
    }

    /// Word pools for plausible Hebei enterprises: the demo's names and trades (``DemoNames``)
    /// spread over more counties with real region and area codes, plus the 登记/公示 trade the
    /// demo's Qinghe directory does not need.
    enum Words {
        struct County {
            let code: String
            let fullName: String
            let shortName: String
            let areaCode: String
            let towns: [(code: String, name: String, places: [String])]
        }

        static let surnames = DemoNames.surnames
        static let givenCharacters = DemoNames.givenCharacters
        static let brands = DemoNames.brands

        static let counties: [County] = [
            County(code: "130534", fullName: "河北省邢台市清河县", shortName: "清河县", areaCode: "0319", towns: DemoNames.towns),
            County(code: "130533", fullName: "河北省邢台市威县", shortName: "威县", areaCode: "0319", towns: [
                ("130533100", "洺州镇", ["人民路", "冀南大街", "经济开发区"]),
                ("130533101", "梨园屯镇", ["梨园屯村", "工业园区"]),
            ]),
            County(code: "130535", fullName: "河北省邢台市临西县", shortName: "临西县", areaCode: "0319", towns: [
                ("130535100", "临西镇", ["轴承路", "运河大街", "工业园区"]),
                ("130535101", "河西镇", ["河西村", "轴承产业园"]),
            ]),
            County(code: "130581", fullName: "河北省南宫市", shortName: "南宫市", areaCode: "0319", towns: [
                ("130581001", "凤岗街道", ["南宫大街", "建设路", "毡帽工业区"]),
                ("130581100", "苏村镇", ["苏村", "皮毛市场"]),
            ]),
            County(code: "130503", fullName: "河北省邢台市信都区", shortName: "邢台", areaCode: "0319", towns: [
                ("130503001", "西门里街道", ["中兴大街", "新华北路", "钢铁路"]),
                ("130503002", "中兴路街道", ["中兴西大街", "邢州大道"]),
            ]),
            County(code: "130102", fullName: "河北省石家庄市长安区", shortName: "石家庄", areaCode: "0311", towns: [
                ("130102001", "建北街道", ["中山东路", "建设北大街", "胜利北街"]),
                ("130102002", "青园街道", ["育才街", "跃进路"]),
            ]),
            County(code: "130181", fullName: "河北省辛集市", shortName: "辛集市", areaCode: "0311", towns: [
                ("130181001", "辛集镇", ["兴华路", "皮革城", "教育路"]),
                ("130181100", "旧城镇", ["旧城村", "化工园区"]),
            ]),
            County(code: "130684", fullName: "河北省高碑店市", shortName: "高碑店市", areaCode: "0312", towns: [
                ("130684001", "和平街道", ["兴华路", "箱包城", "迎宾路"]),
                ("130684100", "白沟镇", ["白沟大道", "富民路"]),
            ]),
        ]

        static let trades: [DemoNames.Trade] = DemoNames.trades + [
            DemoNames.Trade(tags: [.registration, .publicity], industry: "批发业",
                            trades: ["商贸", "贸易", "供应链"], forms: ["有限公司", "经营部"], weight: 10),
        ]
    }
}
