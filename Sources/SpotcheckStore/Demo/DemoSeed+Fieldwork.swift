import FluentKit
import Foundation
import SpotcheckCore

/// The demo's field work around the Qinghe task (issue 16): agreed visits for the matched
/// enterprises — each in the first half-day none of its officers is elsewhere, so the demo holds
/// no clash — with one left waiting for the cooperating departments, one clashing proposal that
/// was refused (it stays in the audit log), and the 工作总结 of three of the four departments
/// (消防救援大队 has not submitted).
extension DemoSeed {
    static func seedFieldwork(on tx: any Database) async throws {
        let task = try await TaskStore(db: tx).require(qingheDocumentNumber)
        let visits = VisitStore(db: tx, clock: .fixed(CivilDate("2024-05-31")!))
        let calendar = WorkingDayCalendar.standard
        var slots: [(CivilDate, VisitHalfDay)] = []
        var day = CivilDate("2024-06-03")!
        while slots.count < 80 {
            if calendar.isWorkingDay(day) { slots += [(day, .morning), (day, .afternoon)] }
            day = CivilDate(dayNumber: day.dayNumber + 1)
        }
        var busy: [Int: Set<String>] = [:]
        var booked: [(uscc: String, slot: Int, officers: Set<String>)] = []
        let forms = try await TaskStore(db: tx).forms(taskID: task.id)
        let pending = forms.last { $0.teams.count > 1 }?.uscc
        for form in forms {
            let officers = Set(form.teams.flatMap { $0.members.filter { !$0.isExpert }.map(\.code) })
            guard let slot = slots.indices.first(where: { busy[$0, default: []].isDisjoint(with: officers) }),
                  let lead = form.teams.first(where: \.isLead) ?? form.teams.first else { continue }
            busy[slot, default: []].formUnion(officers)
            booked.append((form.uscc, slot, officers))
            let (date, half) = slots[slot]
            func head(_ team: InspectionFormSummary.Team) -> AuditLog.Actor {
                AuditLog.Actor(team.members.first.map { "inspector:\($0.code)" } ?? "\(team.department)-admin")
            }
            let visit = try await visits.propose(
                taskID: task.id, uscc: form.uscc, department: lead.department,
                .init(date: date, halfDay: half, time: half == .morning ? "09:00" : "14:30", place: "企业正门",
                      note: "请企业安排熟悉情况的负责人在场，备齐一企一表所列材料"),
                actor: head(lead))
            guard form.uscc != pending else { continue }
            for team in form.teams where team.department != lead.department {
                try await visits.accept(visitID: visit.id, department: team.department, actor: head(team))
            }
        }

        // The pending enterprise's lead once asked for a half-day when one of its officers was
        // already booked elsewhere; the store refused it and recorded the refusal.
        if let pending, let mine = booked.first(where: { $0.uscc == pending }),
           let other = booked.first(where: { $0.uscc != pending && $0.slot != mine.slot && !$0.officers.isDisjoint(with: mine.officers) }),
           let lead = forms.first(where: { $0.uscc == pending })?.teams.first(where: \.isLead) {
            let (date, half) = slots[other.slot]
            do {
                try await visits.propose(taskID: task.id, uscc: pending, department: lead.department,
                                         .init(date: date, halfDay: half, place: "企业正门"),
                                         actor: AuditLog.Actor(lead.members.first.map { "inspector:\($0.code)" } ?? "\(lead.department)-admin"))
            } catch is any VisitRefusal {}
        }

        let summaries = SummaryStore(db: tx, clock: .fixed(CivilDate("2024-08-05")!))
        for (department, content) in fieldworkSummaries {
            try await summaries.save(taskID: task.id, department: department, content, actor: AuditLog.Actor("\(department)-admin"))
            try await summaries.submit(taskID: task.id, department: department, actor: AuditLog.Actor("\(department)-admin"))
        }
    }

    static let fieldworkSummaries: [(String, SummaryStore.Content)] = [
        ("yjj", .init(experience: "牵头部门提前一周与配合部门逐户约定检查时间，联合检查组一次进门、分项检查，企业反映“进一次门、查多项事”，现场检查时间平均缩短约一半。",
                      problems: "个别企业安全生产台账记录不连续，隐患排查治理闭环不完整；少数企业重大危险源评估报告未按期更新。",
                      suggestions: "建议下一年度将工贸行业粉尘涉爆企业纳入联合抽查范围，并在抽查前组织一次企业自查培训。")),
        ("scjg", .init(experience: "登记事项与公示信息核查与联合检查同步进行，现场比对营业执照与年报信息，当场告知企业更正渠道。",
                       problems: "部分企业年报公示的从业人数、联系电话与实际不符；个别企业经营场所已变更但未办理变更登记。",
                       suggestions: "建议将企业年报填报指导纳入检查后的行政指导内容，并与税务数据比对后再确定下一年度重点。")),
        ("swj", .init(experience: "成品油零售企业检查与消防安全检查同一时段进行，减少企业重复接待。",
                      problems: "个别加油站进销存台账与油罐液位记录未逐日核对。",
                      suggestions: "建议推广电子台账，与液位仪数据自动比对。")),
    ]
}
