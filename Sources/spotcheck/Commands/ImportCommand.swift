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
        let summary = try await withStore(db) { store in try await importFile(into: store) }
        report(summary)
        if !summary.errors.isEmpty && !skipInvalid { throw ExitCode(1) }
    }

    /// Reads `file` and imports it; `spotcheck bench import` times exactly this call.
    func importFile(into store: StoreDatabase) async throws -> Summary {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("无法读取文件：\(file)") }
        return try await importFile(data, into: store)
    }

    /// Imports `data` and audits the attempt whatever its outcome (``ImportAttemptLog``), as the
    /// import page does.
    func importFile(_ data: Data, into store: StoreDatabase) async throws -> Summary {
        let list: ImportAttemptLog.List = switch kind {
        case .enterprises: .enterprises
        case .inspectors: .inspectors
        case .items: .items
        }
        let note = "file=\((file as NSString).lastPathComponent) sha256=\(SecretToken.digest(data: data)) via=cli"
        let summary: Summary
        do {
            summary = try await importRows(data, into: store)
        } catch let failure as CommandFailure {
            try await ImportAttemptLog.refused(on: store.db, list: list, actor: Self.actor, note: note, rows: 0, rejected: 0, reason: failure.description)
            throw failure
        }
        if !summary.written {
            let reason = summary.errors.isEmpty ? "没有可导入的行" : "\(summary.rejected) 行有错误，未写入任何数据"
            try await ImportAttemptLog.refused(on: store.db, list: list, actor: Self.actor, note: note,
                                               rows: summary.imported + summary.rejected, rejected: summary.rejected, reason: reason)
        }
        return summary
    }

    /// Who the audit log names for imports from the shell.
    static let actor = AuditLog.Actor("cli")

    private func importRows(_ data: Data, into store: StoreDatabase) async throws -> Summary {
        let started = Date()
        var options = ImportOptions()
        options.department = dept
        let departments = try await DepartmentRepository(db: store.db).all()
        options.knownDepartments = Set(try departments.filter { (try $0.departmentKind) == .department }.map(\.code))
        options.departmentAliases = Dictionary(departments.flatMap { d in [(d.name, d.code), (d.name.replacingOccurrences(of: "清河县", with: ""), d.code)] },
                                               uniquingKeysWith: { first, _ in first })
        if let dept, options.knownDepartments?.contains(dept) != true { throw CommandFailure("未知部门代码：\(dept)") }
        let fileName = (file as NSString).lastPathComponent
        let note = "file=\(fileName) sha256=\(SecretToken.digest(data: data)) via=cli"
        let actor = Self.actor
        let counts: UpsertCounts?
        let issues: [ImportIssue]
        let rejected: Int
        switch kind {
        case .enterprises:
            let (result, written) = try await importEnterprises(data, fileName: fileName, options: options, into: store, actor: actor, note: note)
            issues = result.errors
            rejected = result.rejectedCount
            counts = written
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

    /// Rows per batch handed from the validating thread to the database transaction.
    static let enterpriseBatchRows = 10_000

    /// Enterprises stream: a dedicated thread parses and validates the file while the store
    /// writes the good rows batch by batch in one transaction, so on two cores validation and
    /// the database work overlap and no million-record array is built. A file with bad rows is
    /// rejected (unless `--skip-invalid`) by failing the batch stream at its end, which rolls the
    /// transaction back: nothing is written, as with the validate-first order.
    func importEnterprises(
        _ data: Data, fileName: String, options: ImportOptions, into store: StoreDatabase, actor: AuditLog.Actor, note: String
    ) async throws -> (ImportValidationResult<EnterpriseRecord>, UpsertCounts?) {
        var streamingOptions = options
        streamingOptions.collectValidRows = false
        let options = streamingOptions
        let pipe = BatchPipe<[EnterpriseRecord]>(capacity: 4)
        let skipInvalid = self.skipInvalid
        let batchRows = Self.enterpriseBatchRows
        async let validation = BatchPipe<[EnterpriseRecord]>.onThread { () throws -> ImportValidationResult<EnterpriseRecord> in
            do {
                var batch: [EnterpriseRecord] = []
                batch.reserveCapacity(batchRows)
                let result = try ImportValidator.validate(EnterpriseRowValidator.self, data: data, fileName: fileName, options: options) { row in
                    batch.append(row.record)
                    if batch.count == batchRows {
                        try pipe.send(batch)
                        batch = []
                        batch.reserveCapacity(batchRows)
                    }
                }
                if !batch.isEmpty { try pipe.send(batch) }
                pipe.finish(throwing: result.errors.isEmpty || skipInvalid ? nil : FileRejected())
                return result
            } catch {
                pipe.finish(throwing: error)
                throw error
            }
        }
        let counts: UpsertCounts?
        do {
            counts = try await EnterpriseDirectory(db: store.db).upsert(batches: pipe.batches, actor: actor, note: note) { handled in
                // Batches are whole 10,000s but the last: about every 50,000 rows on big files.
                if handled > 10_000, handled % 50_000 < batchRows { progress("已校验并写入 \(handled) 行") }
            }
        } catch is FileRejected {
            counts = nil
        } catch {
            pipe.abandon()
            // A file that cannot be read says so rather than with the error it caused downstream.
            do {
                _ = try await validation
            } catch let fileError as ImportFileError {
                throw CommandFailure("\(file)：\(fileError)")
            } catch {}
            throw error
        }
        do {
            return (try await validation, counts)
        } catch let error as ImportFileError {
            throw CommandFailure("\(file)：\(error)")
        }
    }

    /// Ends the batch stream of a file with bad rows: the transaction rolls back.
    struct FileRejected: Error {}

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
