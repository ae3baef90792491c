import FluentKit
import SQLKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Joint task workflow in the store")
struct TaskFlowTests {
    static let office = AuditLog.Actor("office")
    static let day = CivilDate("2024-06-07")!  // a Friday before 端午 (6-10): the deadline skips the holiday

    @Test("a department admin sets its inspector count on a draft, within team size and eligibility; publication freezes it",
          arguments: TestDatabase.available)
    func inspectorCountBeforePublication(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let draft = try await tasks.create(DemoSeed.qinghePlan, actor: Self.office)
            let admin = AuditLog.Actor("yjj-admin")
            let eligible = try await tasks.eligibleInspectors(department: "yjj", periodEnd: draft.plan.periodEnd).count
            #expect(eligible >= 3)
            let events = try await AuditEventModel.query(on: store.db).count()

            let changed = try await tasks.setInspectorCount(String(draft.id), department: "yjj", count: 3, actor: admin)
            #expect(changed.plan.departments.first { $0.department == "yjj" }?.inspectorCount == 3)
            #expect(changed.plan.departments.filter { $0.department != "yjj" } == draft.plan.departments.filter { $0.department != "yjj" })
            let event = try #require(try await AuditEventModel.query(on: store.db).sort(\.$id, .descending).first())
            #expect(event.action == "inspector_count" && event.actor == "yjj-admin")
            #expect(try await AuditEventModel.query(on: store.db).count() == events + 1)

            for (department, count) in [("yjj", draft.plan.teamSize - 1), ("yjj", eligible + 1), ("nope", 3)] {
                await #expect(throws: StoreError.self) {
                    try await tasks.setInspectorCount(String(draft.id), department: department, count: count, actor: admin)
                }
            }
            #expect(try await AuditEventModel.query(on: store.db).count() == events + 1)

