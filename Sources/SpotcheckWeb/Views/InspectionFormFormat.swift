import Foundation
import SpotcheckCore
import SpotcheckImport
import SpotcheckStore

/// 一企一表 and 分组情况 turned into the flat dictionaries the templates read, and the group
/// report's XLSX.
enum InspectionFormFormat {
    /// What the inspector ticks per item until the result categories become an office setting
    /// (the online results of the next issue); the national publicity categories, shortened.
    static let itemResults = ["未发现问题", "发现问题待后续处理", "发现问题经责令已改正", "未发现开展本次抽查涉及的经营活动"]

    /// The overall conclusion: the national publicity categories (domain.md).
    static let overallResults = [
        "未发现问题", "发现问题待后续处理", "发现问题经责令已改正", "未发现开展本次抽查涉及的经营活动",
        "已关闭停业或正在组织清算", "不配合检查情节严重", "通过登记的住所（经营场所）无法联系",
    ]

    /// Methods an item allows; an item without any listed gets the five of product.md.
    static let defaultMethods = ["书面检查", "实地核查", "信息比对", "引用其他部门检查结果或专业机构结论", "委托专业机构辅助"]

    static func teamLabel(_ index: Int?) -> String { index.map { "第 \($0 + 1) 组" } ?? "" }

    static func form(_ form: InspectionForm) -> [String: Any] {
        var number = 0
        let departments: [[String: Any]] = form.departments.map { part in
            let items: [[String: Any]] = part.items.map { item in
                number += 1
                return [
                    "number": number, "code": item.code, "name": item.name, "subItems": item.subItems,
                    "hasSubItems": !item.subItems.isEmpty, "legalBasis": item.legalBasis, "subject": item.subject,
                    "methods": item.methods.isEmpty ? defaultMethods : item.methods.map(\.label), "results": itemResults,
                ]
            }
            return [
                "department": part.department, "departmentName": part.departmentName, "isLead": part.isLead,
                "teamLabel": teamLabel(part.teamIndex), "hasTeam": part.teamIndex != nil, "items": items, "hasItems": !items.isEmpty,
                "materials": part.materials, "hasMaterials": !part.materials.isEmpty,
            ]
        }
        let leads = Set(form.departments.filter(\.isLead).map(\.department))
        let team: [[String: Any]] = form.team.enumerated().map { index, member in
            [
                "departmentName": member.departmentName, "isLead": leads.contains(member.department), "name": member.name,
                "code": member.code, "mobile": member.mobile,
                "duty": index == 0 ? "检查组组长" : member.isExpert ? Self.expertDuty : member.isTeamHead ? "本部门负责人" : "组员",
            ]
        }
        let e = form.enterprise
        return [
            "taskID": form.taskID, "url": TaskFormat.links(form.taskID, department: nil), "documentNumber": form.documentNumber, "title": form.title,
            "periodStart": form.periodStart.chineseText, "periodEnd": form.periodEnd.chineseText,
            "enterprise": [
                "name": e.name, "uscc": e.uscc, "legalRepresentative": e.legalRepresentative, "address": e.address,
                "phone": e.phone, "riskClass": e.riskClass, "tags": e.tags.map(\.rawValue).joined(separator: "、"),
            ],
            "departments": departments, "team": team, "overallResults": overallResults,
            "copies": form.departments.count + 1,
        ]
    }

    static func summary(_ s: InspectionFormSummary, taskID: Int, number: Int) -> [String: Any] {
        [
            "taskID": taskID, "formURL": SiteURL.task(taskID, .form(enterprise: .init(s.uscc))).path, "number": number, "uscc": s.uscc, "name": s.name, "riskClass": s.riskClass,
            "replacement": s.origin == .replacement,
            "teams": s.teams.map { team -> [String: Any] in
                ["departmentName": team.departmentName, "isLead": team.isLead, "teamNumber": team.teamIndex + 1,
                 "memberNames": team.members.map(\.name).joined(separator: "、")]
            },
        ]
    }

