import Foundation
import SpotcheckCore
import SpotcheckStore

/// 全县“双随机、一公开”部门联合抽查统计表 (product step 11), computed from the recorded results.
/// The table is the county's, so every department admin sees it whole, like the office and the
/// auditor.
extension Workflow {
    /// What a statistics table covers and the table.
    public struct Statistics: Sendable {
        /// The tasks counted.
        public var taskIDs: [Int]
        /// One task, when the table is a task's.
        public var task: TaskInfo?
        public var from: CivilDate?
        public var to: CivilDate?
        /// What the table covers, as the page and the file's second line say it.
        public var description: String
        public var table: StatisticsTable
        /// 报表单位 and 填报日期 of the attachment: the office's name and the day it was produced.
        public var reportingUnit = ""
        public var filledOn: CivilDate?

        /// The attachment as XLSX, with its title rows.
        public func xlsx() throws -> Data {
            try StatisticsWorkbook.xlsx(table, heading: description, reportingUnit: reportingUnit, filledOn: filledOn)
        }

        /// A file name suffix a clerk recognises: the task's 文号, or the period.
        public var fileSuffix: String {
            if let task { return Workflow.fileNamePart(task.documentNumber) }
            return "\(from?.chineseText ?? "起")至\(to?.chineseText ?? "今")"
        }
    }

    /// Tasks that have been matched (so have enterprises and inspectors to count), newest first.
    /// Judged by the state (a cancelled task is not counted): the list is read without the record.
    public func statisticsTasks(for principal: Principal) async throws -> [TaskInfo] {
        try RoleGate.readers.check(principal)
        return try await tasks.list(perPage: 100_000).tasks.filter(\.state.hasTeams).sorted { $0.id > $1.id }
    }

    /// The table of one task (not a draft: 404, as for a task that does not exist).
    public func statistics(task reference: TaskReference, for principal: Principal) async throws -> Statistics {
        try RoleGate.readers.check(principal)
        guard let task = try await tasks.find(reference.description), task.state != .draft else {
            throw StoreError.notFound(entity: "抽查任务", key: reference.description)
        }
        var statistics = Statistics(taskIDs: [task.id], task: task,
                          description: "\(task.documentNumber) \(task.title)（\(task.plan.periodStart.chineseText) 至 \(task.plan.periodEnd.chineseText)）",
                          table: try await StatisticsTable.compute(taskIDs: [task.id], on: db))
        try await signed(&statistics)
        return statistics
    }

    /// The table of the matched tasks whose period overlaps `from…to` (either end may be open).
    public func statistics(from: CivilDate?, to: CivilDate?, for principal: Principal) async throws -> Statistics {
        try RoleGate.readers.check(principal)
        let start = from ?? CivilDate(year: 1900, month: 1, day: 1)!, end = to ?? CivilDate(year: 2999, month: 12, day: 31)!
        guard start <= end else {
            throw InputInvalid(field: "from", "统计期间的开始日期不能晚于结束日期")
        }
        let ids = try await StatisticsTable.tasks(from: start, to: end, on: db)
        let range = "\(from?.chineseText ?? "…") 至 \(to?.chineseText ?? "…")"
        var statistics = Statistics(taskIDs: ids, from: from, to: to, description: "统计期间 \(range)，涉及抽查任务 \(ids.count) 项",
                          table: try await StatisticsTable.compute(taskIDs: ids, on: db))
        try await signed(&statistics)
        return statistics
    }

    /// 报表单位 (the office, as the attachment is the office's report) and 填报日期 (today).
    func signed(_ statistics: inout Statistics) async throws {
        let departments = try await DepartmentRepository(db: db).all()
        statistics.reportingUnit = departments.first { (try? $0.departmentKind) == .office }?.name ?? ""
        statistics.filledOn = today
    }
}
