import FluentKit
import Foundation
import SQLKit
import SpotcheckCore

/// Field results of the demo task, so the statistics table and the public results are
/// populated: most forms submitted and published, some problems with dispositions of every
/// kind, some on-site answers, one refusal to sign, two results left unpublished past their
/// 20-working-day deadline, and a few forms not yet entered.
extension DemoSeed {
    static func seedResults(on tx: any Database) async throws {
        let tasks = TaskStore(db: tx)
        let task = try await tasks.require(qingheDocumentNumber)
        let results = ResultStore(db: tx)
        let dispositions = DispositionStore(db: tx)
        let calendar = WorkingDayCalendar.standard
        let rows = try await (tx as! any SQLDatabase).select().columns("uscc", "department_code").from("task_assignments")
            .where("task_id", .equal, task.id).orderBy("uscc").orderBy("department_code").all()
        let assignments = try rows.map { (try $0.decode(column: "uscc", as: String.self), try $0.decode(column: "department_code", as: String.self)) }
        var forms: [String: InspectionForm] = [:]
        var refusalDone = false, transferDone = false, judicialDone = false, caseDone = false, abnormalDone = false
        var unpublished = 0
        for (index, (uscc, dept)) in assignments.enumerated() {
            if index % 9 == 8 { continue }  // not inspected yet
            let form: InspectionForm
            if let known = forms[uscc] {
                form = known
            } else {
                form = try await tasks.form(taskID: task.id, uscc: uscc)
                forms[uscc] = form
            }
            guard let part = form.departments.first(where: { $0.department == dept }), !part.items.isEmpty else { continue }
            let inspector = AuditLog.Actor(part.team.first.map { "inspector:\($0.code)" } ?? "\(dept)-01")
            let admin = AuditLog.Actor("\(dept)-admin")
            let date = calendar.addWorkingDays(index % 28, to: CivilDate("2024-06-03")!)
            let problems = index % 5 == 0 ? min(2, part.items.count) : index % 5 == 1 ? 1 : 0
            let items = part.items.enumerated().map { offset, item in
                ResultInput.Item(itemCode: item.code, methods: Array(item.methods.prefix(2)),
                                 finding: offset < problems ? Self.findings[(index + offset) % Self.findings.count] : "未发现问题",
                                 problem: offset < problems,
                                 problemKind: offset < problems ? ProblemKind.ownRules.rawValue : "")
            }
            let refuse = !refusalDone && problems == 2 && dept == "xf"
            refusalDone = refusalDone || refuse
            let input = ResultInput(
                inspectionDate: date, category: problems == 0 ? .noProblem : problems == 1 ? .correctedAfterOrder : .pendingFollowUp,
                items: items, onsiteAnswer: index % 3 == 0, onsiteNote: index % 3 == 0 ? Self.answers[index % Self.answers.count] : "",
                signatureRefused: refuse,
                refusalNote: refuse ? "企业负责人以“需请示总公司”为由拒绝签字，检查组现场录像，见证人：坝营镇安监站工作人员李华" : "")
            if index % 13 == 12 {
                try await results.saveDraft(taskID: task.id, uscc: uscc, department: dept, input: input, actor: inspector)
                continue
            }
            try await results.submit(taskID: task.id, uscc: uscc, department: dept, input: input, actor: inspector)
            if unpublished < 2 && index % 7 == 3 {
                unpublished += 1  // submitted, never approved: overdue for publication
            } else {
                try await results.approve(taskID: task.id, uscc: uscc, department: dept, actor: admin)
            }
            guard problems > 0 else { continue }
            let decided = calendar.addWorkingDays(2, to: date)
            // The first finding of each department also gets that department's heavier measure,
            // so every kind of disposition appears once in the demo.
            if dept == "scjg" && !abnormalDone {
                abnormalDone = true
                try await dispositions.add(taskID: task.id, uscc: uscc, department: dept, kind: .abnormalList,
                                           reason: "通过登记的住所无法联系，拟列入经营异常名录", decidedOn: decided, actor: admin)
            } else if dept == "yjj" && !caseDone {
                caseDone = true
                try await dispositions.add(taskID: task.id, uscc: uscc, department: dept, kind: .caseInvestigation, form: "局领导小组 → 执法大队",
                                           reason: "未按规定对重大危险源进行辨识、登记建档，涉嫌违反《安全生产法》第一百零一条", decidedOn: decided, actor: admin)
            } else if dept == "swj" && !transferDone {
                transferDone = true
                try await dispositions.add(taskID: task.id, uscc: uscc, department: dept, kind: .transferDepartment, targetDepartment: "scjg",
                                           reason: "加油机计量检定标志过期，属市场监管部门职责", decidedOn: decided, actor: admin)
            } else if dept == "xf" && !judicialDone {
                judicialDone = true
                try await dispositions.add(taskID: task.id, uscc: uscc, department: dept, kind: .transferJudicial,
                                           reason: "擅自停用消防设施、堵塞安全出口，经责令拒不改正，涉嫌消防责任事故隐患", decidedOn: decided, actor: admin)
            }
            if problems == 1 {
                try await dispositions.add(taskID: task.id, uscc: uscc, department: dept, kind: .guidance,
                                           form: DispositionKind.guidanceForms[index % 3], reason: "问题轻微，现场已督促改正",
                                           decidedOn: decided, actor: admin)
                continue
            }
            let id = try await dispositions.add(taskID: task.id, uscc: uscc, department: dept, kind: .orderCorrection,
                                                reason: "责令于10个工作日内完成整改并书面报告", decidedOn: decided,
                                                dueOn: calendar.addWorkingDays(10, to: decided), actor: admin)
            if index % 2 == 0 {
                try await dispositions.update(id: id, department: dept, status: .closed, note: "复查确认已整改到位",
                                              closedOn: calendar.addWorkingDays(12, to: decided), actor: admin)
            }
        }
    }

    static let findings = [
        "危险化学品仓库未设置明显的安全警示标志",
        "安全生产教育培训档案记录不全",
        "年度报告中从业人数与实际不符",
        "消防控制室值班人员未持证上岗",
        "加油机未按期检定",
        "应急预案未按规定备案",
    ]

    static let answers = [
        "解答了企业关于重大危险源辨识标准的咨询",
        "现场讲解年度报告填报要求",
        "指导企业完善消防设施维护保养记录",
    ]
}
