import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 后续处置 (product step 9) and the statistics table (step 11) over the workflow's use cases,
/// with the rules of the disposition and statistics pages.
extension APIHandler {
    // MARK: Dispositions

    func listTaskDispositions(_ input: Operations.ListTaskDispositions.Input) async throws -> Operations.ListTaskDispositions.Output {
        try await respond {
            let id = try await workflow.taskID(TaskReference(input.path.task))
            let found = try await workflow.dispositions(task: id, department: input.query.department, incoming: input.query.incoming ?? false,
                                                        for: try caller())
            return .ok(.init(body: .json(.init(items: found.map(Components.Schemas.Disposition.init)))))
        }
    }

    func createTaskDisposition(_ input: Operations.CreateTaskDisposition.Input) async throws -> Operations.CreateTaskDisposition.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let principal = try caller()
            let id = try await workflow.taskID(TaskReference(input.path.task))
            let requested = body.departmentCode?.trimmingCharacters(in: .whitespaces) ?? ""
            let department = requested.isEmpty && principal.role == .deptAdmin ? principal.departmentCode : requested
            guard !department.isEmpty else { throw APIError.invalidField("departmentCode", "请用「departmentCode」指定处置的部门") }
            let decided = try Self.date(body.decidedOn, field: "decidedOn")
            let due = try body.dueOn.flatMap { $0.isEmpty ? nil : try Self.date($0, field: "dueOn") }
            let kind = DispositionKind(rawValue: body.kind.rawValue)!
            let target = body.targetDepartment?.trimmingCharacters(in: .whitespaces)
            let created = try await workflow.addDisposition(
                task: id, enterprise: USCC(rawValue: USCC.normalized(body.uscc)), department: DepartmentCode(rawValue: department), kind: kind,
                form: body.form ?? "", targetDepartment: target?.isEmpty == true ? nil : target, reason: body.reason, decidedOn: decided,
                dueOn: due, note: body.note ?? "", by: principal)
            return .created(.init(body: .json(.init(created))))
        }
    }

    func updateTaskDispositionStatus(_ input: Operations.UpdateTaskDispositionStatus.Input) async throws -> Operations.UpdateTaskDispositionStatus.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let id = try await workflow.taskID(TaskReference(input.path.task))
            let closed = try body.closedOn.flatMap { $0.isEmpty ? nil : try Self.date($0, field: "closedOn") }
            let updated = try await workflow.updateDisposition(
                task: id, disposition: input.path.disposition, status: DispositionStatus(rawValue: body.status.rawValue)!, note: body.note,
                closedOn: closed, by: try caller())
            return .ok(.init(body: .json(.init(updated))))
        }
    }

    func getTaskDispositionHistory(_ input: Operations.GetTaskDispositionHistory.Input) async throws -> Operations.GetTaskDispositionHistory.Output {
        try await respond {
            let id = try await workflow.taskID(TaskReference(input.path.task))
            let (disposition, history) = try await workflow.disposition(task: id, disposition: input.path.disposition, for: try caller())
            return .ok(.init(body: .json(.init(
                disposition: .init(disposition),
                items: history.map {
                    .init(status: .init(rawValue: $0.status.rawValue)!, statusLabel: $0.status.label, note: $0.note, actor: $0.actor, at: $0.at)
                }))))
        }
    }

    /// A `YYYY-MM-DD` field, or 422 naming it.
    static func date(_ text: String, field: String) throws -> CivilDate {
        guard let date = CivilDate(text.trimmingCharacters(in: .whitespaces)) else {
            throw APIError.invalidField(field, "「\(field)」须为日期（YYYY-MM-DD）")
        }
        return date
    }

    // MARK: Statistics

    func getStatistics(_ input: Operations.GetStatistics.Input) async throws -> Operations.GetStatistics.Output {
        try await respond {
            let statistics = try await statistics(task: input.query.task, from: input.query.from, to: input.query.to)
            let table = statistics.table
            return .ok(.init(body: .json(.init(scope: statistics.description, taskIds: statistics.taskIDs,
                                               rows: table.rows.map(Components.Schemas.StatisticsRow.init), total: .init(table.total)))))
        }
    }

    func getStatisticsCSV(_ input: Operations.GetStatisticsCSV.Input) async throws -> Operations.GetStatisticsCSV.Output {
        try await respond {
            let statistics = try await statistics(task: input.query.task, from: input.query.from, to: input.query.to)
            let name = "抽查统计表-\(statistics.fileSuffix).csv"
            return .ok(.init(headers: .init(contentDisposition: Self.contentDisposition(name, format: .csv)),
                             body: .csv(HTTPBody(StatisticsWorkbook.csv(statistics.table)))))
        }
    }

    func getStatisticsXLSX(_ input: Operations.GetStatisticsXLSX.Input) async throws -> Operations.GetStatisticsXLSX.Output {
        try await respond {
            let statistics = try await statistics(task: input.query.task, from: input.query.from, to: input.query.to)
            let name = "抽查统计表-\(statistics.fileSuffix).xlsx"
            let data = try statistics.xlsx()
            return .ok(.init(headers: .init(contentDisposition: Self.contentDisposition(name, format: .xlsx)),
                             body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
        }
    }

    /// One task's table, or a period's; one of the two must be asked for.
    private func statistics(task: String?, from: String?, to: String?) async throws -> Workflow.Statistics {
        let principal = try caller()
        let task = try Self.search(task, parameter: "task", maxLength: 64) ?? ""
        let from = try Self.search(from, parameter: "from") ?? "", to = try Self.search(to, parameter: "to") ?? ""
        if !task.isEmpty {
            guard from.isEmpty && to.isEmpty else { throw APIError.invalidField("task", "「task」与「from」「to」只能二选一") }
            return try await workflow.statistics(task: TaskReference(task), for: principal)
        }
        guard !from.isEmpty || !to.isEmpty else { throw APIError.invalidField("task", "请指定任务（task），或统计期间（from、to）") }
        return try await workflow.statistics(from: from.isEmpty ? nil : try Self.date(from, field: "from"),
                                             to: to.isEmpty ? nil : try Self.date(to, field: "to"), for: principal)
    }
}

extension Components.Schemas.Disposition {
    init(_ d: DispositionStore.Disposition) {
        self.init(id: d.id, taskId: d.taskID, uscc: d.uscc, departmentCode: d.department, kind: .init(rawValue: d.kind.rawValue)!,
                  kindLabel: d.kind.label, form: d.form, status: .init(rawValue: d.status.rawValue)!, statusLabel: d.status.label,
                  targetDepartment: d.targetDepartment, reason: d.reason, decidedOn: d.decidedOn.description, dueOn: d.dueOn?.description,
                  closedOn: d.closedOn?.description, note: d.note, createdBy: d.createdBy)
    }
}

extension Components.Schemas.StatisticsRow {
    init(_ row: StatisticsTable.Row) {
        self.init(unit: row.unit, enterprises: row.enterprises, inspectors: row.inspectors, problemItems: row.problemItems,
                  problemEnterprises: row.problemEnterprises, guidance: row.guidance, abnormalList: row.abnormalList,
                  caseInvestigation: row.caseInvestigation, onsiteAnswers: row.onsiteAnswers)
    }
}
