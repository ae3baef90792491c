import FluentKit
import Foundation
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Field results, deadlines, progress and evidence in the store")
struct ResultStoreTests {
    /// The demo task (清双随机办〔2024〕21号, already matched) and one enterprise/department part of
    /// it that has items and no result yet (the demo may hold results for others).
    static func target(_ db: any Database, skip: Set<String> = []) async throws
        -> (task: TaskInfo, uscc: String, part: InspectionForm.DepartmentPart)
    {
        let tasks = TaskStore(db: db)
        let task = try #require(try await tasks.find(DemoSeed.qingheDocumentNumber))
        let results = ResultStore(db: db)
        for summary in try await tasks.forms(taskID: task.id) {
            for team in summary.teams where !skip.contains("\(summary.uscc)/\(team.department)") {
                guard try await results.find(taskID: task.id, uscc: summary.uscc, department: team.department) == nil else { continue }
                let form = try await tasks.form(taskID: task.id, uscc: summary.uscc)
                if let part = form.departments.first(where: { $0.department == team.department && !$0.items.isEmpty }) {
                    return (task, summary.uscc, part)
                }
            }
        }
        Issue.record("no enterprise of the demo task without a result")
        throw StoreError.invalid("no target")
    }

    /// A complete result: one problem item, on-site Q&A, a refusal to sign with its witness.
    static func complete(_ part: InspectionForm.DepartmentPart, date: String = "2024-06-18") -> ResultInput {
        var items = part.items.map { ResultInput.Item(itemCode: $0.code, methods: [$0.methods.first ?? .onSite]) }
        items[0].problem = true
        items[0].finding = "未按规定公示年度报告"
        items[0].problemKind = ProblemKind.unpublishedInformation.rawValue
        return ResultInput(inspectionDate: CivilDate(date)!, category: .pendingFollowUp, items: items, onsiteAnswer: true,
                           onsiteNote: "解答年报填报问题", signatureRefused: true, refusalNote: "法定代表人拒签；见证人：社区网格员李某 13800000000")
    }

    @Test("draft → submit (problems refused by field) → approve → correct, audited and chained", arguments: TestDatabase.available)
    func workflow(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await Self.target(store.db)
            let results = ResultStore(db: store.db)
            let inspector = AuditLog.Actor("\(part.department)-01")
            let dept = part.department

            // A draft may be incomplete; saving it moves the matched task to 检查中.
            let draft = ResultInput(inspectionDate: nil, category: .noProblem,
                                    items: part.items.map { ResultInput.Item(itemCode: $0.code, methods: []) })
            try await results.saveDraft(taskID: task.id, uscc: uscc, department: dept, input: draft, actor: inspector)
            let saved = try #require(try await results.find(taskID: task.id, uscc: uscc, department: dept))
            #expect(saved.status == .draft && saved.input.items.map(\.itemCode) == part.items.map(\.code))
            #expect(try await TaskStore(db: store.db).require(String(task.id)).state == .inspecting)

            // Submission is refused with one problem per field.
            var bad = draft
            bad.category = .pendingFollowUp
            bad.onsiteAnswer = true
            bad.signatureRefused = true
            let error = await #expect(throws: ResultInvalid.self) {
                try await results.submit(taskID: task.id, uscc: uscc, department: dept, input: bad, actor: inspector)
            }
            let fields = Set(error?.problems.map(\.field) ?? [])
            #expect(fields.isSuperset(of: ["inspection_date", "category", "onsite_note", "refusal_note", "items.\(part.items[0].code).methods"]))
            #expect(error?.problems.allSatisfy { !$0.message.isEmpty && $0.message.unicodeScalars.contains { $0.value > 0x4E00 } } == true)
            #expect(try await results.find(taskID: task.id, uscc: uscc, department: dept)?.status == .draft)

