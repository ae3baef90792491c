import ArgumentParser
import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// `spotcheck import enterprises|inspectors|items FILE`: validate every row, then write all of
/// them in one transaction, or none when any row is bad (unless `--skip-invalid`).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the enterprise directory, an inspector roster or an item list from CSV (UTF-8/GB18030) or XLSX.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case enterprises, inspectors, items
    }

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "enterprises | inspectors | items") var kind: Kind
    @Argument(help: "CSV or XLSX file.") var file: String
    @Option(help: "Department code the rows belong to (inspectors, items): fills empty department cells and rejects others.") var dept: String?
    @Flag(help: "Import the good rows and report the bad ones (default: write nothing when any row is bad).") var skipInvalid = false
    @Flag(help: "Print the result as JSON.") var json = false

    struct Summary: Encodable {
        var imported = 0
        var added = 0
        var updated = 0
        var unchanged = 0
        var rejected = 0
        var written = false
        var errors: [Issue] = []
        struct Issue: Encodable {
            var line: Int
            var field: String
            var message: String
        }
    }

    func run() async throws {
        CLILogging.bootstrap(defaultLevel: .warning)
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("无法读取文件：\(file)") }
        let summary = try await withStore(db) { store in try await importFile(data, into: store) }
        report(summary)
        if !summary.errors.isEmpty && !skipInvalid { throw ExitCode(1) }
    }

    func importFile(_ data: Data, into store: StoreDatabase) async throws -> Summary {
        let started = Date()
        var options = ImportOptions()
        options.department = dept
        let departments = try await DepartmentRepository(db: store.db).all()
        options.knownDepartments = Set(departments.filter { $0.departmentKind == .department }.map(\.code))
        options.departmentAliases = Dictionary(departments.flatMap { d in [(d.name, d.code), (d.name.replacingOccurrences(of: "清河县", with: ""), d.code)] },
                                               uniquingKeysWith: { first, _ in first })
        if let dept, options.knownDepartments?.contains(dept) != true { throw CommandFailure("未知部门代码：\(dept)") }
        let fileName = (file as NSString).lastPathComponent
        let note = "file=\(fileName) sha256=\(SecretToken.digest(data: data))"
        let actor = AuditLog.Actor("cli")
        let counts: UpsertCounts?
        let issues: [ImportIssue]
        let rejected: Int
        switch kind {
        case .enterprises:
            let result = try validate { try ImportValidator.enterprises(data: data, fileName: fileName, options: options) }
            issues = result.errors
            rejected = result.rejectedCount
            counts = try await write(result.valid.map(\.record), issues: issues) { records in
                try await EnterpriseDirectory(db: store.db).upsert(records, actor: actor, note: note) { written in
                    if result.rowCount > 10_000, written % 50_000 == 0 || written == records.count { progress("已写入 \(written)/\(records.count) 行") }
                }
            }
        case .inspectors:
            if let dept {
                options.conflictingCodes = Set(try await InspectorRoster(db: store.db).departmentsByCode().filter { $0.value != dept }.keys)
            }
            let result = try validate { try ImportValidator.inspectors(data: data, fileName: fileName, options: options) }
            issues = result.errors
            rejected = result.rejectedCount
            counts = try await write(result.valid.map(\.record), issues: issues) { records in
                try await InspectorRoster(db: store.db).upsert(records, actor: actor, note: note)
            }
        case .items:
            let result = try validate { try ImportValidator.items(data: data, fileName: fileName, options: options) }
            issues = result.errors
            rejected = result.rejectedCount
            counts = try await write(result.valid.map(\.record), issues: issues) { records in
                try await ItemList(db: store.db).upsert(records, actor: actor, note: note)
            }
        }
        var summary = Summary()
        summary.rejected = rejected
        summary.errors = issues.map { .init(line: $0.line, field: $0.field, message: $0.message) }
        if let counts {
            summary.written = true
            summary.added = counts.added
            summary.updated = counts.updated
            summary.unchanged = counts.unchanged
            summary.imported = counts.added + counts.updated + counts.unchanged
        }
        if !json, summary.imported + summary.rejected > 10_000 {
            progress(String(format: "用时 %.1f 秒", Date().timeIntervalSince(started)))
        }
        return summary
    }

    /// Writes only when every row is good, or when bad rows may be skipped.
    func write<Record>(_ records: [Record], issues: [ImportIssue], _ body: ([Record]) async throws -> UpsertCounts) async throws -> UpsertCounts? {
        guard issues.isEmpty || skipInvalid else { return nil }
        return try await body(records)
    }

    func validate<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ImportFileError {
            throw CommandFailure("\(file)：\(error)")
        }
    }

    func report(_ summary: Summary) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: (try? encoder.encode(summary)) ?? Data(), as: UTF8.self))
            return
        }
        for issue in summary.errors { print("第 \(issue.line) 行：\(issue.field) — \(issue.message)") }
        if !summary.errors.isEmpty && !skipInvalid { print("文件有错误，未写入任何数据（可用 --skip-invalid 只导入正确的行）") }
        if summary.written { print("新增 \(summary.added)，更新 \(summary.updated)，未变 \(summary.unchanged)") }
        print("imported \(summary.imported), rejected \(summary.rejected)")
    }

    func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
