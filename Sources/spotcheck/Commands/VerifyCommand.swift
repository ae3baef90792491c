import ArgumentParser
import Foundation
import SpotcheckCore

/// `spotcheck verify`: recomputes a draw record from the frozen files.
///
/// Why a separate command: verification is what the public does; it needs only
/// the record and the published lists, and says `verified` or names the first
/// field that differs.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "核验抽取记录 / verify a draw record against the frozen lists.",
        discussion: "一致时输出 verified 并返回 0；否则输出 mismatch: <字段> 并返回非 0 / prints `verified` (exit 0) or `mismatch: <field>` (exit 1)."
    )

    @Argument(help: "抽取记录 JSON / the draw record.")
    var record: String

    @Option(name: .customLong("objects"), help: "检查对象 CSV / enterprise candidates CSV.")
    var objectsPath: String

    @Option(name: .customLong("inspectors"), help: "执法检查人员 CSV / eligible inspectors CSV.")
    var inspectorsPath: String

    @Option(name: .customLong("conflicts"), help: "回避关系 CSV / declared conflicts CSV.")
    var conflictsPath: String?

    func run() async throws {
        var outcome = DrawVerification.verified
        try DrawCLIFailure.reporting {
            let recordText = try DrawCLIFailure.read(record)
            let parsed = try DrawRecordJSON.decode(Data(recordText.utf8))
            let inputs = try DrawInputCSV.inputs(
                objects: try DrawCLIFailure.read(objectsPath),
                inspectors: try DrawCLIFailure.read(inspectorsPath),
                conflicts: try conflictsPath.map(DrawCLIFailure.read))
            outcome = DrawVerifier.verify(parsed, inputs: inputs)
        }
        switch outcome {
        case .verified:
            print("verified")
        case let .mismatch(path):
            print("mismatch: \(path)")
            throw ExitCode(1)
        }
    }
}