            // A complete result is submitted with its due date and the team.
            let input = Self.complete(part)
            try await results.submit(taskID: task.id, uscc: uscc, department: dept, input: input, actor: inspector)
            let submitted = try #require(try await results.find(taskID: task.id, uscc: uscc, department: dept))
            #expect(submitted.status == .submitted && submitted.submittedBy == inspector.name)
            #expect(submitted.dueDate == ResultDeadline.due(inspectedOn: CivilDate("2024-06-18")!))
            #expect(submitted.input.problemCount == 1 && submitted.input.refusalNote.contains("见证人"))
            for member in part.team { #expect(submitted.members.contains(member.code)) }

            // Inspectors cannot change a submitted result, and it cannot be submitted twice.
            await #expect(throws: StoreError.self) {
                try await results.saveDraft(taskID: task.id, uscc: uscc, department: dept, input: input, actor: inspector)
            }
            await #expect(throws: StoreError.self) {
                try await results.submit(taskID: task.id, uscc: uscc, department: dept, input: input, actor: inspector)
            }

            let admin = AuditLog.Actor("\(dept)-admin")
            try await results.approve(taskID: task.id, uscc: uscc, department: dept, actor: admin)
            let approved = try #require(try await results.find(taskID: task.id, uscc: uscc, department: dept))
            #expect(approved.status == .approved && approved.approvedBy == admin.name && approved.approvedAt != nil)
            await #expect(throws: StoreError.self) {
                try await results.approve(taskID: task.id, uscc: uscc, department: dept, actor: admin)
            }

            // A correction needs a reason; it keeps the status and records before and after.
            var corrected = input
            corrected.items[0].finding = "未按规定公示2023年度报告"
            await #expect(throws: StoreError.self) {
                try await results.correct(taskID: task.id, uscc: uscc, department: dept, input: corrected, reason: "  ", actor: admin)
            }
            try await results.correct(taskID: task.id, uscc: uscc, department: dept, input: corrected, reason: "补充年度", actor: admin)
            let after = try #require(try await results.find(taskID: task.id, uscc: uscc, department: dept))
            #expect(after.status == .approved && after.input.items[0].finding == "未按规定公示2023年度报告")

            let events = try await AuditEventModel.query(on: store.db).filter(\.$entity == "result")
                .filter(\.$entityID == "\(task.id)/\(uscc)/\(dept)").sort(\.$id).all()
            #expect(events.map(\.action) == ["save-result", "submit-result", "approve-result", "correct-result"])
            let correction = try #require(events.last)
            #expect(correction.actor == admin.name)
            #expect(correction.beforeJSON?.contains("未按规定公示年度报告") == true)
            #expect(correction.afterJSON?.contains("未按规定公示2023年度报告") == true && correction.afterJSON?.contains("补充年度") == true)
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }

    @Test("overdue: submitted and not approved after the 20th working day, by department", arguments: TestDatabase.available)
    func overdue(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await Self.target(store.db)
            let results = ResultStore(db: store.db)
            let key = { (r: InspectionResult) in r.taskID == task.id && r.uscc == uscc && r.department == part.department }
            try await results.submit(taskID: task.id, uscc: uscc, department: part.department, input: Self.complete(part),
                                     actor: .init("inspector"))
            // 2024-06-18 (Tue) + 20 working days, with 端午 (2024-06-10) already past: 2024-07-16.
            let due = ResultDeadline.due(inspectedOn: CivilDate("2024-06-18")!)
            #expect(due == CivilDate("2024-07-16")!)
            #expect(try await results.overdue(today: due).contains(where: key) == false)
            let late = try await results.overdue(today: due.adding(days: 1))
            #expect(late.contains(where: key))
            #expect(try await results.overdue(today: due.adding(days: 1), department: part.department).contains(where: key))
            let other = part.department == "scjg" ? "swj" : "scjg"
            #expect(try await results.overdue(today: due.adding(days: 1), department: other).contains(where: key) == false)
            #expect(try #require(late.first(where: key)).isOverdue(today: due.adding(days: 1)))

            try await results.approve(taskID: task.id, uscc: uscc, department: part.department, actor: .init("admin"))
            #expect(try await results.overdue(today: due.adding(days: 30)).contains(where: key) == false)
        }
    }

    @Test("progress per department: drawn, inspected, submitted, published", arguments: TestDatabase.available)
    func progress(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await Self.target(store.db)
            let results = ResultStore(db: store.db)
            let sql = store.db as! any SQLDatabase
            func row() async throws -> ResultProgress {
                try #require(try await results.progress().first { $0.taskID == task.id && $0.department == part.department })
            }
            let before = try await row()
            let assigned = try await sql.select().column("uscc").from("task_assignments").where("task_id", .equal, task.id)
                .where("department_code", .equal, part.department).all().count
            #expect(before.drawn == assigned && before.documentNumber == DemoSeed.qingheDocumentNumber)
            #expect(before.inspected >= before.submitted && before.submitted >= before.published)
            // Every participating department has a row; a department filter keeps only its own.
            #expect(Set(try await results.progress().filter { $0.taskID == task.id }.map(\.department)) == Set(task.plan.departments.map(\.department)))
            #expect(try await results.progress(department: part.department).allSatisfy { $0.department == part.department })

            let input = Self.complete(part)
            try await results.saveDraft(taskID: task.id, uscc: uscc, department: part.department, input: input, actor: .init("i"))
            var now = try await row()
            #expect(now.inspected == before.inspected + 1 && now.submitted == before.submitted && now.published == before.published)
            try await results.submit(taskID: task.id, uscc: uscc, department: part.department, input: input, actor: .init("i"))
            now = try await row()
            #expect(now.inspected == before.inspected + 1 && now.submitted == before.submitted + 1 && now.published == before.published)
            try await results.approve(taskID: task.id, uscc: uscc, department: part.department, actor: .init("a"))
            now = try await row()
            #expect(now.submitted == before.submitted + 1 && now.published == before.published + 1 && now.state == .inspecting)
        }
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 300)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 100)
    static let pdf = Data("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)

    @Test("evidence: JPEG/PNG/PDF by magic bytes, 10 MB limit, SHA-256, listed per form, audited", arguments: TestDatabase.available)
    func evidence(database: TestDatabase) async throws {
        #expect(EvidenceStore.detectType(Self.png) == "image/png")
        #expect(EvidenceStore.detectType(Self.jpeg) == "image/jpeg")
        #expect(EvidenceStore.detectType(Self.pdf) == "application/pdf")
        #expect(EvidenceStore.detectType(Data("<html>".utf8)) == nil)
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords)
            let (task, uscc, part) = try await Self.target(store.db)
            let evidence = EvidenceStore(db: store.db)
            let actor = AuditLog.Actor("\(part.department)-01")
            let photo = try await evidence.add(taskID: task.id, uscc: uscc, department: part.department, fileName: "C:\\照片\\现场.png",
                                               data: Self.png, actor: actor)
            #expect(photo.fileName == "现场.png" && photo.contentType == "image/png" && photo.size == Self.png.count)
            #expect(photo.sha256 == SecretToken.digest(data: Self.png) && photo.sha256.count == 64)
            // Named .jpg but a PDF inside: the content decides.
            let report = try await evidence.add(taskID: task.id, uscc: uscc, department: part.department, fileName: "检测报告.jpg",
                                                data: Self.pdf, actor: actor)
            #expect(report.contentType == "application/pdf")

            let listed = try await evidence.list(taskID: task.id, uscc: uscc, department: part.department)
            #expect(Set(listed.map(\.id)) == [photo.id, report.id])
            #expect(try await evidence.list(taskID: task.id, uscc: uscc, department: "nobody").isEmpty)
            let fetched = try #require(try await evidence.fetch(id: photo.id))
            #expect(fetched.data == Self.png && fetched.file == listed.first { $0.id == photo.id })
            #expect(try await evidence.fetch(id: UUID()) == nil)

            // Refused: too large, not an image or PDF, empty, or not the department's enterprise.
            let big = Self.jpeg + Data(count: EvidenceStore.maxSize)
            for (name, data) in [("big.jpg", big), ("page.html", Data("<html>".utf8)), ("empty.png", Data())] {
                await #expect(throws: StoreError.self, "\(name)") {
                    try await evidence.add(taskID: task.id, uscc: uscc, department: part.department, fileName: name, data: data, actor: actor)
                }
            }
            let exactlyMax = Self.jpeg + Data(count: EvidenceStore.maxSize - Self.jpeg.count)
            let largest = try await evidence.add(taskID: task.id, uscc: uscc, department: part.department, fileName: "max.jpg",
                                                 data: exactlyMax, actor: actor)
            #expect(largest.size == EvidenceStore.maxSize)
            let inTask = Set(try await TaskStore(db: store.db).forms(taskID: task.id).map(\.uscc))
            var others: [String] = []
            try await EnterpriseDirectory(db: store.db).forEach { if !inTask.contains($0.uscc) { others.append($0.uscc) } }
            let unassigned = try #require(others.first)
            await #expect(throws: StoreError.self) {
                try await evidence.add(taskID: task.id, uscc: unassigned, department: part.department, fileName: "a.png",
                                       data: Self.png, actor: actor)
            }

            let events = try await AuditEventModel.query(on: store.db).filter(\.$action == "add-evidence").all()
            #expect(events.count == 3)
            #expect(events.contains { $0.entityID == photo.id.uuidString && $0.afterJSON?.contains(photo.sha256) == true })
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
