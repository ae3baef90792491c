import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// 一企一表 (product step 6): one form per drawn enterprise with the enterprise's facts, every
/// applicable item of every participating department, the materials to prepare and the joint
/// team. Read-only views over the matched task; nothing here changes the draw.
public struct InspectionForm: Sendable, Equatable {
    /// The enterprise as the directory holds it; the risk class is the one frozen at publication.
    public struct Enterprise: Sendable, Equatable {
        public var uscc: String
        public var name: String
        public var legalRepresentative: String
        public var address: String
        public var phone: String
        public var regionCode: String
        public var industry: String
        /// The credit-risk class the enterprise was drawn in (the frozen stratum).
        public var riskClass: String
        public var tags: [FieldTag]
    }

    /// One 抽查事项 of one department that applies to the enterprise.
    public struct Item: Sendable, Equatable {
        public var department: String
        public var code: String
        public var name: String
        public var subItems: [String]
        public var legalBasis: String
        public var subject: String
        public var methods: [InspectionMethod]
    }

    /// One inspector of the joint team.
    public struct Member: Sendable, Equatable {
        /// 执法证号.
        public var code: String
        public var name: String
        public var department: String
        public var departmentName: String
        public var mobile: String
        /// First of the department's team (组长 of the department's part of the joint team).
        public var isTeamHead: Bool
        /// An expert the department added to the team: joins the inspection, is not an officer
        /// and does not count toward the team size. Listed after the team's officers.
        public var isExpert: Bool

        public init(code: String, name: String, department: String, departmentName: String, mobile: String, isTeamHead: Bool,
                    isExpert: Bool = false) {
            self.code = code
            self.name = name
            self.department = department
            self.departmentName = departmentName
            self.mobile = mobile
            self.isTeamHead = isTeamHead
            self.isExpert = isExpert
        }
    }

    /// One participating department's part of the form: its items, materials and team.
    public struct DepartmentPart: Sendable, Equatable {
        public var department: String
        public var departmentName: String
        /// 组长单位: the lead department of the task leads the joint team.
        public var isLead: Bool
        /// The department's team (0-based, shown as 第 n+1 组); nil when not matched yet.
        public var teamIndex: Int?
        public var items: [Item]
        public var materials: [String]
        public var team: [Member]
    }

    public var taskID: Int
    public var documentNumber: String
    public var title: String
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var state: TaskState
    public var enterprise: Enterprise
    /// Lead department first, then the others in the plan's order.
    public var departments: [DepartmentPart]

    /// The joint team, lead department's members first.
    public var team: [Member] { departments.flatMap(\.team) }
    /// Every applicable item, lead department's first.
    public var items: [Item] { departments.flatMap(\.items) }
}

/// One enterprise of a task's form list with its team per department.
public struct InspectionFormSummary: Sendable, Equatable {
    public struct Team: Sendable, Equatable {
        public var department: String
        public var departmentName: String
        public var isLead: Bool
        public var teamIndex: Int
        public var members: [InspectionForm.Member]
    }

    public var uscc: String
    public var name: String
    public var address: String
    public var riskClass: String
    public var origin: DispatchOrigin
    public var seq: Int
    /// Lead department first.
    public var teams: [Team]
}

/// A form an inspector works on: the task and the enterprise, through the inspector's team.
public struct InspectorAssignment: Sendable, Equatable {
    public var taskID: Int
    public var documentNumber: String
    public var title: String
    public var state: TaskState
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var uscc: String
    public var enterpriseName: String
    public var address: String
    /// The inspector's department in this task and its team number (0-based).
    public var department: String
    public var teamIndex: Int
    /// Whether the inspector's department leads the joint team.
    public var isLeadDepartment: Bool
}

extension TaskStore {
    /// States in which teams exist and forms can be shown.
    static let formStates = TaskState.withTeams

