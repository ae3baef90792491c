import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 工作总结 of a task per department (issue 16): saved while a draft, submitted once (a
/// conditional write from 草稿 in the transaction of its audit event), attachments stored like
/// evidence and only while the summary is a draft.
public struct SummaryStore: Sendable {
    public let db: any Database
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The longest text of each part.
    public static let maxText = 5_000

    public struct Summary: Sendable, Equatable {
        public var taskID: Int
        public var department: String
        public var experience: String
        public var problems: String
        public var suggestions: String
        public var submitted: Bool
        public var savedBy: String
        public var savedAt: Date
        public var submittedBy: String?
        public var submittedAt: Date?
    }

    public struct Content: Sendable, Equatable {
        public var experience: String
        public var problems: String
        public var suggestions: String
        public init(experience: String, problems: String, suggestions: String) {
            self.experience = experience
            self.problems = problems
            self.suggestions = suggestions
        }
        var trimmed: Content {
            Content(experience: experience.trimmingCharacters(in: .whitespacesAndNewlines),
                    problems: problems.trimmingCharacters(in: .whitespacesAndNewlines),
                    suggestions: suggestions.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    public func summaries(taskID: Int) async throws -> [String: Summary] {
        Dictionary(try await query().where("task_id", .equal, taskID).all().map(Self.decode).map { ($0.department, $0) },
                   uniquingKeysWith: { first, _ in first })
    }

    public func summary(taskID: Int, department: String) async throws -> Summary? {
        try await query().where("task_id", .equal, taskID).where("department_code", .equal, department).first().map(Self.decode)
    }

    /// Saves the draft (creating it on the first save); refused once submitted.
    @discardableResult
    public func save(taskID: Int, department: String, _ content: Content, actor: AuditLog.Actor) async throws -> Summary {
        let content = content.trimmed
        try Self.check(content, submitting: false)
        return try await db.transaction { tx in
            let store = SummaryStore(db: tx, clock: clock)
            let now = clock.now()
            try await store.sql.insert(into: "task_summaries")
                .columns("task_id", "department_code", "experience", "problems", "suggestions", "state", "saved_by", "saved_at")
                .values(SQLBind(taskID), SQLBind(department), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind("draft"), SQLBind(actor.name), SQLBind(now))
                .ignoringConflicts(with: ["task_id", "department_code"]).run()
            guard try await store.sql.update("task_summaries").set("experience", to: content.experience).set("problems", to: content.problems)
                .set("suggestions", to: content.suggestions).set("saved_by", to: actor.name).set("saved_at", to: now)
                .where("task_id", .equal, taskID).where("department_code", .equal, department).where("state", .equal, "draft")
                .returning("task_id").first() != nil
            else { throw StoreError.conflict("本部门的工作总结已提交，不能再修改") }
            try await AuditLog.record(on: tx, actor: actor, action: "save-summary", entity: "task_summary", entityID: "\(taskID)/\(department)",
                                      after: ["experience": String(content.experience.prefix(200)), "problems": String(content.problems.prefix(200)),
                                              "suggestions": String(content.suggestions.prefix(200))], at: now)
            return try await store.summary(taskID: taskID, department: department)!
        }
    }

    /// Submits the saved summary to the office, once; every part must be written.
    @discardableResult
    public func submit(taskID: Int, department: String, actor: AuditLog.Actor) async throws -> Summary {
        try await db.transaction { tx in
            let store = SummaryStore(db: tx, clock: clock)
            guard let current = try await store.summary(taskID: taskID, department: department) else {
                throw StoreError.invalid("请先填写并保存工作总结")
            }
            try Self.check(Content(experience: current.experience, problems: current.problems, suggestions: current.suggestions), submitting: true)
            let now = clock.now()
            guard try await store.sql.update("task_summaries").set("state", to: "submitted").set("submitted_by", to: actor.name)
                .set("submitted_at", to: now).where("task_id", .equal, taskID).where("department_code", .equal, department)
                .where("state", .equal, "draft").returning("task_id").first() != nil
            else { throw StoreError.conflict("本部门的工作总结已提交") }
            try await AuditLog.record(on: tx, actor: actor, action: "submit-summary", entity: "task_summary", entityID: "\(taskID)/\(department)", at: now)
            return try await store.summary(taskID: taskID, department: department)!
        }
    }

    // MARK: Attachments

    /// Attaches a file (JPEG, PNG or PDF, checked by content; at most `EvidenceStore.maxSize`) to a draft summary.
    @discardableResult
    public func attach(taskID: Int, department: String, fileName: String, data: Data, actor: AuditLog.Actor) async throws -> EvidenceFile {
        let type = try EvidenceStore.checkedType(data, fileName: fileName, noun: "附件")
        let now = clock.now()
        let file = EvidenceFile(id: UUID(), taskID: taskID, uscc: "", department: department, fileName: EvidenceStore.cleanFileName(fileName, type: type),
                                contentType: type, size: data.count, sha256: SecretToken.digest(data: data), uploadedBy: actor.name, uploadedAt: now)
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            if let state = try await sql.select().column("state").from("task_summaries").where("task_id", .equal, taskID)
                .where("department_code", .equal, department).first()?.decode(column: "state", as: String.self), state != "draft" {
                throw StoreError.conflict("本部门的工作总结已提交，不能再添加附件")
            }
            try await sql.insert(into: "summary_files")
                .columns("id", "task_id", "department_code", "file_name", "content_type", "size", "sha256", "data", "uploaded_by", "uploaded_at")
                .values(SQLBind(file.id), SQLBind(taskID), SQLBind(department), SQLBind(file.fileName), SQLBind(type), SQLBind(file.size),
                        SQLBind(file.sha256), SQLBind(data), SQLBind(actor.name), SQLBind(now)).run()
            try await AuditLog.record(on: tx, actor: actor, action: "attach-summary-file", entity: "task_summary", entityID: "\(taskID)/\(department)",
                                      after: ["file_name": file.fileName, "size": String(file.size), "sha256": file.sha256], at: now)
        }
        return file
    }

    public func files(taskID: Int, department: String? = nil) async throws -> [EvidenceFile] {
        var q = sql.select().columns("id", "task_id", "department_code", "file_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
            .from("summary_files").where("task_id", .equal, taskID)
        if let department { q = q.where("department_code", .equal, department) }
        return try await q.orderBy("uploaded_at").all().map(Self.decodeFile)
    }

    public func file(id: UUID) async throws -> (file: EvidenceFile, data: Data)? {
        guard let row = try await sql.select().columns("id", "task_id", "department_code", "file_name", "content_type", "size", "sha256",
                                                       "uploaded_by", "uploaded_at", "data").from("summary_files").where("id", .equal, id).first()
        else { return nil }
        return (try Self.decodeFile(row), try row.decode(column: "data", as: Data.self))
    }

    static func check(_ content: Content, submitting: Bool) throws {
        for (label, text) in [("经验做法", content.experience), ("存在问题", content.problems), ("意见建议", content.suggestions)] {
            if text.count > maxText { throw StoreError.invalid("「\(label)」不能超过 \(maxText) 字（现为 \(text.count) 字）") }
            if submitting && text.isEmpty { throw StoreError.invalid("提交前请填写「\(label)」") }
        }
    }

    func query() -> SQLSelectBuilder {
        sql.select().columns("task_id", "department_code", "experience", "problems", "suggestions", "state", "saved_by", "saved_at",
                             "submitted_by", "submitted_at").from("task_summaries")
    }

    static func decode(_ row: any SQLRow) throws -> Summary {
        Summary(taskID: try row.decode(column: "task_id", as: Int.self), department: try row.decode(column: "department_code", as: String.self),
                experience: try row.decode(column: "experience", as: String.self), problems: try row.decode(column: "problems", as: String.self),
                suggestions: try row.decode(column: "suggestions", as: String.self),
                submitted: try row.decode(column: "state", as: String.self) == "submitted",
                savedBy: try row.decode(column: "saved_by", as: String.self), savedAt: try row.decode(column: "saved_at", as: Date.self),
                submittedBy: try row.decodeOptionalText("submitted_by"),
                submittedAt: try row.decodeNil(column: "submitted_at") ? nil : try row.decode(column: "submitted_at", as: Date.self))
    }

    static func decodeFile(_ row: any SQLRow) throws -> EvidenceFile {
        EvidenceFile(id: try row.decode(column: "id", as: UUID.self), taskID: try row.decode(column: "task_id", as: Int.self), uscc: "",
                     department: try row.decode(column: "department_code", as: String.self),
                     fileName: try row.decode(column: "file_name", as: String.self), contentType: try row.decode(column: "content_type", as: String.self),
                     size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
                     uploadedBy: try row.decode(column: "uploaded_by", as: String.self), uploadedAt: try row.decode(column: "uploaded_at", as: Date.self))
    }
}
