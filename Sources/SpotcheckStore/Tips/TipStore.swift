import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 举报线索 (issue 17): a public tip with optional photos, a receipt code for the reporter, the
/// office's triage (route to a department, or reject with a reason) and the department's
/// handling (notes, a result, a link to an inspection or a disposition). Every state change is a
/// conditional write in the transaction of its audit event. The reporter's contact is personal
/// data: it is never written to the audit log, and only `Tip` (for the office and the handling
/// department) carries it; `PublicStatus` has none of it.
public struct TipStore: Sendable {
    public let db: any Database
    public let clock: WorkClock
    public init(db: any Database, clock: WorkClock = .system) {
        self.db = db
        self.clock = clock
    }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    public static let maxContent = 2_000
    public static let minContent = 10
    public static let maxEnterpriseText = 200
    public static let maxContactName = 50
    public static let maxContactPhone = 30
    public static let maxPhotos = 3
    public static let maxPhotoSize = 5 * 1024 * 1024
    public static let maxNote = 1_000
    /// Tips one client address may submit per hour.
    public static let perAddressPerHour = 5

    public struct Submission: Sendable {
        public var uscc: String?
        public var enterpriseText: String
        public var content: String
        public var contactName: String
        public var contactPhone: String
        public var photos: [(fileName: String, data: Data)]
        public init(uscc: String?, enterpriseText: String, content: String, contactName: String = "", contactPhone: String = "",
                    photos: [(fileName: String, data: Data)] = []) {
            self.uscc = uscc
            self.enterpriseText = enterpriseText
            self.content = content
            self.contactName = contactName
            self.contactPhone = contactPhone
            self.photos = photos
        }
    }

    public struct Photo: Sendable, Equatable {
        public var id: UUID
        public var fileName: String
        public var contentType: String
        public var size: Int
        public var sha256: String
    }

    public struct Note: Sendable, Equatable {
        public var author: String
        public var note: String
        public var createdAt: Date
    }

    public struct Tip: Sendable, Equatable {
        public var id: Int
        public var receipt: String
        public var uscc: String?
        public var enterpriseText: String
        public var content: String
        public var contactName: String
        public var contactPhone: String
        public var state: TipState
        public var department: String?
        public var rejectReason: String?
        public var result: String?
        public var linkedTaskID: Int?
        public var linkedDispositionID: Int?
        public var createdAt: Date
        public var updatedAt: Date
    }

    /// What the reporter sees by the receipt code.
    public struct PublicStatus: Sendable, Equatable {
        public var receipt: String
        public var state: TipState
        public var submittedAt: Date
        public var updatedAt: Date
    }

    /// Too many tips from one address within the hour.
    public struct RateLimited: Error, Sendable, CustomStringConvertible {
        public init() {}
        public var description: String { "提交过于频繁：同一网络每小时最多提交 \(TipStore.perAddressPerHour) 条线索，请稍后再试" }
    }

