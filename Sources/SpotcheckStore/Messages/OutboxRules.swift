import Foundation
import SQLKit
import SpotcheckCore

/// Who must act on which audit event (issue 17, step list of 1). One place, so a test can walk
/// the workflow and compare every message against these rules, and a reader can see them all.
struct OutboxRules {
    let sql: any SQLDatabase

    typealias Draft = Outbox.Draft

    struct Person: Hashable {
        var username: String
        var department: String
    }

    func drafts(action: String, entity: String, entityID: String, after: [String: String]) async throws -> [Draft] {
        switch (entity, action) {
        case ("task", "draw"):
            guard let taskID = Int(entityID) else { return [] }
            return try await dispatched(taskID: taskID, uscc: nil, confirmBy: after["confirm_by"],
                                        counts: after[Self.dispatchCountsKey].map(Self.parseDispatchCounts))
        case ("task", "reject-enterprise"):
            guard let taskID = Int(entityID), let replacement = after["replacement"], !replacement.isEmpty else { return [] }
            return try await dispatched(taskID: taskID, uscc: replacement, confirmBy: nil)
        case ("task", "draw-inspectors"):
            return try await inspectorsDrawn(taskID: Int(entityID), codes: (after["selected"] ?? "").split(separator: ";").map(String.init))
        case ("task", "reject-inspector"):
            guard let replacement = after["replacement"], !replacement.isEmpty else { return [] }
            return try await inspectorsDrawn(taskID: Int(entityID), codes: [replacement])
        case ("task", "match"):
            guard let taskID = Int(entityID) else { return [] }
            return try await teamsAssigned(taskID: taskID)
        case ("task_visit", "propose-visit"), ("task_visit", "repropose-visit"):
            return try await visitProposed(after: after)
        case ("task_visit", "accept-visit"):
            guard after["state"] == VisitState.agreed.label else { return [] }
            return try await visitAgreed(visitID: Int(entityID), after: after)
        case ("result", "submit-result"):
            return try await resultSubmitted(entityID: entityID)
        case ("result", "approve-result"):
            return try await resultApproved(entityID: entityID)
        case ("disposition", "create"):
            return try await dispositionTransferred(dispositionID: entityID, after: after)
        case ("tip", "route"):
            guard let department = after["department"] else { return [] }
            return try await admins(of: department).map { person in
                Draft(recipient: person.username, department: department, kind: .tipRouted, title: "举报线索转办：\(after["enterprise"] ?? "")",
                      body: "办公室转来一条举报线索（回执号 \(after["receipt"] ?? "")），请核实处理并登记结果。", link: "/tips/manage/\(entityID)")
            }
        case ("annual_plan", "reopen"):
            guard let year = Int(entityID) else { return [] }
            return try await planReturned(year: year, reason: after["reason"] ?? "")
        default:
            return []
        }
    }

    // MARK: - The rules

    /// 退回修改 of a year's plan: the admins of every department that leads one of its entries
    /// must change them, so each gets the office's reason.
    func planReturned(year: Int, reason: String) async throws -> [Draft] {
        let departments = try await sql.select().distinct().column("lead_department").from("plan_entries").where("year", .equal, year)
            .orderBy("lead_department").all().map { try $0.decode(column: "lead_department", as: String.self) }
        var drafts: [Draft] = []
        for department in departments {
            for person in try await admins(of: department) {
                drafts.append(Draft(recipient: person.username, department: department, kind: .planReturned,
                                    title: "\(year)年度抽查计划退回修改", body: "办公室将\(year)年度抽查计划退回修改：\(reason)。请修改本部门牵头的计划条目，之后由办公室重新审定。",
                                    link: "/plans?year=\(year)"))
            }
        }
        return drafts
    }

    /// Enterprises dispatched to departments (the draw, or one replacement after a 退回): each
    /// department's admins, with the count and the one-working-day confirmation deadline.
    /// `counts` are the draw's own (per department, counted in memory as it stored them); without
    /// them — a replacement — the dispatched rows are grouped in SQL.
    func dispatched(taskID: Int, uscc: String?, confirmBy: String?, counts known: [String: Int]? = nil) async throws -> [Draft] {
        var counts: [String: Int] = [:], deadline: [String: String] = [:]
        if let known, let confirmBy {
            counts = known
            for department in known.keys { deadline[department] = confirmBy }
        } else {
            // Grouped in SQL: a draw dispatches up to hundreds of thousands of enterprises, but
            // only a few department combinations.
            var query = sql.select().columns("depts", "confirm_by").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("task_enterprises").where("task_id", .equal, taskID).where("active", .equal, true)
            if let uscc { query = query.where("uscc", .equal, uscc) }
            for row in try await query.groupBy("depts").groupBy("confirm_by").all() {
                let by = try row.decode(column: "confirm_by", as: String.self), n = try row.decode(column: "n", as: Int.self)
                for department in FieldTag.splitList(try row.decode(column: "depts", as: String.self)) {
                    counts[department, default: 0] += n
                    deadline[department] = confirmBy ?? by
                }
            }
        }
        let task = try await taskName(taskID)
        var drafts: [Draft] = []
        for department in counts.keys.sorted() {
            let due = deadline[department].flatMap(CivilDate.init).map(\.chineseText) ?? ""
            let what = uscc == nil ? "抽中并分派给本部门 \(counts[department]!) 户企业" : "因退回递补 1 户企业分派给本部门"
            for person in try await admins(of: department) {
                drafts.append(Draft(recipient: person.username, department: department, kind: .dispatched,
                                    title: "待确认：\(task)", body: "\(task)\(what)，请于\(due)前确认或退回。",
                                    link: "/tasks/\(taskID)", taskID: taskID))
            }
        }
        return drafts
    }