    /// The 一企一表 of `uscc` in the task: only for an active (not rejected) drawn enterprise of a
    /// matched task.
    public func form(taskID: Int, uscc: String) async throws -> InspectionForm {
        let task = try await require(String(taskID))
        try Self.requireMatched(task)
        guard let row = try await sql.select().columns("uscc", "stratum", "active", "depts").from("task_enterprises")
            .where("task_id", .equal, task.id).where("uscc", .equal, uscc).first(),
            try row.decode(column: "active", as: Bool.self)
        else { throw StoreError.notFound(entity: "本任务的检查对象", key: uscc) }
        let stratum = try row.decode(column: "stratum", as: String.self)
        let depts = Set(FieldTag.splitList(try row.decode(column: "depts", as: String.self)))

        let record = try await EnterpriseDirectory(db: db).find(uscc: uscc)
        let enterprise = InspectionForm.Enterprise(
            uscc: uscc, name: record?.name ?? uscc, legalRepresentative: record?.legalRepresentative ?? "",
            address: record?.address ?? "", phone: record?.phone ?? "", regionCode: record?.regionCode ?? "",
            industry: record?.industry ?? "", riskClass: stratum, tags: record?.tags ?? [])
        let tags = Set(enterprise.tags)

        let context = try await teamContext(task)
        let assigned = try await teamIndexes(task.id, uscc: uscc)
        let items = try await ItemList(db: db).list(department: nil)
        var parts: [InspectionForm.DepartmentPart] = []
        for plan in task.plan.departments where depts.contains(plan.department) || assigned[plan.department] != nil {
            let wanted = Set(plan.itemCodes)
            let applicable = items.filter { item in
                item.dept == plan.department && wanted.contains(item.code)
                    && (item.scopeTags.isEmpty || !tags.isDisjoint(with: item.scopeTags))
            }
            // The plan's order of items is the office's; keep it.
            let ordered = plan.itemCodes.compactMap { code in applicable.first { $0.code == code } }
            var materials = plan.materials
            if materials.isEmpty {
                for material in ordered.flatMap(\.materials) where !materials.contains(material) { materials.append(material) }
            }
            let teamIndex = assigned[plan.department]
            parts.append(InspectionForm.DepartmentPart(
                department: plan.department, departmentName: context.departmentNames[plan.department] ?? plan.department,
                isLead: plan.department == task.plan.leadDepartment, teamIndex: teamIndex,
                items: ordered.map { InspectionForm.Item(department: $0.dept, code: $0.code, name: $0.name, subItems: $0.subItems,
                                                         legalBasis: $0.legalBasis, subject: $0.subject, methods: $0.methods) },
                materials: materials,
                team: teamIndex.map { context.members(plan.department, $0) } ?? []))
        }
        return InspectionForm(
            taskID: task.id, documentNumber: task.documentNumber, title: task.title, periodStart: task.plan.periodStart,
            periodEnd: task.plan.periodEnd, state: task.state, enterprise: enterprise, departments: Self.leadFirst(parts, task))
    }

    /// Every active enterprise of the task in draw order, with its team per department.
    public func forms(taskID: Int) async throws -> [InspectionFormSummary] {
        let task = try await require(String(taskID))
        try Self.requireMatched(task)
        let context = try await teamContext(task)
        let assigned = try await assignments(task.id, uscc: nil)
        let order = Dictionary(uniqueKeysWithValues: task.plan.departments.enumerated().map { ($1.department, $0) })
        return try await activeEnterprises(task.id).map { row in
            let teams = (assigned[row.uscc] ?? [:]).map { dept, index in
                InspectionFormSummary.Team(department: dept, departmentName: context.departmentNames[dept] ?? dept,
                                           isLead: dept == task.plan.leadDepartment, teamIndex: index,
                                           members: context.members(dept, index))
            }.sorted { (order[$0.department] ?? .max, $0.department) < (order[$1.department] ?? .max, $1.department) }
            return InspectionFormSummary(uscc: row.uscc, name: row.name, address: row.address, riskClass: row.stratum,
                                         origin: row.origin, seq: row.seq, teams: teams)
        }
    }

