import Foundation
import Hummingbird
import SpotcheckCore
import SpotcheckStore
import SpotcheckWorkflow

/// The audit log for the office and auditors: newest events first, and a chain check on demand.
enum AuditController {
    static func register(_ routes: SecuredRoutes, _ env: WebEnvironment) {
        routes.get("/audit", .oversight) { request, context in
            let principal = context.principal
            let page = try pageNumber(request)
            let entity = request.uri.queryParameters.get("entity")
            let (events, total) = try await env.workflow.auditEvents(entity: entity, page: page, perPage: 50, for: principal)
            let people = try await env.workflow.peopleNames(AuditWording.accounts(in: events.map { ($0.actor, $0.beforeJSON, $0.afterJSON) }))
            var data: [String: Any] = [
                "events": events.map { event -> [String: Any] in
                    ["seq": event.id ?? 0, "at": AuditWording.time(event.occurredAt), "actor": people[event.actor] ?? event.actor, "actorAccount": event.actor,
                     "action": AuditWording.action(event.action), "entity": AuditWording.entity(event.entity), "entityID": event.entityID,
                     "before": AuditWording.fields(event.beforeJSON, people: people), "after": AuditWording.fields(event.afterJSON, people: people),
                     "hash": String(event.hash.prefix(12))]
                },
                "empty": events.isEmpty,
                "pagination": pagination(page: page, perPage: 50, total: total, base: "/audit" + (entity.map { "?entity=\($0)" } ?? "")),
            ]
            if request.uri.queryParameters.get("verify") == "1" {
                let report = try await env.workflow.verifyAuditChain(for: principal)
                data["verified"] = true
                data["intact"] = report.isIntact
                data["checked"] = report.checked
                data["breakMessage"] = report.firstBreak?.description ?? ""
            }
            return env.views.page("audit", title: "审计日志", context: context, data: data)
        }
    }
}