    static func assignment(_ a: InspectorAssignment, departmentNames: [String: String]) -> [String: Any] {
        [
            "taskID": a.taskID, "formURL": SiteURL.task(a.taskID, .form(enterprise: .init(a.uscc))).path, "documentNumber": a.documentNumber, "title": a.title, "state": a.state.label,
            "periodStart": a.periodStart.chineseText, "periodEnd": a.periodEnd.chineseText, "uscc": a.uscc,
            "enterpriseName": a.enterpriseName, "address": a.address,
            "departmentName": departmentNames[a.department] ?? a.department, "teamNumber": a.teamIndex + 1,
            "isLeadDepartment": a.isLeadDepartment,
        ]
    }

    static func groupReport(_ report: GroupReport) -> [String: Any] {
        let rows: [[String: Any]] = report.rows.enumerated().map { index, row in
            let members = row.members.isEmpty
                ? [InspectionForm.Member(code: "", name: "（未分配）", department: report.department,
                                         departmentName: report.departmentName, mobile: "", isTeamHead: false)]
                : row.members
            return [
                "members": members.enumerated().map { position, member -> [String: Any] in
                    [
                        "first": position == 0, "span": members.count, "number": index + 1, "teamNumber": row.teamIndex + 1,
                        "enterpriseName": row.name, "uscc": row.uscc, "name": member.name, "code": member.code,
                        "mobile": member.mobile, "isTeamHead": member.isTeamHead, "isExpert": member.isExpert,
                    ]
                },
            ]
        }
        return [
            "taskID": report.taskID, "url": TaskFormat.links(report.taskID, department: report.department), "documentNumber": report.documentNumber, "title": report.title,
            "department": report.department, "departmentName": report.departmentName, "isLead": report.isLead,
            "submittedAt": report.submittedAt.map(DisplayDate.format) ?? "", "submitted": report.submittedAt != nil, "rows": rows, "hasRows": !rows.isEmpty,
            "teamCount": report.teamCount, "enterpriseCount": report.rows.count,
        ]
    }

    /// How an expert on a team is labelled wherever the team is listed.
    static let expertDuty = "专家（不计入执法人员）"

    static let groupHeader = ["序号", "检查组", "企业名称", "统一社会信用代码", "住所（经营场所）", "检查人员", "执法证号", "手机号码", "职责"]

    /// The group report as one sheet: one row per inspector, the enterprise's cells merged over
    /// its team so the sheet reads like the page and still sorts and filters in Excel.
    static func groupReportXLSX(_ report: GroupReport) throws -> Data {
        var rows: [[XLSXCell]] = [
            [.text("\(report.documentNumber) \(report.departmentName)分组情况")] + Array(repeating: .empty, count: groupHeader.count - 1),
            groupHeader.map(XLSXCell.text),
        ]
        var merges = ["A1:\(column(groupHeader.count - 1))1"]
        for (index, row) in report.rows.enumerated() {
            let members = row.members.isEmpty
                ? [InspectionForm.Member(code: "", name: "（未分配）", department: report.department, departmentName: "", mobile: "", isTeamHead: false)]
                : row.members
            let first = rows.count + 1
            for member in members {
                rows.append([
                    .number(Double(index + 1)), .text("第 \(row.teamIndex + 1) 组"), .text(row.name), .text(row.uscc), .text(row.address),
                    .text(member.name), .text(member.code), .text(member.mobile), .text(member.isExpert ? expertDuty : member.isTeamHead ? "组长" : "组员"),
                ])
            }
            let last = rows.count
            if last > first {
                for col in 0..<5 { merges.append("\(column(col))\(first):\(column(col))\(last)") }
            }
        }
        let widths: [Int: Double] = [0: 6, 1: 10, 2: 32, 3: 22, 4: 36, 5: 10, 6: 16, 7: 14, 8: 8]
        let sheet = XLSXSheet(name: "分组情况", rows: rows, headerRows: 2, merges: merges, columnWidths: widths)
        return try XLSXWriter.data(sheets: [sheet])
    }

    /// Spreadsheet column letters for 0-based indexes below 26.
    static func column(_ index: Int) -> String { String(UnicodeScalar(UInt8(65 + index))) }
}
