import FluentKit
import Foundation
import SpotcheckCore

/// Synthetic data at scale, beside the demo: the benchmarks (`spotcheck bench task`,
/// `spotcheck bench public`) and the tests of paged pages need directories and tasks far larger
/// than the county's 300 enterprises.
extension DemoSeed {
    /// The item the synthetic task inspects for 应急管理局.
    public static let syntheticItemCode = "BENCH-1"

    /// `count` active enterprises spread over the four risk classes, coded `91130534` plus nine
    /// digits from `start` (no demo code is all digits there, so they never collide).
    public static func syntheticEnterprises(count: Int, start: Int = 0) -> [EnterpriseRecord] {
        let classes: [RiskClass] = [.a, .b, .b, .c, .c, .c, .d]
        var records: [EnterpriseRecord] = []
        records.reserveCapacity(count)
        for index in start..<(start + count) {
            records.append(EnterpriseRecord(
                uscc: USCC.complete(prefix: "91130534" + String(format: "%09d", index))!, name: "清河县基准企业\(index)有限公司",
                legalRepresentative: "张三", address: "清河县", regionCode: "130534", industry: "制造业", tags: [.industryAndTrade],
                riskClass: classes[index % classes.count], status: .active, phone: ""))
        }
        return records
    }

    /// 应急管理局's synthetic item and six inspectors, enough for ``syntheticPlan``.
    public static func seedSyntheticDepartment(on db: any Database, actor: AuditLog.Actor) async throws {
        _ = try await ItemList(db: db).upsert([InspectionItemRecord(
            dept: "yjj", code: syntheticItemCode, name: "基准检查事项", subItems: [], legalBasis: "基准", subject: "清河县应急管理局",
            scopeTags: [], methods: [.onSite], defaultRatioBasisPoints: 2000, frequency: "", materials: [])], actor: actor)
        _ = try await InspectorRoster(db: db).upsert((1...6).map {
            InspectorRecord(code: "13053499\(String(format: "%04d", $0))", name: "基准人员\($0)", dept: "yjj",
                            certificateExpiry: CivilDate("2030-12-31"))
        }, actor: actor)
    }

    /// 应急管理局 alone drawing 20 % of every risk class of the whole directory.
    public static func syntheticPlan(documentNumber: String) -> TaskPlan {
        TaskPlan(documentNumber: documentNumber, title: "基准任务", periodStart: CivilDate("2026-01-05")!, periodEnd: CivilDate("2026-03-31")!,
                 leadDepartment: "yjj", departments: [TaskDepartmentPlan(department: "yjj", itemCodes: [syntheticItemCode], inspectorCount: 2)],
                 ratios: [.a: 2000, .b: 2000, .c: 2000, .d: 2000], entropySource: "基准")
    }

    /// Adds `enterprises` synthetic enterprises (and the synthetic item and inspectors) to a seeded
    /// database, then creates, publishes and draws a task over the directory: with nothing else
    /// in it, a fifth of `enterprises` drawn (250,000 give a task of 50,000 drawn enterprises).
    @discardableResult
    public static func seedLargeTask(on db: any Database, enterprises: Int, documentNumber: String = "BENCH-PUBLIC",
                                     today: CivilDate = CivilDate("2026-01-05")!) async throws -> TaskInfo {
        let actor = AuditLog.Actor("bench")
        try await seedSyntheticDepartment(on: db, actor: actor)
        let batch = 50_000
        for start in stride(from: 0, to: enterprises, by: batch) {
            _ = try await EnterpriseDirectory(db: db).upsert(syntheticEnterprises(count: min(batch, enterprises - start), start: start), actor: actor)
        }
        let tasks = TaskStore(db: db)
        let task = try await tasks.create(syntheticPlan(documentNumber: documentNumber), actor: actor)
        _ = try await tasks.publish(String(task.id), actor: actor, today: today)
        return try await tasks.draw(String(task.id), entropy: "\(documentNumber)-entropy", actor: actor, today: today)
    }
}