            let published = try await tasks.publish(String(draft.id), actor: Self.office, today: Self.day)
            #expect(published.freeze?.inspectors.first { $0.dept == "yjj" }?.k == 3)
            await #expect(throws: TaskTransitionError.self) {
                try await tasks.setInspectorCount(String(draft.id), department: "yjj", count: 4, actor: admin)
            }
        }
    }

    @Test("publish → draw → confirm/reject → inspector draw → match gives a record the verifier accepts",
          arguments: TestDatabase.available)
    func wholeFlow(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            let created = try await tasks.create(DemoSeed.qinghePlan, actor: Self.office)
            #expect(created.state == .draft)
            #expect(try await tasks.find(DemoSeed.qingheDocumentNumber)?.id == created.id)

            // No draw before publication.
            await #expect(throws: TaskTransitionError.self) {
                try await tasks.draw(String(created.id), entropy: "x", actor: Self.office, today: Self.day)
            }

            let published = try await tasks.publish(String(created.id), actor: Self.office, today: Self.day)
            #expect(published.state == .published)
            let freeze = try #require(published.freeze)
            #expect(freeze.candidateCount > 20)
            #expect(TaskPlan.meetsFloor(selected: freeze.quotaCount, of: freeze.candidateCount))
            #expect(published.commitment?.count == 64)
            #expect(try published.publicRecord == nil)

            // Edits of the directory after publication do not change the frozen candidates.
            let objectsBefore = try await tasks.snapshot(created.id, .objects)
            let someCandidate = String(objectsBefore.split(separator: "\n")[1].split(separator: ",")[0])
            var edited = try #require(try await EnterpriseDirectory(db: store.db).find(uscc: someCandidate))
            edited.status = .deregistered
            _ = try await EnterpriseDirectory(db: store.db).update(edited, actor: Self.office)
            #expect(try await tasks.snapshot(created.id, .objects) == objectsBefore)

            let drawn = try await tasks.draw(DemoSeed.qingheDocumentNumber, entropy: "2024-06-07-witness-417-293",
                                             actor: Self.office, today: Self.day)
            #expect(drawn.state == .confirming)
            #expect(try drawn.publicRecord?.secret == "")  // not revealed before matching
            // A second draw with another entropy is refused: a task is drawn once.
            await #expect(throws: TaskTransitionError(from: .confirming, action: "抽取")) {
                try await tasks.draw(String(created.id), entropy: "another", actor: Self.office, today: Self.day)
            }
            let dispatches = try await tasks.dispatches(created.id)
            #expect(dispatches.count == freeze.quotaCount)
            // 1 working day after Friday 2024-06-07 is Tuesday 2024-06-11 (端午 Monday 6-10).
            #expect(dispatches.allSatisfy { $0.confirmBy == CivilDate("2024-06-11")! })

            // scjg rejects the first enterprise; the replacement comes from the same stratum.
            let rejected = dispatches[0]
            let replacement = try await tasks.reject(String(created.id), uscc: rejected.uscc, department: "scjg",
                                                     reason: "该企业已于2024年5月注销", actor: .init("scjg-admin"), today: Self.day)
            #expect(replacement != rejected.uscc)
            let after = try await tasks.dispatches(created.id)
            #expect(after.count == dispatches.count + 1)
            #expect(after.last?.uscc == replacement && after.last?.origin == .replacement && after.last?.stratum == rejected.stratum)
            #expect(after.first { $0.uscc == rejected.uscc }?.active == false)
            // A department cannot confirm what was not dispatched to it.
            let notSWJ = try #require(after.first(where: { $0.active && !$0.departments.contains("swj") }))
            await #expect(throws: StoreError.self) {
                try await tasks.confirm(String(created.id), uscc: notSWJ.uscc, department: "swj", actor: .init("swj-admin"))
            }
            // Matching before the inspectors are drawn is refused.
            await #expect(throws: TaskTransitionError.self) { try await tasks.match(String(created.id), actor: Self.office) }

            for dispatch in after where dispatch.active {
                for dept in dispatch.departments {
                    try await tasks.confirm(String(created.id), uscc: dispatch.uscc, department: dept, actor: .init("\(dept)-admin"))
                }
            }
            #expect(try await tasks.pendingConfirmations(created.id).values.reduce(0, +) == 0)

            for plan in DemoSeed.qinghePlan.departments {
                let codes = try await tasks.drawInspectors(String(created.id), department: plan.department, actor: .init("\(plan.department)-admin"))
                #expect(codes.count == plan.inspectorCount)
                // Drawn once: refused as a repeat while others still draw; after the last department the task has moved on.
                if plan.department == DemoSeed.qinghePlan.departments.last?.department {
                    await #expect(throws: TaskTransitionError(from: .inspectorsDrawn, action: "抽取执法检查人员")) {
                        try await tasks.drawInspectors(String(created.id), department: plan.department, actor: .init("x"))
                    }
                } else {
                    await #expect(throws: StoreError.conflict("部门 \(plan.department) 已抽取执法检查人员，不能重抽")) {
                        try await tasks.drawInspectors(String(created.id), department: plan.department, actor: .init("x"))
                    }
                }
            }
            #expect(try await tasks.require(String(created.id)).state == .inspectorsDrawn)
            let yjjDrawn = try await tasks.drawnInspectors(created.id, department: "yjj")
            let sick = yjjDrawn[1].code
            let substitute = try await tasks.rejectInspector(String(created.id), code: sick, department: "yjj", reason: "病假", actor: .init("yjj-admin"))
            #expect(substitute != sick)

            let matched = try await tasks.match(String(created.id), actor: Self.office)
            #expect(matched.state == .matched)
            let record = try #require(try matched.publicRecord)
            #expect(record.secret.count == 64)
            #expect(record.objects.flatMap(\.rejected) == [rejected.uscc])
            #expect(record.objects.flatMap(\.replacements) == [replacement])
            #expect(record.inspectors.first { $0.dept == "yjj" }?.rejected == [sick])

            // The offline verifier accepts the live record with the frozen lists, and so does a full rerun.
            let inputs = try await tasks.frozenInputs(created.id)
            #expect(DrawVerifier.verify(record, inputs: inputs) == .verified)
            let secret = try #require(Hex.decode(record.secret))
            let rerun = try DrawEngine.run(inputs, DrawParameters(
                secret: secret, entropy: record.entropy, ratios: DemoSeed.qinghePlan.ratioTable,
                inspectorsPerDepartment: Dictionary(uniqueKeysWithValues: DemoSeed.qinghePlan.departments.map { ($0.department, $0.inspectorCount) }),
                teamSize: 2, rejectedEnterprises: [rejected.uscc], rejectedInspectors: [sick]))
            #expect(rerun == record)
            #expect(try await AuditLog.verify(on: store.db).isIntact)

            // Every active enterprise has a team of each of its departments.
            let count = try await (store.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("task_assignments").where("task_id", .equal, created.id).first()?.decode(column: "n", as: Int.self)
            #expect(count == after.filter(\.active).reduce(0) { $0 + $1.departments.count })
        }
    }

    @Test("plans are validated and published tasks are frozen", arguments: TestDatabase.available)
    func validation(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: false)
            let tasks = TaskStore(db: store.db)
            var plan = DemoSeed.qinghePlan
            plan.teamSize = 1
            plan.departments[0].itemCodes = ["NOPE-1"]
            plan.ratios = [.a: 500, .b: 500, .c: 500, .d: 500]
            do {
                _ = try await tasks.create(plan, actor: Self.office)
                Issue.record("expected the plan to be refused")
            } catch let error as TaskPlanInvalid {
                let fields = Set(error.problems.map(\.field))
                #expect(fields.contains("team_size"))
                #expect(fields.contains("ratios"))
                #expect(fields.contains("departments.yjj.items"))
            }
            // The floor is checked on the real counts at publication unless a written reason is given.
            plan = DemoSeed.qinghePlan
            plan.ratios = [.a: 1000, .b: 1000, .c: 1000, .d: 5000]
            let low = try await tasks.create(plan, actor: Self.office)
            await #expect(throws: StoreError.self) { try await tasks.publish(String(low.id), actor: Self.office) }
            #expect(try await tasks.require(String(low.id)).state == .draft)
            plan.ratioOverrideReason = "上级部门统一部署，本年度已开展专项检查"
            _ = try await tasks.update(String(low.id), plan: plan, actor: Self.office)
            let published = try await tasks.publish(String(low.id), actor: Self.office)
            #expect(published.state == .published)
            await #expect(throws: TaskTransitionError.self) { try await tasks.update(String(low.id), plan: plan, actor: Self.office) }
            await #expect(throws: StoreError.self) { _ = try await tasks.cancel(String(low.id), reason: "  ", actor: Self.office) }
            let cancelled = try await tasks.cancel(String(low.id), reason: "县政府调整工作安排", actor: Self.office)
            #expect(cancelled.state == .cancelled && cancelled.cancelReason == "县政府调整工作安排")
            await #expect(throws: TaskTransitionError.self) {
                try await tasks.draw(String(low.id), entropy: "e", actor: Self.office)
            }
            // A duplicate document number is refused.
            await #expect(throws: StoreError.self) { _ = try await tasks.create(plan, actor: Self.office) }
        }
    }

    @Test("the demo contains the Qinghe 2024 task drawn, confirmed, matched and verifiable", arguments: TestDatabase.available)
    func demoTask(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, results: true)
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            #expect(task.state == .inspecting)  // matched, and the demo's field results have started
            let record = try #require(try task.publicRecord)
            #expect(record.entropy == "2024-05-27-witness-417-293")
            #expect(record.objects.flatMap(\.rejected).count == 1)
            #expect(record.inspectors.first { $0.dept == "xf" }?.rejected.count == 1)
            #expect(Set(record.teams.map(\.dept)) == ["scjg", "swj", "xf", "yjj"])
            #expect(DrawVerifier.verify(record, inputs: try await tasks.frozenInputs(task.id)) == .verified)
            let dispatches = try await tasks.dispatches(task.id)
            #expect(dispatches.first?.dispatchedOn == CivilDate("2024-05-27"))
            #expect(dispatches.first?.confirmBy == CivilDate("2024-05-28"))
            // The demo inspector accounts are linked to officers on teams.
            let linked = try await (store.db as! any SQLDatabase).select().column("inspector_code").from("users")
                .where("username", .equal, "yjj-01").first()?.decode(column: "inspector_code", as: String?.self)
            let yjjTeams = try #require(record.teams.first { $0.dept == "yjj" })
            #expect(yjjTeams.teams.joined().contains(try #require(linked)))
            #expect(try await AuditLog.verify(on: store.db).isIntact)
        }
    }
}
