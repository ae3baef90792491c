import FluentKit
import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// Importing a directory file (the upload page, the API): the same semantics as `spotcheck import`
/// (validate every row, then write all of them in one transaction, or nothing when any row is bad
/// unless the caller asked for "只导入正确的行"), plus the department rules: only the office
/// imports the shared enterprise directory; a department admin imports only into its own roster
/// and item list.
extension Workflow {
    /// `dryRun` validates every row (department rules included) and reports what an import would
    /// find, writing nothing and auditing nothing: a check is not an import attempt.
    public func importDirectory(_ kind: ImportKind, data: Data, fileName: String, skipInvalid: Bool, dryRun: Bool = false,
                                via channel: String, requestedDepartment: String?, by principal: Principal) async throws -> DirectoryImport.Outcome {
        try RoleGate.managers.check(principal)
        return try await DirectoryImport(db: db).run(kind: kind, data: data, fileName: fileName, skipInvalid: skipInvalid, dryRun: dryRun,
                                                     via: channel, principal: principal, requestedDepartment: requestedDepartment)
    }
}

public struct DirectoryImport {
    let db: any Database

    public struct Outcome: Sendable {
        public var kind: ImportKind
        public var fileName: String
        public var sha256: String
        public var sourceLabel = ""
        /// Data rows read (valid + rejected).
        public var rowCount = 0
        public var validCount = 0
        public var issues: [ImportIssue] = []
        /// What the write did; nil when nothing was written.
        public var counts: UpsertCounts?
        /// Only checked (`importDirectory(dryRun: true)`): nothing was written or audited.
        public var dryRun = false

        public var rejectedCount: Int { rowCount - validCount }
        public var rejectedLines: [Int] { Array(Set(issues.map(\.line))).sorted() }
    }

    /// The department an upload writes to: forced to the admin's own; chosen (or taken from the
    /// file's department column when nil) by the office.
    public static func department(for principal: Principal, kind: ImportKind, requested: String?) throws(AccessRefusal) -> String? {
        switch (principal.role, kind) {
        case (.officeAdmin, .enterprises): return nil
        case (.officeAdmin, _): return requested.flatMap { $0.isEmpty ? nil : $0 }
        case (.deptAdmin, .inspectors), (.deptAdmin, .items):
            if let requested, !requested.isEmpty, requested != principal.departmentCode {
                throw .forbidden("部门管理员只能导入本部门的数据")
            }
            return principal.departmentCode
        case (.deptAdmin, .enterprises):
            throw .forbidden("检查对象名录库由办公室统一导入，部门管理员不能导入")
        default:
            throw .forbidden("您的角色无权导入数据")
        }
    }

    /// Imports the file, and audits the attempt whatever its outcome (``ImportAttemptLog``).
    func run(kind: ImportKind, data: Data, fileName: String, skipInvalid: Bool, dryRun: Bool = false, via channel: String,
             principal: Principal, requestedDepartment: String?) async throws -> Outcome {
        let department = try Self.department(for: principal, kind: kind, requested: requestedDepartment)
        let options = try await options(department: department)
        let sha256 = SecretToken.digest(data: data)
        let note = "file=\(fileName) sha256=\(sha256) via=\(channel)"
        let actor = AuditLog.Actor(principal.username)
        let list = Self.auditList(kind)
        let outcome: Outcome
        do {
            outcome = try await importRows(kind: kind, data: data, fileName: fileName, sha256: sha256, skipInvalid: skipInvalid,
                                           dryRun: dryRun, options: options, actor: actor, note: note + (skipInvalid ? " skip-invalid" : ""))
        } catch let error as ImportFileError {
            if dryRun { throw error }
            try await ImportAttemptLog.refused(on: db, list: list, actor: actor, note: note, rows: 0, rejected: 0, reason: error.description)
            throw error
        }
        if outcome.counts == nil && !dryRun {
            let reason = outcome.issues.isEmpty ? "没有可导入的行" : "\(outcome.rejectedCount) 行有错误，未写入任何数据"
            try await ImportAttemptLog.refused(on: db, list: list, actor: actor, note: note, rows: outcome.rowCount,
                                               rejected: outcome.rejectedCount, reason: reason)
        }
        return outcome
    }

