import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// 举报线索 (issue 17): the public form (with photos, from a phone) and the status lookup by
/// receipt code; the office's triage and the handling department's work. The rules are
/// `Workflow+Tips`'.
enum TipController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.publicGet("/tips/new") { _, context in
            formPage(env, context)
        }

        routes.publicGet("/tips/enterprises") { request, _ in
            let matches = try await env.workflow.tipEnterpriseMatches(request.uri.queryParameters.get("q") ?? "")
            let data = try JSONSerialization.data(withJSONObject: matches.map { ["name": $0.name, "uscc": $0.uscc] })
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        routes.publicPost("/tips") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: context.bodyLimit)
            let form: MultipartForm
            do {
                form = try MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "")
            } catch let error as MultipartForm.ParseError {
                return formPage(env, context, problem: error.description, status: .badRequest)
            }
            var typed: [String: String] = [:]
            for name in ["enterprise", "uscc", "content", "contact_name", "contact_phone"] {
                typed[name] = (form.text(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let photos = form.parts.filter { $0.name == "photos" && !$0.data.isEmpty }.map { ($0.fileName ?? "照片", $0.data) }
            let uscc = typed["uscc"].flatMap { $0.isEmpty ? nil : $0 }
            do {
                let receipt = try await env.workflow.submitTip(
                    .init(uscc: uscc, enterpriseText: typed["enterprise"] ?? "", content: typed["content"] ?? "",
                          contactName: typed["contact_name"] ?? "", contactPhone: typed["contact_phone"] ?? "",
                          photos: photos.map { (fileName: $0.0, data: $0.1) }),
                    clientAddress: env.loginLimiter.clientAddress(request, context))
                return env.views.page("tip-receipt", title: "举报已受理", context: context, data: ["receipt": receipt])
            } catch let error as StoreError where !error.isNotFound {
                return formPage(env, context, problem: error.description, typed: typed, status: .badRequest)
            } catch let limited as TipStore.RateLimited {
                return formPage(env, context, problem: limited.description, typed: typed, status: .tooManyRequests)
            }
        }

        routes.publicGet("/tips/status") { request, context in
            let typed = (request.uri.queryParameters.get("code") ?? "").trimmingCharacters(in: .whitespaces)
            var data: [String: Any] = ["code": String(typed.prefix(40)), "asked": !typed.isEmpty]
            if !typed.isEmpty {
                if let status = try await env.workflow.tipStatus(receipt: String(typed.prefix(40))) {
                    data["found"] = true
                    data["receipt"] = status.receipt
                    data["state"] = status.state.publicLabel
                    data["done"] = !status.state.isOpen
                    data["submitted"] = DisplayDate.format(status.submittedAt)
                    data["updated"] = DisplayDate.format(status.updatedAt)
                    data["steps"] = [("已受理", true), ("已转办", status.state != .received), ("已办结", !status.state.isOpen)].map {
                        ["label": $0.0, "reached": $0.1] as [String: Any]
                    }
                } else {
                    data["notFound"] = true
                }
            }
            var response = env.views.page("tip-status", title: "举报进度查询", context: context, data: data)
            // A tip's status changes as it is handled: never from a cache, unlike the other public pages.
            response.headers[.cacheControl] = "no-store"
            response.headers[.vary] = nil
            return response
        }

        routes.get("/tips/manage", .managers) { request, context in
            let state = request.uri.queryParameters.get("state").flatMap(TipState.init(rawValue:))
            let page = try pageNumber(request)
            let found = try await env.workflow.tips(state: state, page: page, for: context.principal)
            let names = try await env.workflow.departmentNames()
            let counts = try await env.workflow.tipCounts(for: context.principal)
            let statsRows = counts.keys.sorted().map { department in
                ["department": department.isEmpty ? "未分办" : names[department] ?? department,
                 "cells": TipState.allCases.map { counts[department]?[$0] ?? 0 },
                 "total": counts[department]?.values.reduce(0, +) ?? 0] as [String: Any]
            }
            return env.views.page("tips", title: "举报线索", context: context, data: [
                "tips": found.tips.map { tip in [
                    "id": tip.id, "receipt": tip.receipt, "enterprise": tip.enterpriseText, "state": tip.state.label,
                    "open": tip.state.isOpen, "department": tip.department.map { names[$0] ?? $0 } ?? "—",
                    "when": DisplayDate.format(tip.createdAt), "summary": String(tip.content.prefix(60)),
                ] as [String: Any] },
                "empty": found.tips.isEmpty, "isOffice": context.principal.role == .officeAdmin,
                "filters": ([("", "全部")] + TipState.allCases.map { ($0.rawValue, $0.label) }).map { code, label in
                    ["href": code.isEmpty ? "/tips/manage" : "/tips/manage?state=\(code)", "label": label, "current": (state?.rawValue ?? "") == code]
                        as [String: Any]
                },
                "stateLabels": TipState.allCases.map(\.label), "stats": statsRows, "hasStats": !statsRows.isEmpty,
                "pagination": pagination(page: page, perPage: 30, total: found.total,
                                         base: "/tips/manage" + (state.map { "?state=\($0.rawValue)" } ?? "")),
            ])
        }

        routes.get("/tips/manage/{tid}", .managers) { request, context in
            let done = request.uri.queryParameters.get("done").flatMap { doneMessages[$0] }
            return try await detailPage(env, context, id: try tipID(context), notice: done)
        }

        routes.get("/tips/manage/{tid}/photos/{pid}", .managers) { _, context in
            guard let photo = UUID(uuidString: try context.parameters.require("pid")) else { throw HTTPError(.notFound) }
            let found = try await env.workflow.tipPhoto(try tipID(context), photo: photo, for: context.principal)
            return StoredFileDownload.response(fileName: found.photo.fileName, contentType: found.photo.contentType, data: found.data,
                                               fallbackStem: "tip-photo")
        }

        routes.post("/tips/manage/{tid}/route", .office) { request, context in
            let id = try tipID(context)
            let fields = try await FormFields.read(request, context: context)
            let department = fields.text("department")
            guard !department.isEmpty else { return try await detailPage(env, context, id: id, problem: "请选择承办部门", status: .badRequest) }
            return try await act(env, context, id: id, done: "routed") {
                try await env.workflow.routeTip(id, to: DepartmentCode(rawValue: department), by: context.principal)
            }
        }

        routes.post("/tips/manage/{tid}/reject", .office) { request, context in
            let id = try tipID(context)
            let fields = try await FormFields.read(request, context: context)
            return try await act(env, context, id: id, done: "rejected", typed: ["reason": fields.text("reason")]) {
                try await env.workflow.rejectTip(id, reason: fields.text("reason"), by: context.principal)
            }
        }

        routes.post("/tips/manage/{tid}/notes", .managers) { request, context in
            let id = try tipID(context)
            let fields = try await FormFields.read(request, context: context)
            return try await act(env, context, id: id, done: "noted", typed: ["note": fields.text("note")]) {
                try await env.workflow.addTipNote(id, note: fields.text("note"), by: context.principal)
            }
        }

        routes.post("/tips/manage/{tid}/close", .departmentStep) { request, context in
            let id = try tipID(context)
            let fields = try await FormFields.read(request, context: context)
            let typed = ["result": fields.text("result"), "task": fields.text("task"), "disposition": fields.text("disposition")]
            let disposition = fields.text("disposition")
            guard disposition.isEmpty || Int(disposition) != nil else {
                return try await detailPage(env, context, id: id, problem: "处置编号应为数字", typed: typed, status: .badRequest)
            }
            return try await act(env, context, id: id, done: "closed", typed: typed) {
                try await env.workflow.closeTip(id, result: fields.text("result"), task: typed["task"]!.isEmpty ? nil : TaskReference(typed["task"]!),
                                                dispositionID: Int(disposition), by: context.principal)
            }
        }
    }

    static let doneMessages = [
        "routed": "已转办，承办部门将收到消息。", "rejected": "已作不予受理处理。", "noted": "已记录。", "closed": "已办结，举报人可凭回执号查到“已办结”。",
    ]

    static func tipID(_ context: SignedInContext) throws -> Int {
        guard let id = Int(try context.parameters.require("tid")), id > 0 else { throw HTTPError(.notFound, message: "线索不存在") }
        return id
    }

    /// Runs a step; a refusal shows the page again with what was typed.
    static func act(_ env: WebEnvironment, _ context: SignedInContext, id: Int, done: String, typed: [String: String] = [:],
                    _ step: () async throws -> Void) async throws -> Response {
        do {
            try await step()
        } catch let error as StoreError where !error.isNotFound {
            return try await detailPage(env, context, id: id, problem: error.description, typed: typed, status: error.isConflict ? .conflict : .badRequest)
        } catch let refusal as AccessRefusal {
            return try await detailPage(env, context, id: id, problem: refusal.description, typed: typed, status: .forbidden)
        }
        return ViewRenderer.redirect("/tips/manage/\(id)?done=\(done)")
    }

    static func formPage(_ env: WebEnvironment, _ context: some PageRequestContext, problem: String? = nil, typed: [String: String] = [:],
                         status: HTTPResponse.Status = .ok) -> Response {
        env.views.page("tip-form", title: "我要举报", context: context, data: [
            "problem": problem ?? "", "hasProblem": problem != nil, "typed": typed,
            "maxContent": TipStore.maxContent, "maxPhotos": TipStore.maxPhotos, "maxPhotoMB": TipStore.maxPhotoSize / 1024 / 1024,
        ], status: status)
    }

    static func detailPage(_ env: WebEnvironment, _ context: SignedInContext, id: Int, notice: String? = nil, problem: String? = nil,
                           typed: [String: String] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let detail = try await env.workflow.tip(id, for: context.principal)
        let tip = detail.tip
        let names = try await env.workflow.departmentNames()
        let people = try await env.workflow.peopleNames(detail.notes.map(\.author))
        let departments = try await env.workflow.workingDepartments()
        return env.views.page("tip", title: "举报线索 \(tip.receipt)", context: context, data: [
            "id": tip.id, "receipt": tip.receipt, "enterprise": tip.enterpriseText, "uscc": tip.uscc ?? "", "hasUSCC": tip.uscc != nil,
            "content": tip.content, "contactName": tip.contactName.isEmpty ? "（未留）" : tip.contactName,
            "contactPhone": tip.contactPhone.isEmpty ? "（未留）" : tip.contactPhone,
            "state": tip.state.label, "publicState": tip.state.publicLabel, "submitted": DisplayDate.format(tip.createdAt),
            "department": tip.department.map { names[$0] ?? $0 } ?? "", "hasDepartment": tip.department != nil,
            "rejectReason": tip.rejectReason ?? "", "hasRejectReason": tip.rejectReason != nil,
            "result": tip.result ?? "", "hasResult": tip.result != nil,
            "linkedTask": tip.linkedTaskID.map { "/tasks/\($0)" } ?? "", "hasLinkedTask": tip.linkedTaskID != nil,
            "linkedDisposition": (tip.linkedTaskID).flatMap { task in tip.linkedDispositionID.map { "/tasks/\(task)/dispositions/\($0)" } } ?? "",
            "hasLinkedDisposition": tip.linkedDispositionID != nil, "dispositionNumber": tip.linkedDispositionID ?? 0,
            "photos": detail.photos.map { ["href": "/tips/manage/\(tip.id)/photos/\($0.id.uuidString)", "name": $0.fileName,
                                           "sha256": $0.sha256, "size": EvidenceStore.megabytes($0.size)] },
            "hasPhotos": !detail.photos.isEmpty,
            "notes": detail.notes.map { ["author": people[$0.author] ?? $0.author, "note": $0.note, "when": DisplayDate.format($0.createdAt)] },
            "hasNotes": !detail.notes.isEmpty,
            "mayTriage": detail.mayTriage, "mayHandle": detail.mayHandle, "mayNote": tip.state.isOpen,
            "departments": departments.map { ["code": $0.code, "name": $0.name] },
            "notice": notice ?? "", "hasNotice": notice != nil, "problem": problem ?? "", "hasProblem": problem != nil, "typed": typed,
        ], status: status)
    }
}
