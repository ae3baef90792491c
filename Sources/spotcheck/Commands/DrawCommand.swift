import ArgumentParser
import Foundation
import SpotcheckCore

/// `spotcheck draw`: the offline, verifiable draw of spec spotcheck-draw/1.
///
/// Why offline: auditors and courts must be able to rerun a draw without the
/// platform; the same code the server uses runs here on the published files.
/// `draw` with options runs the draw (the default subcommand `run`);
/// `draw commit` makes a fresh secret and its commitment.
struct DrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: "按 spotcheck-draw/1 协议抽取检查对象、执法检查人员并匹配检查组 / run a verifiable draw.",
        subcommands: [DrawRunCommand.self, DrawCommitCommand.self],
        defaultSubcommand: DrawRunCommand.self
    )
}

/// `spotcheck draw [run] --objects … --secret … --entropy …`: draws and writes the record.
struct DrawRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "执行抽取并输出抽取记录 / draw and write the record (default).",
        discussion: """
            示例 / example:
              spotcheck draw --objects objects.csv --inspectors inspectors.csv --conflicts conflicts.csv \\
                --ratio A=2000,B=2000,C=3000,D=5000 --inspectors-per-dept yjj=5,scjg=4 \\
                --secret <64 hex> --entropy 2024-05-27-witness-417-293 --out record.json
            """
    )

    @Option(name: .customLong("objects"), help: "检查对象 CSV（uscc,stratum,depts）/ enterprise candidates CSV.")
    var objectsPath: String

    @Option(name: .customLong("inspectors"), help: "执法检查人员 CSV（id,dept）/ eligible inspectors CSV.")
    var inspectorsPath: String

    @Option(name: .customLong("conflicts"), help: "回避关系 CSV（inspector,uscc）/ declared conflicts CSV.")
    var conflictsPath: String?

    @Option(help: "各层级抽查比例（基点），如 A=2000,B=2000,*=1000 / ratio per stratum in basis points.")
    var ratio: String

    @Option(name: .customLong("inspectors-per-dept"), help: "各部门抽取人数，如 yjj=5,scjg=4 / inspectors to draw per department.")
    var inspectorsPerDept: String

    @Option(name: .customLong("team-size"), help: "每个检查组人数（≥2）/ inspectors per team.")
    var teamSize: Int = 2

    @Option(help: "抽取后被剔除的企业（逗号分隔，按顺序补抽）/ enterprises rejected after the draw.")
    var reject: [String] = []

    @Option(name: .customLong("reject-inspectors"), help: "抽取后被剔除的执法检查人员 / inspectors rejected after the draw.")
    var rejectInspectors: [String] = []

    @Option(help: "已公布承诺值对应的 32 字节秘密（64 位十六进制）/ the committed secret, 64 hex digits.")
    var secret: String

    @Option(help: "抽取时公开录入的随机数 / the public entropy entered at the draw.")
    var entropy: String

    @Option(help: "抽取记录输出文件（默认标准输出）/ where to write the record (default: stdout).")
    var out: String?

    func run() async throws {
        try DrawCLIFailure.reporting {
            let inputs = try DrawInputCSV.inputs(
                objects: try DrawCLIFailure.read(objectsPath),
                inspectors: try DrawCLIFailure.read(inspectorsPath),
                conflicts: try conflictsPath.map(DrawCLIFailure.read))
            var counts: [String: Int] = [:]
            for (dept, count) in try KeyValueList.parse(inspectorsPerDept, name: "--inspectors-per-dept") {
                counts[dept] = count
            }
            let parameters = DrawParameters(
                secret: try DrawSeed.parseSecret(secret), entropy: entropy, ratios: try RatioTable(parsing: ratio),
                inspectorsPerDepartment: counts, teamSize: teamSize,
                rejectedEnterprises: Self.list(reject), rejectedInspectors: Self.list(rejectInspectors))
            let bytes = DrawRecordJSON.encode(try DrawEngine.run(inputs, parameters))
            if let out {
                do {
                    try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
                } catch {
                    throw DrawCLIFailure("无法写入 \(out) / cannot write \(out): \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }

    /// Accepts both `--reject A,B` and `--reject A --reject B`.
    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// `spotcheck draw commit`: a fresh secret and the commitment to publish.
struct DrawCommitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "生成新的 32 字节秘密及其承诺值 / print a fresh secret and its commitment.",
        discussion: "公布 commitment，妥善保管 secret，抽取完成后再公开 / publish the commitment; keep the secret until the draw is done."
    )

    func run() async throws {
        let secret = DrawSeed.freshSecret()
        print("secret: \(Hex.encode(secret))")
        print("commitment: \(DrawSeed.commitment(secret: secret))")
    }
}

/// A one-line failure for the user: printed on stderr, non-zero exit, no stack trace.
struct DrawCLIFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// Runs `body`, turning any failure into one line on stderr and exit code 2.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("错误 / error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The UTF-8 text of a file, or a failure naming it.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DrawCLIFailure("无法读取文件 \(path) / cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DrawCLIFailure("\(path) 不是 UTF-8 编码，请另存为 UTF-8 CSV / \(path) is not UTF-8")
        }
        return text
    }
}