    /// The forms of every team the inspector with 执法证号 `code` is on, newest task first, in
    /// draw order within a task. Cancelled tasks are left out.
    public func formsForInspector(code: String) async throws -> [InspectorAssignment] {
        let code = code.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { return [] }
        let memberships = try await sql.select().columns("task_id", "department_code", "team_index").from("task_team_members")
            .where("inspector_code", .equal, code).orderBy("task_id", .descending).all()
        var result: [InspectorAssignment] = []
        var tasks: [Int: TaskInfo] = [:]
        for membership in memberships {
            let taskID = try membership.decode(column: "task_id", as: Int.self)
            let department = try membership.decode(column: "department_code", as: String.self)
            let teamIndex = try membership.decode(column: "team_index", as: Int.self)
            if tasks[taskID] == nil { tasks[taskID] = try await find(String(taskID)) }
            guard let task = tasks[taskID], Self.formStates.contains(task.state) else { continue }
            let usccs = try await sql.select().column("uscc").from("task_assignments")
                .where("task_id", .equal, taskID).where("department_code", .equal, department).where("team_index", .equal, teamIndex)
                .all().map { try $0.decode(column: "uscc", as: String.self) }
            let wanted = Set(usccs)
            for row in try await activeEnterprises(taskID) where wanted.contains(row.uscc) {
                result.append(InspectorAssignment(
                    taskID: taskID, documentNumber: task.documentNumber, title: task.title, state: task.state,
                    periodStart: task.plan.periodStart, periodEnd: task.plan.periodEnd, uscc: row.uscc, enterpriseName: row.name,
                    address: row.address, department: department, teamIndex: teamIndex,
                    isLeadDepartment: department == task.plan.leadDepartment))
            }
        }
        return result
    }

    /// Whether the inspector with 执法证号 `code` is on a team that inspects `uscc` in the task.
    public func isAssigned(inspector code: String, taskID: Int, uscc: String) async throws -> Bool {
        guard !code.isEmpty else { return false }
        let rows = try await sql.select().columns("department_code", "team_index").from("task_team_members")
            .where("task_id", .equal, taskID).where("inspector_code", .equal, code).all()
        for row in rows {
            let hit = try await sql.select().column("uscc").from("task_assignments")
                .where("task_id", .equal, taskID).where("uscc", .equal, uscc)
                .where("department_code", .equal, try row.decode(column: "department_code", as: String.self))
                .where("team_index", .equal, try row.decode(column: "team_index", as: Int.self)).first()
            if hit != nil { return true }
        }
        return false
    }

    // MARK: Shared by forms and group reports

    static func requireMatched(_ task: TaskInfo) throws {
        guard formStates.contains(task.state) else {
            throw StoreError.invalid("任务「\(task.documentNumber)」当前为“\(task.state.label)”，检查组匹配完成后才有一企一表和分组情况")
        }
    }

    static func leadFirst(_ parts: [InspectionForm.DepartmentPart], _ task: TaskInfo) -> [InspectionForm.DepartmentPart] {
        parts.filter(\.isLead) + parts.filter { !$0.isLead }
    }

    /// Team members of a task by department and team, with roster facts and department names.
    struct TeamContext {
        var departmentNames: [String: String]
        var teams: [String: [Int: [InspectionForm.Member]]]

        func members(_ department: String, _ team: Int) -> [InspectionForm.Member] { teams[department]?[team] ?? [] }
    }

