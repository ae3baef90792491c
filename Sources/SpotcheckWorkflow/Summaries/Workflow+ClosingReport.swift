import Foundation
import SpotcheckCore
import SpotcheckStore

/// The task's closing report (issue 16): the document the office sends upward — the task's
/// facts, the draw and how to verify it, the statistics table of the notice's attachment,
/// dispositions by kind, the departments' summaries, and every enterprise with its public
/// results. Generated from the stored data each time; `digest` is the SHA-256 of its content
/// (everything but the generation time), so two printouts with the same digest say the same.
extension Workflow {
    public struct ClosingReport: Sendable, Codable {
        public struct Facts: Sendable, Codable {
            public var documentNumber: String
            public var title: String
            public var period: String
            public var state: String
            public var lead: String
            public var departments: [String]
            /// 依据的年度抽查计划条目, or 计划外 with its reason.
            public var planOrigin: String
        }
        public struct Draw: Sendable, Codable {
            public var commitment: String
            public var entropy: String
            public var drawnOn: String
            public var recordSHA256: String
            public var selected: Int
            public var replaced: Int
        }
        public struct DispositionCount: Sendable, Codable {
            public var kind: String
            public var byDepartment: [String: Int]
            public var total: Int
        }
        public struct SummaryText: Sendable, Codable {
            public var department: String
            public var submitted: Bool
            public var experience: String
            public var problems: String
            public var suggestions: String
            public var attachments: [String]
        }
        public struct EnterpriseLine: Sendable, Codable {
            public var name: String
            public var uscc: String
            /// Each department's public result (审核公示), or 未公示.
            public var results: [String]
        }
        public var facts: Facts
        public var draw: Draw?
        public var statistics: StatisticsTable
        public var dispositions: [DispositionCount]
        public var summaries: [SummaryText]
        public var enterprises: [EnterpriseLine]

        /// SHA-256 of the content in canonical JSON (sorted keys), lower-case hex.
        public var digest: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(self)) ?? Data()
            return SecretToken.digest(data: data)
        }
    }

    /// The office's and the auditor's: the report of a task that has teams.
    public func closingReport(task id: TaskID, for principal: Principal) async throws -> ClosingReport {
        try RoleGate.oversight.check(principal)
        let task = try await tasks.require(String(id.rawValue))
        guard TaskState.withTeams.contains(task.state) else {
            throw StoreError.conflict("任务\(task.state.label)：检查组匹配后才能生成总结报告")
        }
        let names = try await departmentNames()
        func name(_ code: String) -> String { names[code] ?? code }
        var origin = task.offPlanReason.isEmpty ? "计划外" : "计划外：\(task.offPlanReason)"
        if let entry = try await planEntry(of: task)?.entry { origin = "\(entry.year)年度抽查计划：\(entry.title)（\(entry.monthsText)）" }
        let facts = ClosingReport.Facts(
            documentNumber: task.documentNumber, title: task.title,
            period: "\(task.plan.periodStart.chineseText)至\(task.plan.periodEnd.chineseText)", state: task.state.label,
            lead: name(task.plan.leadDepartment), departments: task.plan.departments.map { name($0.department) }, planOrigin: origin)

        let dispatches = try await tasks.dispatches(task.id)
        var draw: ClosingReport.Draw?
        if let commitment = task.commitment, let entropy = task.entropy {
            let recordDigest = task.recordJSON.map { SecretToken.digest(data: Data($0.utf8)) } ?? ""
            draw = ClosingReport.Draw(commitment: commitment, entropy: entropy,
                                      drawnOn: task.drawnAt.map { CivilDate(chinaDayOf: $0).chineseText } ?? "", recordSHA256: recordDigest,
                                      selected: dispatches.filter(\.active).count, replaced: dispatches.filter { !$0.active }.count)
        }

        let statistics = try await statistics(task: TaskReference(String(task.id)), for: principal).table

        var counts: [DispositionKind: [String: Int]] = [:]
        for disposition in try await dispositionStore.list(taskID: task.id) {
            counts[disposition.kind, default: [:]][name(disposition.department), default: 0] += 1
        }
        let dispositions = DispositionKind.allCases.map { kind in
            ClosingReport.DispositionCount(kind: kind.label, byDepartment: counts[kind] ?? [:], total: (counts[kind] ?? [:]).values.reduce(0, +))
        }

        let board = try await summaryBoard(task: id, for: principal)
        let summaries = board.parts.map { part in
            ClosingReport.SummaryText(department: name(part.department), submitted: part.submitted,
                                      experience: part.summary?.experience ?? "", problems: part.summary?.problems ?? "",
                                      suggestions: part.summary?.suggestions ?? "",
                                      attachments: part.files.map { "\($0.fileName)（SHA-256 \($0.sha256.prefix(16))…）" })
        }

        let results = try await ResultStore(db: db).list(taskID: task.id)
        let active = dispatches.filter(\.active)
        let directory = try await EnterpriseDirectory(db: db).names(of: active.map(\.uscc))
        let enterprises = active.map { dispatch -> ClosingReport.EnterpriseLine in
            let own = results.filter { $0.uscc == dispatch.uscc }
            let lines = dispatch.departments.map { code -> String in
                guard let result = own.first(where: { $0.department == code }), result.status == .approved else { return "\(name(code))：未公示" }
                return "\(name(code))：\(result.input.category.rawValue)"
            }
            return ClosingReport.EnterpriseLine(name: directory[dispatch.uscc] ?? dispatch.uscc, uscc: dispatch.uscc, results: lines)
        }
        return ClosingReport(facts: facts, draw: draw, statistics: statistics, dispositions: dispositions, summaries: summaries,
                             enterprises: enterprises)
    }
}