    /// Checks and stores a tip; returns its receipt code. Nothing is written when any part is refused.
    public func submit(_ submission: Submission, clientHash: String) async throws -> String {
        let enterprise = submission.enterpriseText.trimmingCharacters(in: .whitespacesAndNewlines)
        let content = submission.content.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = submission.contactName.trimmingCharacters(in: .whitespacesAndNewlines)
        let phone = submission.contactPhone.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !enterprise.isEmpty || submission.uscc != nil else { throw StoreError.invalid("请填写被举报的企业名称或统一社会信用代码") }
        guard enterprise.count <= Self.maxEnterpriseText else { throw StoreError.invalid("企业名称不能超过 \(Self.maxEnterpriseText) 个字") }
        guard content.count >= Self.minContent else { throw StoreError.invalid("请具体描述看到的情况（至少 \(Self.minContent) 个字）") }
        guard content.count <= Self.maxContent else { throw StoreError.invalid("情况描述不能超过 \(Self.maxContent) 个字") }
        guard name.count <= Self.maxContactName else { throw StoreError.invalid("联系人不能超过 \(Self.maxContactName) 个字") }
        guard phone.count <= Self.maxContactPhone, phone.allSatisfy({ $0.isNumber || "+- ".contains($0) }) else {
            throw StoreError.invalid("联系电话只能包含数字、空格、+ 和 -（最多 \(Self.maxContactPhone) 个字符）")
        }
        guard submission.photos.count <= Self.maxPhotos else { throw StoreError.invalid("最多上传 \(Self.maxPhotos) 张照片") }
        var photos: [(name: String, type: String, data: Data)] = []
        for photo in submission.photos {
            guard photo.data.count <= Self.maxPhotoSize else {
                throw StoreError.invalid("每张照片不能超过 \(Self.maxPhotoSize / 1024 / 1024) MB（「\(photo.fileName)」为 \(EvidenceStore.megabytes(photo.data.count))）")
            }
            let type = try EvidenceStore.checkedType(photo.data, fileName: photo.fileName, noun: "照片")
            guard type.hasPrefix("image/") else { throw StoreError.invalid("只能上传 JPEG 或 PNG 照片（「\(photo.fileName)」不是照片）") }
            photos.append((String(photo.fileName.prefix(200)), type, photo.data))
        }
        var uscc = submission.uscc.map(USCC.normalized)
        var enterpriseText = enterprise
        if let code = uscc {
            guard let record = try await EnterpriseDirectory(db: db).find(uscc: code) else {
                throw StoreError.invalid("名录中没有统一社会信用代码为 \(code) 的企业；不在名录中的请直接填写企业名称")
            }
            enterpriseText = record.name
            uscc = record.uscc
        }
        let now = clock.now()
        let (storedUSCC, storedName, storedPhotos) = (uscc, enterpriseText, photos)
        return try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let recent = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("tips")
                .where("client_hash", .equal, clientHash).where("created_at", .greaterThan, SQLBind(now.addingTimeInterval(-3600)))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            guard recent < Self.perAddressPerHour else { throw RateLimited() }
            var generator = SystemRandomNumberGenerator()
            let receipt = TipReceipt.make(using: &generator)
            guard let row = try await sql.insert(into: "tips")
                .columns("receipt_code", "uscc", "enterprise_text", "content", "contact_name", "contact_phone", "client_hash", "state",
                         "created_at", "updated_at")
                .values(SQLBind(receipt), SQLBind(storedUSCC), SQLBind(storedName), SQLBind(content), SQLBind(name), SQLBind(phone),
                        SQLBind(clientHash), SQLBind(TipState.received.rawValue), SQLBind(now), SQLBind(now))
                .returning("id").first() else { throw StoreError.invalid("无法保存线索") }
            let id = try row.decode(column: "id", as: Int.self)
            for photo in storedPhotos {
                try await sql.insert(into: "tip_photos").columns("id", "tip_id", "file_name", "content_type", "size", "sha256", "data", "uploaded_at")
                    .values(SQLBind(UUID()), SQLBind(id), SQLBind(photo.name), SQLBind(photo.type), SQLBind(photo.data.count),
                            SQLBind(SecretToken.digest(data: photo.data)), SQLBind(photo.data), SQLBind(now)).run()
            }
            // The audit event carries the receipt and the enterprise, never the reporter's contact or the text.
            try await AuditLog.record(on: tx, actor: .init("public"), action: "submit", entity: "tip", entityID: String(id),
                                      after: ["receipt": receipt, "enterprise": storedName, "photos": String(storedPhotos.count)], at: now)
            return receipt
        }
    }

    public func status(receipt: String) async throws -> PublicStatus? {
        guard let row = try await sql.select().columns("receipt_code", "state", "created_at", "updated_at").from("tips")
            .where("receipt_code", .equal, receipt).first() else { return nil }
        let code = try row.decode(column: "state", as: String.self)
        guard let state = TipState(rawValue: code) else { throw CorruptStoredValue(entity: "tips", id: receipt, column: "state", value: code) }
        return PublicStatus(receipt: receipt, state: state, submittedAt: try row.decode(column: "created_at", as: Date.self),
                            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    public func tip(id: Int) async throws -> Tip? {
        try await sql.select().column("*").from("tips").where("id", .equal, id).first().map(Self.decode)
    }

    /// Newest first; `department` limits to the tips routed to it (a department admin's view).
    public func list(state: TipState?, department: String?, page: ListPage) async throws -> (tips: [Tip], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from("tips")
            if let state { query = query.where("state", .equal, state.rawValue) }
            if let department { query = query.where("department_code", .equal, department) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(sql.select().column("*")).orderBy("id", .descending).limit(page.size).offset(page.offset).all()
        return (try rows.map(Self.decode), total)
    }

    /// Tips per handling department (empty: not routed) and state.
    public func counts() async throws -> [String: [TipState: Int]] {
        var counts: [String: [TipState: Int]] = [:]
        for row in try await sql.select().column("department_code").column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("tips").groupBy("department_code").groupBy("state").all() {
            let department = try row.decode(column: "department_code", as: String?.self) ?? ""
            guard let state = TipState(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
            counts[department, default: [:]][state] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    public func photos(tipID: Int) async throws -> [Photo] {
        try await sql.select().columns("id", "file_name", "content_type", "size", "sha256").from("tip_photos").where("tip_id", .equal, tipID)
            .orderBy("uploaded_at").all().map { row in
                Photo(id: try row.decode(column: "id", as: UUID.self), fileName: try row.decode(column: "file_name", as: String.self),
                      contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
                      sha256: try row.decode(column: "sha256", as: String.self))
            }
    }

    public func photo(tipID: Int, id: UUID) async throws -> (photo: Photo, data: Data)? {
        guard let row = try await sql.select().column("*").from("tip_photos").where("tip_id", .equal, tipID).where("id", .equal, id).first()
        else { return nil }
        return (Photo(id: id, fileName: try row.decode(column: "file_name", as: String.self),
                      contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
                      sha256: try row.decode(column: "sha256", as: String.self)), try row.decode(column: "data", as: Data.self))
    }

    public func notes(tipID: Int) async throws -> [Note] {
        try await sql.select().columns("author", "note", "created_at").from("tip_notes").where("tip_id", .equal, tipID).orderBy("id").all().map { row in
            Note(author: try row.decode(column: "author", as: String.self), note: try row.decode(column: "note", as: String.self),
                 createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    /// The office routes a received tip to a department (once: conditional on 待分办).
    public func route(id: Int, to department: String, actor: AuditLog.Actor) async throws {
        guard try await DepartmentRepository(db: db).find(code: department) != nil else { throw StoreError.notFound(entity: "部门", key: department) }
        try await change(id, from: .received, to: .routed, set: ["department_code": SQLBind(department)], actor: actor, action: "route",
                         after: ["department": department])
    }

    /// The office does not accept a received tip, with the reason (once).
    public func reject(id: Int, reason: String, actor: AuditLog.Actor) async throws {
        let reason = try Self.checkedText(reason, noun: "不予受理的理由", max: Self.maxNote)
        try await change(id, from: .received, to: .rejected, set: ["reject_reason": SQLBind(reason)], actor: actor, action: "reject",
                         after: ["reason": reason])
    }

    /// The handling department closes a routed tip with its result, optionally linked to a task
    /// and a disposition (once).
    public func close(id: Int, result: String, taskID: Int?, dispositionID: Int?, actor: AuditLog.Actor) async throws {
        let result = try Self.checkedText(result, noun: "办理结果", max: Self.maxNote)
        try await change(id, from: .routed, to: .handled,
                         set: ["result_text": SQLBind(result), "linked_task_id": SQLBind(taskID), "linked_disposition_id": SQLBind(dispositionID)],
                         actor: actor, action: "close",
                         after: ["result": result, "task": taskID.map(String.init) ?? "", "disposition": dispositionID.map(String.init) ?? ""])
    }

    /// A note of the handling (any open tip).
    public func addNote(id: Int, note: String, actor: AuditLog.Actor) async throws {
        let note = try Self.checkedText(note, noun: "办理记录", max: Self.maxNote)
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let now = clock.now()
            guard try await sql.update("tips").set("updated_at", to: SQLBind(now)).where("id", .equal, id)
                .where("state", .in, SQLBind.group([TipState.received.rawValue, TipState.routed.rawValue])).returning("id").first() != nil
            else { throw try await missingOrClosed(id, on: sql) }
            try await sql.insert(into: "tip_notes").columns("tip_id", "author", "note", "created_at")
                .values(SQLBind(id), SQLBind(actor.name), SQLBind(note), SQLBind(now)).run()
            try await AuditLog.record(on: tx, actor: actor, action: "note", entity: "tip", entityID: String(id), after: ["note": note], at: now)
        }
    }

    func change(_ id: Int, from: TipState, to: TipState, set values: [String: SQLBind], actor: AuditLog.Actor, action: String,
                after: [String: String]) async throws {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let now = clock.now()
            var update = sql.update("tips").set("state", to: SQLBind(to.rawValue)).set("updated_at", to: SQLBind(now))
            for (column, value) in values.sorted(by: { $0.key < $1.key }) { update = update.set(SQLColumn(column), to: value) }
            guard let row = try await update.where("id", .equal, id).where("state", .equal, from.rawValue)
                .returning("receipt_code", "enterprise_text").first()
            else { throw try await missingOrClosed(id, on: sql) }
            var event = after
            event["receipt"] = try row.decode(column: "receipt_code", as: String.self)
            event["enterprise"] = try row.decode(column: "enterprise_text", as: String.self)
            event["state"] = to.label
            try await AuditLog.record(on: tx, actor: actor, action: action, entity: "tip", entityID: String(id), after: event, at: now)
        }
    }

    func missingOrClosed(_ id: Int, on sql: any SQLDatabase) async throws -> StoreError {
        guard let row = try await sql.select().column("state").from("tips").where("id", .equal, id).first() else {
            return .notFound(entity: "线索", key: String(id))
        }
        let state = TipState(rawValue: try row.decode(column: "state", as: String.self))
        return .conflict("该线索\(state?.label ?? "")，不能再办理此步骤")
    }

    static func checkedText(_ text: String, noun: String, max: Int) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError.invalid("请填写\(noun)") }
        guard trimmed.count <= max else { throw StoreError.invalid("\(noun)不能超过 \(max) 个字") }
        return trimmed
    }

    static func decode(_ row: any SQLRow) throws -> Tip {
        let id = try row.decode(column: "id", as: Int.self)
        let code = try row.decode(column: "state", as: String.self)
        guard let state = TipState(rawValue: code) else { throw CorruptStoredValue(entity: "tips", id: String(id), column: "state", value: code) }
        return Tip(id: id, receipt: try row.decode(column: "receipt_code", as: String.self), uscc: try row.decode(column: "uscc", as: String?.self),
                   enterpriseText: try row.decode(column: "enterprise_text", as: String.self), content: try row.decode(column: "content", as: String.self),
                   contactName: try row.decode(column: "contact_name", as: String.self), contactPhone: try row.decode(column: "contact_phone", as: String.self),
                   state: state, department: try row.decode(column: "department_code", as: String?.self),
                   rejectReason: try row.decode(column: "reject_reason", as: String?.self), result: try row.decode(column: "result_text", as: String?.self),
                   linkedTaskID: try row.decode(column: "linked_task_id", as: Int?.self),
                   linkedDispositionID: try row.decode(column: "linked_disposition_id", as: Int?.self),
                   createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