    func teamContext(_ task: TaskInfo) async throws -> TeamContext {
        let names = Dictionary(try await DepartmentRepository(db: db).all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let roster = Dictionary(try await InspectorRoster(db: db).list(department: nil).map { ($0.code, $0) },
                                uniquingKeysWith: { a, _ in a })
        let rows = try await sql.select().columns("department_code", "team_index", "position", "inspector_code")
            .from("task_team_members").where("task_id", .equal, task.id)
            .orderBy("department_code").orderBy("team_index").orderBy("position").all()
        var teams: [String: [Int: [InspectionForm.Member]]] = [:]
        for row in rows {
            let dept = try row.decode(column: "department_code", as: String.self)
            let index = try row.decode(column: "team_index", as: Int.self)
            let code = try row.decode(column: "inspector_code", as: String.self)
            let position = try row.decode(column: "position", as: Int.self)
            teams[dept, default: [:]][index, default: []].append(InspectionForm.Member(
                code: code, name: roster[code]?.name ?? code, department: dept, departmentName: names[dept] ?? dept,
                mobile: roster[code]?.mobile ?? "", isTeamHead: position == 0))
        }
        for expert in try await expertPlacements(task.id) {
            teams[expert.department, default: [:]][expert.teamIndex, default: []].append(InspectionForm.Member(
                code: expert.code, name: roster[expert.code]?.name ?? expert.code, department: expert.department,
                departmentName: names[expert.department] ?? expert.department, mobile: roster[expert.code]?.mobile ?? "",
                isTeamHead: false, isExpert: true))
        }
        return TeamContext(departmentNames: names, teams: teams)
    }

    /// Team index per department for one enterprise (`uscc`) or all, keyed by USCC.
    func teamIndexes(_ taskID: Int, uscc: String) async throws -> [String: Int] {
        try await assignments(taskID, uscc: Optional(uscc))[uscc] ?? [:]
    }

    func assignments(_ taskID: Int, uscc: String?) async throws -> [String: [String: Int]] {
        var query = sql.select().columns("uscc", "department_code", "team_index").from("task_assignments").where("task_id", .equal, taskID)
        if let uscc { query = query.where("uscc", .equal, uscc) }
        var result: [String: [String: Int]] = [:]
        for row in try await query.all() {
            result[try row.decode(column: "uscc", as: String.self), default: [:]][try row.decode(column: "department_code", as: String.self)] =
                try row.decode(column: "team_index", as: Int.self)
        }
        return result
    }

    struct ActiveEnterprise {
        var uscc: String
        var name: String
        var address: String
        var stratum: String
        var origin: DispatchOrigin
        var seq: Int
        var depts: [String]
    }

    /// The task's active enterprises in draw order, with name and address from the directory.
    func activeEnterprises(_ taskID: Int) async throws -> [ActiveEnterprise] {
        let rows = try await sql.select()
            .columns(SQLColumn("uscc", table: "e"), SQLColumn("stratum", table: "e"), SQLColumn("origin", table: "e"),
                     SQLColumn("seq", table: "e"), SQLColumn("depts", table: "e"))
            .column(SQLColumn("name", table: "d"), as: "name").column(SQLColumn("address", table: "d"), as: "address")
            .from(SQLAlias(SQLIdentifier("task_enterprises"), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
                  on: SQLColumn("uscc", table: "e"), .equal, SQLColumn("uscc", table: "d"))
            .where(SQLColumn("task_id", table: "e"), .equal, SQLBind(taskID))
            .where(SQLColumn("active", table: "e"), .equal, SQLBind(true))
            .orderBy(SQLColumn("seq", table: "e")).all()
        return try rows.map { row in
            let uscc = try row.decode(column: "uscc", as: String.self)
            return ActiveEnterprise(
                uscc: uscc, name: try row.decodeOptionalText("name") ?? uscc,
                address: try row.decodeOptionalText("address") ?? "",
                stratum: try row.decode(column: "stratum", as: String.self),
                origin: try row.decodeStored("origin", as: DispatchOrigin.self, entity: "task_enterprises", id: "\(taskID)/\(uscc)"),
                seq: try row.decode(column: "seq", as: Int.self), depts: FieldTag.splitList(try row.decode(column: "depts", as: String.self)))
        }
    }
}
