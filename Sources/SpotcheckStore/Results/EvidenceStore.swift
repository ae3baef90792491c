import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// One evidence file (photo or PDF) of one department's result for one enterprise.
public struct EvidenceFile: Sendable, Equatable {
    public var id: UUID
    public var taskID: Int
    public var uscc: String
    public var department: String
    public var fileName: String
    /// `image/jpeg`, `image/png` or `application/pdf`, as the content's magic bytes say.
    public var contentType: String
    public var size: Int
    /// Lower-case hex SHA-256 of the content, shown on the form.
    public var sha256: String
    public var uploadedBy: String
    public var uploadedAt: Date
}

/// Evidence files of field results (product step 8): stored in the database with their SHA-256,
/// size-limited, only JPEG/PNG/PDF (checked by content, not by the name or the browser's
/// claim). Every upload is one transaction with its audit event; files are never changed.
public struct EvidenceStore: Sendable {
    /// The largest file accepted.
    public static let maxSize = 10 * 1024 * 1024
    public static let allowedTypes = ["image/jpeg", "image/png", "application/pdf"]

    public let db: any Database
    public init(db: any Database) { self.db = db }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    static let columns = ["id", "task_id", "uscc", "department_code", "file_name", "content_type", "size", "sha256",
                          "uploaded_by", "uploaded_at"]

    /// The content type from the first bytes: JPEG (FF D8 FF), PNG (the 8-byte signature) or PDF
    /// (`%PDF-`); nil for anything else.
    public static func detectType(_ data: Data) -> String? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }

    /// The last path component, trimmed, without control characters, at most 120 characters.
    static func cleanFileName(_ name: String, type: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if cleaned.isEmpty {
            return "evidence." + (type == "application/pdf" ? "pdf" : type == "image/png" ? "png" : "jpg")
        }
        return String(cleaned.prefix(120))
    }

    /// Stores an evidence file of `department`'s result for `uscc`. The task must be matched or
    /// under inspection and the enterprise assigned to the department.
    @discardableResult
    public func add(taskID: Int, uscc: String, department: String, fileName: String, data: Data,
                    actor: AuditLog.Actor, at date: Date = Date()) async throws -> EvidenceFile {
        let type = try Self.checkedType(data, fileName: fileName, noun: "证据文件")
        let file = EvidenceFile(
            id: UUID(), taskID: taskID, uscc: uscc, department: department, fileName: Self.cleanFileName(fileName, type: type),
            contentType: type, size: data.count, sha256: SecretToken.digest(data: data), uploadedBy: actor.name, uploadedAt: date)
        try await db.transaction { tx in
            _ = try await ResultStore(db: tx).requireInspectable(taskID: taskID, uscc: uscc, department: department)
            try await (tx as! any SQLDatabase).insert(into: "evidence_files")
                .columns(Self.columns + ["data"])
                .values(SQLBind(file.id), SQLBind(taskID), SQLBind(uscc), SQLBind(department), SQLBind(file.fileName),
                        SQLBind(type), SQLBind(file.size), SQLBind(file.sha256), SQLBind(actor.name), SQLBind(date), SQLBind(data))
                .run()
            try await AuditLog.record(on: tx, actor: actor, action: "add-evidence", entity: "evidence", entityID: file.id.uuidString,
                                      after: ["result": "\(taskID)/\(uscc)/\(department)", "file_name": file.fileName,
                                              "content_type": type, "size": String(file.size), "sha256": file.sha256], at: date)
        }
        return file
    }

    /// Withdraws a file uploaded by mistake (issue 15), only while the result is not submitted: the
    /// delete itself carries that condition and returns what it removed, so two withdrawals of one
    /// file, or a withdrawal racing 提交, remove it at most once and write at most one audit event.
    public func withdraw(id: UUID, taskID: Int, uscc: String, department: String, actor: AuditLog.Actor, at date: Date) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let removed = try await sql.delete(from: "evidence_files")
                .where("id", .equal, id).where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department)
                .where(SQLRaw("NOT EXISTS (SELECT 1 FROM inspection_results r WHERE r.task_id = evidence_files.task_id AND r.uscc = evidence_files.uscc AND r.department_code = evidence_files.department_code AND r.status <> 'draft')"))
                .returning("file_name", "sha256").all()
            guard let row = removed.first else {
                if try await sql.select().column("id").from("evidence_files").where("id", .equal, id).first() != nil {
                    throw StoreError.conflict("检查结果已提交，证据文件不能再撤回")
                }
                throw StoreError.notFound(entity: "证据文件", key: id.uuidString)
            }
            try await AuditLog.record(on: tx, actor: actor, action: "withdraw-evidence", entity: "evidence", entityID: id.uuidString,
                                      before: ["result": "\(taskID)/\(uscc)/\(department)",
                                               "file_name": try row.decode(column: "file_name", as: String.self),
                                               "sha256": try row.decode(column: "sha256", as: String.self)], at: date)
        }
    }

    /// The evidence files of one department's result for `uscc`, oldest first (without content).
    public func list(taskID: Int, uscc: String, department: String) async throws -> [EvidenceFile] {
        try await sql.select().columns(Self.columns).from("evidence_files")
            .where("task_id", .equal, taskID).where("uscc", .equal, uscc).where("department_code", .equal, department)
            .orderBy("uploaded_at").orderBy("file_name").all().map(Self.decode)
    }

    /// One file with its content, or nil.
    public func fetch(id: UUID) async throws -> (file: EvidenceFile, data: Data)? {
        guard let row = try await sql.select().columns(Self.columns + ["data"]).from("evidence_files").where("id", .equal, id).first()
        else { return nil }
        return (try Self.decode(row), try row.decode(column: "data", as: Data.self))
    }

    static func decode(_ row: any SQLRow) throws -> EvidenceFile {
        EvidenceFile(
            id: try row.decode(column: "id", as: UUID.self), taskID: try row.decode(column: "task_id", as: Int.self),
            uscc: try row.decode(column: "uscc", as: String.self), department: try row.decode(column: "department_code", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
            sha256: try row.decode(column: "sha256", as: String.self), uploadedBy: try row.decode(column: "uploaded_by", as: String.self),
            uploadedAt: try row.decode(column: "uploaded_at", as: Date.self))
    }

    /// The rules of every stored file (evidence, summary attachments): not empty, at most
    /// `maxSize`, JPEG/PNG/PDF by content. Returns the content type; `noun` names the file in
    /// the refusal.
    public static func checkedType(_ data: Data, fileName: String, noun: String) throws -> String {
        guard !data.isEmpty else { throw StoreError.invalid("请选择要上传的\(noun)（文件为空）") }
        guard data.count <= maxSize else {
            throw StoreError.invalid("\(noun)不能超过 \(maxSize / (1024 * 1024)) MB（「\(fileName)」为 \(megabytes(data.count))）")
        }
        guard let type = detectType(data) else {
            throw StoreError.invalid("\(noun)只能上传 JPEG、PNG 照片或 PDF 文件（「\(fileName)」不是这几种格式）")
        }
        return type
    }

    /// `2.4 MB`, `830 KB`, `512 B`.
    public static func megabytes(_ size: Int) -> String {
        if size >= 1024 * 1024 { return String(format: "%.1f MB", Double(size) / 1024 / 1024) }
        if size >= 1024 { return "\(Int((Double(size) / 1024).rounded())) KB" }
        return "\(size) B"
    }
}
