import Foundation
import OpenAPIRuntime
import SpotcheckCore
import SpotcheckStore

// Store models to the API's schema types (the tasks part of openapi.yaml).

extension Components.Schemas.TaskPlan {
    init(_ plan: TaskPlan) {
        self.init(
            documentNumber: plan.documentNumber, title: plan.title, periodStart: plan.periodStart.description,
            periodEnd: plan.periodEnd.description, leadDepartment: plan.leadDepartment,
            departments: plan.departments.map {
                .init(department: $0.department, itemCodes: $0.itemCodes, inspectorCount: $0.inspectorCount, materials: $0.materials)
            },
            scope: .init(tags: plan.scope.tags.map(\.rawValue), regionPrefix: plan.scope.regionPrefix,
                         excludeInspectedWithinMonths: plan.scope.excludeInspectedWithinMonths),
            ratios: .init(a: plan.ratios[.a], b: plan.ratios[.b], c: plan.ratios[.c], d: plan.ratios[.d]),
            ratioOverrideReason: plan.ratioOverrideReason, teamSize: plan.teamSize, entropySource: plan.entropySource)
    }
}

extension Components.Schemas.Task {
    init(_ task: TaskInfo) {
        self.init(
            id: task.id, documentNumber: task.documentNumber, title: task.title,
            state: Components.Schemas.TaskState(rawValue: task.state.rawValue)!, stateLabel: task.state.label, plan: .init(task.plan),
            commitment: task.commitment, freeze: task.freeze.map(Components.Schemas.TaskFreeze.init), entropy: task.entropy,
            secretRevealed: task.revealsSecret, cancelReason: task.cancelReason, createdBy: task.createdBy, createdAt: task.createdAt,
            publishedAt: task.publishedAt, drawnAt: task.drawnAt, matchedAt: task.matchedAt)
    }
}

extension Components.Schemas.TaskFreeze {
    init(_ freeze: TaskFreeze) {
        self.init(
            strata: freeze.strata.map { .init(stratum: $0.stratum, ratioBasisPoints: $0.ratioBasisPoints, n: $0.n, k: $0.k, digest: $0.digest) },
            inspectors: freeze.inspectors.map { .init(departmentCode: $0.dept, n: $0.n, k: $0.k, digest: $0.digest) },
            conflictsDigest: freeze.conflictsDigest, conflictsCount: freeze.conflictsCount,
            objectsSha256: freeze.fileDigests[TaskSnapshotKind.objects.fileName] ?? "",
            inspectorsSha256: freeze.fileDigests[TaskSnapshotKind.inspectors.fileName] ?? "",
            conflictsSha256: freeze.fileDigests[TaskSnapshotKind.conflicts.fileName] ?? "",
            publishedOn: freeze.publishedOn.description, candidateCount: freeze.candidateCount, quotaCount: freeze.quotaCount,
            overallBasisPoints: freeze.overallBasisPoints)
    }
}

extension Components.Schemas.Dispatch {
    init(_ d: TaskStore.Dispatch, today: CivilDate) {
        self.init(
            uscc: d.uscc, name: d.name, stratum: d.stratum, origin: d.origin == .replacement ? .replacement : .selected,
            originLabel: d.originLabel, seq: d.seq, active: d.active, departments: d.departments,
            dispatchedOn: d.dispatchedOn.description, confirmBy: d.confirmBy.description,
            decision: d.decision.flatMap { DecisionPayload(rawValue: $0.rawValue) }, reason: d.reason, rejectedReason: d.rejectedReason,
            overdue: d.isOverdue(today: today))
    }
}

extension Components.Schemas.DrawnInspector {
    init(_ i: TaskStore.DrawnInspector) {
        self.init(
            code: i.code, departmentCode: i.department, name: i.name, mobile: i.mobile,
            origin: i.origin == .replacement ? .replacement : .selected, originLabel: i.originLabel, seq: i.seq, active: i.active,
            rejectedReason: i.rejectedReason)
    }
}

extension Components.Schemas.DrawRecord {
    init(_ r: DrawRecord) {
        self.init(
            _protocol: r.protocol, commitment: r.commitment, secret: r.secret, entropy: r.entropy, seed: r.seed,
            conflictsDigest: r.conflictsDigest,
            objects: r.objects.map {
                .init(stratum: $0.stratum, ratioBp: $0.ratioBasisPoints, n: $0.n, k: $0.k, digest: $0.digest, selected: $0.selected,
                      rejected: $0.rejected, replacements: $0.replacements)
            },
            inspectors: r.inspectors.map {
                .init(dept: $0.dept, n: $0.n, k: $0.k, digest: $0.digest, selected: $0.selected, rejected: $0.rejected,
                      replacements: $0.replacements)
            },
            teams: r.teams.map {
                .init(dept: $0.dept, teamSize: $0.teamSize, teams: $0.teams,
                      assignments: $0.assignments.map { [.case1($0.enterprise), .case2($0.team)] })
            })
    }
}

extension Components.Schemas.TeamMember {
    init(_ m: InspectionForm.Member) {
        self.init(code: m.code, name: m.name, departmentCode: m.department, departmentName: m.departmentName, mobile: m.mobile,
                  isTeamHead: m.isTeamHead, isExpert: m.isExpert)
    }
}

extension Components.Schemas.InspectionForm {
    init(_ f: InspectionForm) {
        let e = f.enterprise
        self.init(
            taskId: f.taskID, documentNumber: f.documentNumber, title: f.title, periodStart: f.periodStart.description,
            periodEnd: f.periodEnd.description, state: Components.Schemas.TaskState(rawValue: f.state.rawValue)!, stateLabel: f.state.label,
            enterprise: .init(uscc: e.uscc, name: e.name, legalRepresentative: e.legalRepresentative, address: e.address, phone: e.phone,
                              regionCode: e.regionCode, industry: e.industry, riskClass: e.riskClass, tags: e.tags.map(\.rawValue)),
            departments: f.departments.map { part in
                .init(departmentCode: part.department, departmentName: part.departmentName, isLead: part.isLead, teamIndex: part.teamIndex,
                      items: part.items.map {
                          .init(code: $0.code, name: $0.name, subItems: $0.subItems, legalBasis: $0.legalBasis, subject: $0.subject,
                                methods: $0.methods.map(Components.Schemas.InspectionMethod.init))
                      },
                      materials: part.materials, team: part.team.map(Components.Schemas.TeamMember.init))
            })
    }
}

extension Components.Schemas.GroupReport {
    init(_ g: GroupReport) {
        self.init(
            taskId: g.taskID, documentNumber: g.documentNumber, title: g.title, departmentCode: g.department,
            departmentName: g.departmentName, isLead: g.isLead, submittedAt: g.submittedAt, teamCount: g.teamCount,
            rows: g.rows.map {
                .init(uscc: $0.uscc, name: $0.name, address: $0.address, teamIndex: $0.teamIndex,
                      members: $0.members.map(Components.Schemas.TeamMember.init))
            })
    }
}
