import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// `/public/…`: what the public pages show, without a token — the published tasks and their
/// notices, the draw record and frozen lists once public, the approved results and the feed.
extension APIHandler {
    func listPublicTasks(_ input: Operations.ListPublicTasks.Input) async throws -> Operations.ListPublicTasks.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let (tasks, total) = try await workflow.publicTasks(page: try ListPage(number: page, size: perPage))
            return .ok(.init(body: .json(.init(items: tasks.map(Components.Schemas.PublicTask.init), total: total, page: page, perPage: perPage))))
        }
    }

    func getPublicTask(_ input: Operations.GetPublicTask.Input) async throws -> Operations.GetPublicTask.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let search = try Self.search(input.query.q) ?? ""
            let notice = try await workflow.publicNotice(TaskReference(input.path.task))
            let (selected, matching, rejected) = try await workflow.publicSelections(of: notice, search: search, page: try ListPage(number: page, size: perPage))
            return .ok(.init(body: .json(.init(
                task: .init(notice.task), departmentNames: .init(additionalProperties: try await workflow.publicDepartmentNames()),
                drawnCount: notice.drawnCount, selected: selected.map(Components.Schemas.PublicSelection.init), matching: matching,
                page: page, perPage: perPage, rejected: rejected.map(Components.Schemas.PublicSelection.init),
                secret: notice.secret, seed: notice.seed))))
        }
    }

    func getPublicTaskRecord(_ input: Operations.GetPublicTaskRecord.Input) async throws -> Operations.GetPublicTaskRecord.Output {
        try await respond {
            let (_, record, _) = try await workflow.publicDrawRecord(TaskReference(input.path.task))
            return .ok(.init(body: .json(.init(record))))
        }
    }

    func getPublicTaskCandidates(_ input: Operations.GetPublicTaskCandidates.Input) async throws -> Operations.GetPublicTaskCandidates.Output {
        try await respond {
            guard let kind = TaskSnapshotKind(rawValue: input.path.kind.rawValue) else { throw APIError.notFound("没有这种冻结名单") }
            let (_, csv) = try await workflow.publicFrozenList(TaskReference(input.path.task), kind)
            return .ok(.init(body: .csv(HTTPBody(csv))))
        }
    }

    func searchPublicResults(_ input: Operations.SearchPublicResults.Input) async throws -> Operations.SearchPublicResults.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let search = try Self.search(input.query.q) ?? ""
            let (entries, total) = try await workflow.publicResults(search: search, page: try ListPage(number: page, size: perPage))
            return .ok(.init(body: .json(.init(items: entries.map(Components.Schemas.PublicResult.init), total: total, page: page, perPage: perPage))))
        }
    }

    func getPublicityFeed(_ input: Operations.GetPublicityFeed.Input) async throws -> Operations.GetPublicityFeed.Output {
        try await respond {
            let entries = try await workflow.publicityFeed(from: try Self.feedDate(input.query.from, "from"), to: try Self.feedDate(input.query.to, "to"))
            return .ok(.init(body: .json(.init(entries: entries.map(Components.Schemas.PublicityFeedEntry.init)))))
        }
    }

    func getPublicityFeedCSV(_ input: Operations.GetPublicityFeedCSV.Input) async throws -> Operations.GetPublicityFeedCSV.Output {
        try await respond {
            let entries = try await workflow.publicityFeed(from: try Self.feedDate(input.query.from, "from"), to: try Self.feedDate(input.query.to, "to"))
            return .ok(.init(body: .csv(HTTPBody(PublicResults.csv(entries)))))
        }
    }

    static func feedDate(_ text: String?, _ name: String) throws -> CivilDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = CivilDate(text) else { throw APIError.invalidField(name, "参数「\(name)」应为 YYYY-MM-DD 格式的日期") }
        return date
    }
}

extension Components.Schemas.PublicTask {
    init(_ task: TaskInfo) {
        self.init(
            id: task.id, documentNumber: task.documentNumber, title: task.title,
            state: Components.Schemas.TaskState(rawValue: task.state.rawValue)!, stateLabel: task.state.label, plan: .init(task.plan),
            commitment: task.commitment, freeze: task.freeze.map(Components.Schemas.TaskFreeze.init), entropy: task.entropy,
            secretRevealed: task.revealsSecret, cancelReason: task.cancelReason,
            publishedAt: task.publishedAt, drawnAt: task.drawnAt, matchedAt: task.matchedAt)
    }
}

extension Components.Schemas.PublicSelection {
    init(_ s: PublicTasks.Selection) {
        self.init(uscc: s.uscc, name: s.name, stratum: s.stratum, origin: s.origin == .replacement ? .replacement : .selected,
                  originLabel: s.originLabel, departments: s.departments)
    }
}

extension Components.Schemas.PublicResult {
    init(_ e: PublicResults.Entry) {
        self.init(taskDocumentNumber: e.taskDocumentNumber, taskTitle: e.taskTitle, departmentCode: e.department, departmentName: e.departmentName,
                  enterpriseName: e.enterpriseName, uscc: e.uscc, items: e.items, result: e.result, inspectionDate: e.inspectionDate,
                  publishedAt: e.publishedAt)
    }
}

extension Components.Schemas.PublicityFeedEntry {
    init(_ e: PublicResults.Entry) {
        self.init(taskDocumentNumber: e.taskDocumentNumber, taskTitle: e.taskTitle, department: e.department, departmentName: e.departmentName,
                  enterpriseName: e.enterpriseName, uscc: e.uscc, items: e.items, result: e.result, inspectionDate: e.inspectionDate,
                  publishedAt: e.publishedAt)
    }
}