    /// The outbox fact a draw passes: its dispatches per department, "scjg=120;yjj=300".
    static let dispatchCountsKey = "outbox.dispatch_counts"

    /// Counts each department's dispatches from the rows' department lists, visiting each
    /// distinct list once (a draw has 200,000 rows but a handful of distinct lists).
    static func dispatchCounts(_ departmentLists: [[String]]) -> String {
        var byList: [[String]: Int] = [:]
        for list in departmentLists { byList[list, default: 0] += 1 }
        var counts: [String: Int] = [:]
        for (list, n) in byList {
            for department in Set(list) { counts[department, default: 0] += n }
        }
        return counts.keys.sorted().map { "\($0)=\(counts[$0]!)" }.joined(separator: ";")
    }

    static func parseDispatchCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, let n = Int(pair[1]) { counts[String(pair[0])] = n }
        }
        return counts
    }

    func inspectorsDrawn(taskID: Int?, codes: [String]) async throws -> [Draft] {
        guard let taskID, !codes.isEmpty else { return [] }
        let task = try await taskName(taskID)
        return try await users(withInspectorCodes: codes).map { person in
            Draft(recipient: person.username, department: person.department, kind: .inspectorDrawn, title: "您被抽中：\(task)",
                  body: "您被随机抽取为\(task)的检查人员。检查组匹配后即可看到负责的企业。", link: "/dashboard", taskID: taskID)
        }
    }

    func teamsAssigned(taskID: Int) async throws -> [Draft] {
        let task = try await taskName(taskID)
        let rows = try await sql.raw("""
            SELECT u.username, d.code, COUNT(a.uscc) AS enterprises FROM task_team_members m
            JOIN users u ON u.inspector_code = m.inspector_code JOIN departments d ON d.id = u.department_id
            LEFT JOIN task_assignments a ON a.task_id = m.task_id AND a.department_code = m.department_code AND a.team_index = m.team_index
            WHERE m.task_id = \(bind: taskID) AND u.active = \(bind: true)
            GROUP BY u.username, d.code ORDER BY u.username
            """).all()
        return try rows.map { row in
            let count = try row.decode(column: "enterprises", as: Int.self)
            return Draft(recipient: try row.decode(column: "username", as: String.self), department: try row.decode(column: "code", as: String.self),
                         kind: .teamAssigned, title: "已编入检查组：\(task)",
                         body: "您已编入\(task)的检查组，负责 \(count) 户企业。请与联合检查组约定检查时间。", link: "/dashboard", taskID: taskID)
        }
    }

    /// The other departments' team members of the enterprise see a proposal (or a changed one).
    func visitProposed(after: [String: String]) async throws -> [Draft] {
        guard let taskID = after["task"].flatMap(Int.init), let uscc = after["uscc"], let proposer = after["department"] else { return [] }
        let task = try await taskName(taskID)
        let enterprise = try await enterpriseName(uscc)
        let when = (after["date"].flatMap(CivilDate.init)?.chineseText ?? "") + (after["half_day"] ?? "") + (after["time"].map { " \($0)" } ?? "")
        return try await teamMembers(taskID: taskID, uscc: uscc).filter { $0.department != proposer }.map { person in
            Draft(recipient: person.username, department: person.department, kind: .visitProposed, title: "约定检查时间：\(enterprise)",
                  body: "\(task)：牵头部门提议于\(when)到\(enterprise)检查（\(after["place"] ?? "")），请确认或另提时间。",
                  link: "/tasks/\(taskID)/forms/\(uscc)", taskID: taskID)
        }
    }

    func visitAgreed(visitID: Int?, after: [String: String]) async throws -> [Draft] {
        guard let visitID, let row = try await sql.select().columns("task_id", "uscc", "visit_date", "half_day").from("task_visits")
            .where("id", .equal, visitID).first() else { return [] }
        let taskID = try row.decode(column: "task_id", as: Int.self), uscc = try row.decode(column: "uscc", as: String.self)
        let enterprise = try await enterpriseName(uscc)
        let date = try row.decode(column: "visit_date", as: String.self)
        let half = (try? row.decode(column: "half_day", as: String.self)).flatMap(VisitHalfDay.init(rawValue:))?.label ?? ""
        return try await teamMembers(taskID: taskID, uscc: uscc).map { person in
            Draft(recipient: person.username, department: person.department, kind: .visitAgreed, title: "检查时间已约定：\(enterprise)",
                  body: "各部门已确认：\((CivilDate(date)?.chineseText ?? date) + half)到\(enterprise)联合检查。", link: "/agenda", taskID: taskID)
        }
    }

    func resultSubmitted(entityID: String) async throws -> [Draft] {
        guard let (taskID, uscc, department) = Self.resultKey(entityID) else { return [] }
        let enterprise = try await enterpriseName(uscc)
        return try await admins(of: department).map { person in
            Draft(recipient: person.username, department: department, kind: .resultSubmitted, title: "检查结果待审核：\(enterprise)",
                  body: "检查人员已提交\(enterprise)的检查结果，请审核后公示。", link: "/tasks/\(taskID)/forms/\(uscc)/results/\(department)", taskID: taskID)
        }
    }

    func resultApproved(entityID: String) async throws -> [Draft] {
        guard let (taskID, uscc, department) = Self.resultKey(entityID) else { return [] }
        let enterprise = try await enterpriseName(uscc)
        return try await teamMembers(taskID: taskID, uscc: uscc).filter { $0.department == department }.map { person in
            Draft(recipient: person.username, department: department, kind: .resultApproved, title: "检查结果已审核：\(enterprise)",
                  body: "您提交的\(enterprise)检查结果已审核通过，将向社会公示。", link: "/tasks/\(taskID)/forms/\(uscc)/results/\(department)", taskID: taskID)
        }
    }

    func dispositionTransferred(dispositionID: String, after: [String: String]) async throws -> [Draft] {
        guard let target = after["target"], !target.isEmpty, let taskID = after["task"].flatMap(Int.init), let uscc = after["uscc"] else { return [] }
        let enterprise = try await enterpriseName(uscc)
        let from = try await departmentName(after["department"] ?? "")
        return try await admins(of: target).map { person in
            Draft(recipient: person.username, department: target, kind: .dispositionTransferred, title: "移送处置：\(enterprise)",
                  body: "\(from)将\(enterprise)的问题移送本部门处置：\(after["reason"] ?? "")", link: "/tasks/\(taskID)/dispositions/\(dispositionID)",
                  taskID: taskID)
        }
    }

    // MARK: - Who

    func admins(of department: String) async throws -> [Person] {
        try await sql.raw("""
            SELECT u.username, d.code FROM users u JOIN departments d ON d.id = u.department_id
            WHERE d.code = \(bind: department) AND u.role = \(bind: Role.deptAdmin.rawValue) AND u.active = \(bind: true) ORDER BY u.username
            """).all().map(Self.person)
    }

    func users(withInspectorCodes codes: [String]) async throws -> [Person] {
        var people: [Person] = []
        for chunk in BindChunks.of(codes) {
            people += try await sql.select().column(SQLColumn("username", table: "u")).column(SQLColumn("code", table: "d"))
                .from(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")))
                .join(SQLAlias(SQLIdentifier("departments"), as: SQLIdentifier("d")), on: SQLColumn("id", table: "d"), .equal, SQLColumn("department_id", table: "u"))
                .where(SQLColumn("inspector_code", table: "u"), .in, SQLBind.group(chunk)).where(SQLColumn("active", table: "u"), .equal, SQLBind(true))
                .orderBy(SQLColumn("username", table: "u")).all().map(Self.person)
        }
        return people
    }

    /// Everyone on the enterprise's teams (every department), by their login.
    func teamMembers(taskID: Int, uscc: String) async throws -> [Person] {
        try await sql.raw("""
            SELECT DISTINCT u.username, d.code FROM task_assignments a
            JOIN task_team_members m ON m.task_id = a.task_id AND m.department_code = a.department_code AND m.team_index = a.team_index
            JOIN users u ON u.inspector_code = m.inspector_code JOIN departments d ON d.id = u.department_id
            WHERE a.task_id = \(bind: taskID) AND a.uscc = \(bind: uscc) AND u.active = \(bind: true) ORDER BY u.username
            """).all().map(Self.person)
    }

    static func person(_ row: any SQLRow) throws -> Person {
        Person(username: try row.decode(column: "username", as: String.self), department: try row.decode(column: "code", as: String.self))
    }

    // MARK: - Names as a clerk writes them

    func taskName(_ id: Int) async throws -> String {
        guard let row = try await sql.select().columns("title", "document_number").from("tasks").where("id", .equal, id).first() else { return "任务" }
        let title = try row.decode(column: "title", as: String.self), number = try row.decode(column: "document_number", as: String.self)
        return number.isEmpty ? "《\(title)》" : "《\(title)》（\(number)）"
    }

    func enterpriseName(_ uscc: String) async throws -> String {
        try await sql.select().column("name").from("enterprises").where("uscc", .equal, uscc).first()?.decode(column: "name", as: String.self) ?? uscc
    }

    func departmentName(_ code: String) async throws -> String {
        try await sql.select().column("name").from("departments").where("code", .equal, code).first()?.decode(column: "name", as: String.self) ?? code
    }

    static func resultKey(_ entityID: String) -> (Int, String, String)? {
        let parts = entityID.split(separator: "/").map(String.init)
        guard parts.count == 3, let taskID = Int(parts[0]) else { return nil }
        return (taskID, parts[1], parts[2])
    }
}
