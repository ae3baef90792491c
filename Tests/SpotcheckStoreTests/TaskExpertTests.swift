import FluentKit
import SpotcheckCore
import SpotcheckStore
import SpotcheckTestSupport
import Testing

@Suite("Experts on matched teams")
struct TaskExpertTests {
    @Test("a department adds its in-service experts to its own teams; they join the 一企一表, not the draw or the team size",
          arguments: TestDatabase.available)
    func expertsJoinTeams(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await DemoSeed.seed(on: store.db, passwords: store.passwords, directory: true, task: true)
            let tasks = TaskStore(db: store.db)
            let task = try await tasks.require(DemoSeed.qingheDocumentNumber)
            #expect(task.state == .matched)
            let record = try #require(task.recordJSON)
            let admin = AuditLog.Actor("yjj-admin")
            let expert = try #require(try await tasks.availableExperts(department: "yjj").first)
            let yjjTeams = try #require(try task.record?.teams.first { $0.dept == "yjj" })
            let enterprise = try #require(yjjTeams.assignments.first { $0.team == 0 }?.enterprise)
            let officers = try await tasks.form(taskID: task.id, uscc: enterprise).team

            let added = try await tasks.addExpert(String(task.id), department: "yjj", teamIndex: 0, expertCode: expert.code, actor: admin)
            #expect(added.name == expert.name && added.teamIndex == 0)
            let form = try await tasks.form(taskID: task.id, uscc: enterprise)
            #expect(form.team.count == officers.count + 1)
            #expect(form.team.filter(\.isExpert).map(\.code) == [expert.code])
            #expect(form.team.filter { !$0.isExpert } == officers)
            // Not drawn, not in the record, not a team member of the protocol.
            #expect(try await tasks.require(String(task.id)).recordJSON == record)
            #expect(!yjjTeams.teams[0].contains(expert.code))
            let event = try #require(try await AuditEventModel.query(on: store.db).sort(\.$id, .descending).first())
            #expect(event.action == "expert_add" && event.actor == "yjj-admin")

            // Refused: twice on one team, an officer, a team that does not exist, a department not in the task.
            await #expect(throws: StoreError.self) {
                try await tasks.addExpert(String(task.id), department: "yjj", teamIndex: 0, expertCode: expert.code, actor: admin)
            }
            await #expect(throws: StoreError.self) {
                try await tasks.addExpert(String(task.id), department: "yjj", teamIndex: 0, expertCode: yjjTeams.teams[0][0], actor: admin)
            }
            await #expect(throws: StoreError.self) {
                try await tasks.addExpert(String(task.id), department: "yjj", teamIndex: yjjTeams.teams.count, expertCode: expert.code, actor: admin)
            }
            await #expect(throws: StoreError.self) {
                try await tasks.addExpert(String(task.id), department: "zz", teamIndex: 0, expertCode: expert.code, actor: admin)
            }

            try await tasks.removeExpert(String(task.id), department: "yjj", teamIndex: 0, expertCode: expert.code, actor: admin)
            #expect(try await tasks.experts(task.id).isEmpty)
            #expect(try await tasks.form(taskID: task.id, uscc: enterprise).team == officers)
            await #expect(throws: StoreError.self) {
                try await tasks.removeExpert(String(task.id), department: "yjj", teamIndex: 0, expertCode: expert.code, actor: admin)
            }

            // Only while teams exist: a fresh draft takes none.
            var plan = DemoSeed.qinghePlan
            plan.documentNumber = "清双随机办〔2024〕99号"
            let draft = try await tasks.create(plan, actor: admin)
            await #expect(throws: TaskTransitionError.self) {
                try await tasks.addExpert(String(draft.id), department: "yjj", teamIndex: 0, expertCode: expert.code, actor: admin)
            }
        }
    }
}
