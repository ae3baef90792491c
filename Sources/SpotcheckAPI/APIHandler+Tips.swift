import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 举报线索 (issue 17) over `Workflow+Tips`. The public paths return the receipt and the status
/// only; the reporter's contact is in `Tip`, which only the office and the handling
/// department's admin can read.
extension APIHandler {
    func submitPublicTip(_ input: Operations.SubmitPublicTip.Input) async throws -> Operations.SubmitPublicTip.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let uscc = body.uscc.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            let receipt = try await workflow.submitTip(
                .init(uscc: uscc, enterpriseText: body.enterprise ?? "", content: body.content, contactName: body.contactName ?? "",
                      contactPhone: body.contactPhone ?? ""),
                clientAddress: APIRequestPrincipal.clientAddress)
            return .created(.init(body: .json(.init(receipt: receipt))))
        }
    }

    func getPublicTipStatus(_ input: Operations.GetPublicTipStatus.Input) async throws -> Operations.GetPublicTipStatus.Output {
        try await respond {
            guard let status = try await workflow.tipStatus(receipt: input.path.receipt) else {
                throw StoreError.notFound(entity: "回执号", key: input.path.receipt)
            }
            return .ok(.init(body: .json(.init(receipt: status.receipt, state: .init(rawValue: status.state.rawValue) ?? .received,
                                               stateLabel: status.state.publicLabel, submittedAt: status.submittedAt, updatedAt: status.updatedAt))))
        }
    }

    func listTips(_ input: Operations.ListTips.Input) async throws -> Operations.ListTips.Output {
        try await respond {
            let (page, perPage) = try Self.paging(page: input.query.page, perPage: input.query.perPage)
            let found = try await workflow.tips(state: input.query.state.flatMap { TipState(rawValue: $0.rawValue) }, page: page, perPage: perPage,
                                                for: try caller())
            return .ok(.init(body: .json(.init(total: found.total, items: found.tips.map { Components.Schemas.Tip($0) }))))
        }
    }

    func getTip(_ input: Operations.GetTip.Input) async throws -> Operations.GetTip.Output {
        try await respond { .ok(.init(body: .json(try await tipBody(Int(input.path.tip))))) }
    }

    func routeTip(_ input: Operations.RouteTip.Input) async throws -> Operations.RouteTip.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            try await workflow.routeTip(Int(input.path.tip), to: DepartmentCode(rawValue: body.department), by: try caller())
            return .ok(.init(body: .json(try await tipBody(Int(input.path.tip)))))
        }
    }

    func rejectTip(_ input: Operations.RejectTip.Input) async throws -> Operations.RejectTip.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            try await workflow.rejectTip(Int(input.path.tip), reason: body.reason, by: try caller())
            return .ok(.init(body: .json(try await tipBody(Int(input.path.tip)))))
        }
    }

    func addTipNote(_ input: Operations.AddTipNote.Input) async throws -> Operations.AddTipNote.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            try await workflow.addTipNote(Int(input.path.tip), note: body.note, by: try caller())
            return .ok(.init(body: .json(try await tipBody(Int(input.path.tip)))))
        }
    }

    func closeTip(_ input: Operations.CloseTip.Input) async throws -> Operations.CloseTip.Output {
        try await respond {
            guard case let .json(body) = input.body else { throw APIError.badRequest("请求体须为 JSON") }
            let task = body.task.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : TaskReference($0) }
            try await workflow.closeTip(Int(input.path.tip), result: body.result, task: task, dispositionID: body.disposition.map { Int($0) },
                                        by: try caller())
            return .ok(.init(body: .json(try await tipBody(Int(input.path.tip)))))
        }
    }

    func tipBody(_ id: Int) async throws -> Components.Schemas.Tip {
        let detail = try await workflow.tip(id, for: try caller())
        var body = Components.Schemas.Tip(detail.tip)
        body.photos = detail.photos.map { .init(fileName: $0.fileName, sha256: $0.sha256, size: $0.size) }
        body.notes = detail.notes.map { .init(author: $0.author, note: $0.note, createdAt: $0.createdAt) }
        return body
    }
}

extension Components.Schemas.Tip {
    init(_ tip: Workflow.Tip) {
        self.init(id: tip.id, receipt: tip.receipt, enterprise: tip.enterpriseText, uscc: tip.uscc, content: tip.content,
                  contactName: tip.contactName, contactPhone: tip.contactPhone, state: .init(rawValue: tip.state.rawValue) ?? .received,
                  stateLabel: tip.state.label, department: tip.department, rejectReason: tip.rejectReason, result: tip.result,
                  task: tip.linkedTaskID, disposition: tip.linkedDispositionID, createdAt: tip.createdAt, updatedAt: tip.updatedAt)
    }
}