    static func auditList(_ kind: ImportKind) -> ImportAttemptLog.List {
        switch kind {
        case .enterprises: .enterprises
        case .inspectors: .inspectors
        case .items: .items
        }
    }

    private func importRows(kind: ImportKind, data: Data, fileName: String, sha256: String, skipInvalid: Bool, dryRun: Bool,
                            options: ImportOptions, actor: AuditLog.Actor, note: String) async throws -> Outcome {
        var outcome = Outcome(kind: kind, fileName: fileName, sha256: sha256)
        outcome.dryRun = dryRun
        switch kind {
        case .enterprises:
            let result = try ImportValidator.enterprises(data: data, fileName: fileName, options: options)
            outcome.record(result, valid: result.valid)
            outcome.counts = try await write(result.valid.map(\.record), outcome: outcome, skipInvalid: skipInvalid) {
                try await EnterpriseDirectory(db: db).upsert($0, actor: actor, note: note)
            }
        case .inspectors:
            let result = try ImportValidator.inspectors(data: data, fileName: fileName, options: options)
            // A 执法证号 already registered by another department is refused: importing it would
            // move an officer between rosters behind that department's back.
            let owners = try await InspectorRoster(db: db).departmentsByCode()
            var valid: [ImportRow<InspectorRecord>] = []
            var taken: [ImportIssue] = []
            for row in result.valid {
                if let owner = owners[row.record.code], owner != row.record.dept {
                    taken.append(ImportIssue(line: row.line, field: InspectorColumn.code.label,
                                             message: "\(row.record.code) 已登记在其他部门（\(owner)），不能导入到 \(row.record.dept)"))
                } else {
                    valid.append(row)
                }
            }
            outcome.record(result, valid: valid, extraIssues: taken)
            outcome.counts = try await write(valid.map(\.record), outcome: outcome, skipInvalid: skipInvalid) {
                try await InspectorRoster(db: db).upsert($0, actor: actor, note: note)
            }
        case .items:
            let result = try ImportValidator.items(data: data, fileName: fileName, options: options)
            outcome.record(result, valid: result.valid)
            outcome.counts = try await write(result.valid.map(\.record), outcome: outcome, skipInvalid: skipInvalid) {
                try await ItemList(db: db).upsert($0, actor: actor, note: note)
            }
        }
        return outcome
    }

    /// What the database knows that the validator needs: the departments and their names.
    private func options(department: String?) async throws -> ImportOptions {
        var options = ImportOptions()
        let departments = try await DepartmentRepository(db: db).all().filter { (try $0.departmentKind) == .department }
        options.knownDepartments = Set(departments.map(\.code))
        options.departmentAliases = Dictionary(departments.flatMap { d in [(d.name, d.code), (d.name.replacingOccurrences(of: "清河县", with: ""), d.code)] },
                                               uniquingKeysWith: { first, _ in first })
        if let department {
            guard options.knownDepartments?.contains(department) == true else { throw StoreError.notFound(entity: "部门", key: department) }
            options.department = department
        }
        return options
    }

    /// Writes only when every row is good, or when bad rows may be skipped; never an empty batch.
    private func write<Record>(_ records: [Record], outcome: Outcome, skipInvalid: Bool, _ body: ([Record]) async throws -> UpsertCounts) async throws -> UpsertCounts? {
        guard !outcome.dryRun, outcome.issues.isEmpty || skipInvalid, !records.isEmpty else { return nil }
        return try await body(records)
    }
}

extension DirectoryImport.Outcome {
    mutating func record<Record>(_ result: ImportValidationResult<Record>, valid: [ImportRow<Record>], extraIssues: [ImportIssue] = []) {
        rowCount = result.rowCount
        validCount = valid.count
        // Stable sort: a row's own issues keep their column order.
        issues = (result.errors + extraIssues).enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        if let source = result.source {
            sourceLabel = source.format == .xlsx ? "XLSX" : "CSV（\(source.encoding?.rawValue ?? "UTF-8")）"
        }
    }
}
